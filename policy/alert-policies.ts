/**
 * The policies of the break-glass alerts: the SNS topic's (EventBridge may publish, for this
 * account's alert rules only), its KMS key's (the account administers it; EventBridge encrypts for
 * this account only), and the role EventBridge uses to forward an AssumeRole event from another
 * region to the topic's region. Each service is limited by `aws:SourceAccount` and `aws:SourceArn`:
 * the confused deputy AWS documents for service principals.
 *
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-region.html
 */
import { PARTITION } from './arn';
import { PolicyDocument } from './document';
import { AccountPrincipal, ServicePrincipal } from './principal';
import { PolicyStatement } from './statement';

export const EVENTBRIDGE = 'events.amazonaws.com';
/** The role, one per account with alerts watched in several regions, that EventBridge forwards their events with. */
export const ALERT_FORWARDER_ROLE = 'cross-account-iam-alert-forwarder';
/** Every alert rule is named with this prefix (see modules/assume-alert.ts). */
export const ALERT_RULE_PREFIX = 'cross-account-iam-assume-';

/** `arn:aws:events:*:<account>:rule/cross-account-iam-assume-*`: this account's alert rules, in any region. */
export function alertRulesArn(accountId: string): string {
  return `arn:${PARTITION}:events:*:${accountId}:rule/${ALERT_RULE_PREFIX}*`;
}

/** `arn:aws:events:<region>:<account>:event-bus/default`. */
export function defaultEventBusArn(region: string, accountId: string): string {
  return `arn:${PARTITION}:events:${region}:${accountId}:event-bus/default`;
}

const fromAlertRules = (accountId: string) => ({ StringEquals: { 'aws:SourceAccount': accountId }, ArnLike: { 'aws:SourceArn': alertRulesArn(accountId) } });

/** The topic's policy: EventBridge publishes for this account's alert rules, and no one else's. */
export function alertTopicPolicy(topicArn: string, accountId: string): PolicyDocument {
  return new PolicyDocument([
    new PolicyStatement({ sid: 'EventBridgePublishes', principals: [new ServicePrincipal(EVENTBRIDGE)], actions: ['sns:Publish'], resources: [topicArn], conditions: fromAlertRules(accountId) }),
  ]);
}

/**
 * The topic's KMS key: the account administers it through its own IAM policies (AWS's default key
 * policy statement), and EventBridge may encrypt messages for this account (SNS needs the publisher
 * to be able to use the key). E-mail subscribers need nothing of it.
 */
export function alertKeyPolicy(accountId: string): PolicyDocument {
  return new PolicyDocument([
    new PolicyStatement({ sid: 'AccountAdministers', principals: [new AccountPrincipal(accountId)], actions: ['kms:*'], resources: ['*'] }),
    // aws:SourceAccount only: SNS calls KMS for the publisher, and the rule's ARN is not certain to be the request's source there.
    new PolicyStatement({ sid: 'EventBridgeEncrypts', principals: [new ServicePrincipal(EVENTBRIDGE)], actions: ['kms:Decrypt', 'kms:GenerateDataKey*'], resources: ['*'], conditions: { StringEquals: { 'aws:SourceAccount': accountId } } }),
  ]);
}

/** The trust of the role EventBridge forwards alert events with: EventBridge, for this account's alert rules. */
export function alertForwarderTrust(accountId: string): PolicyDocument {
  return new PolicyDocument([
    new PolicyStatement({ sid: 'EventBridgeForwards', principals: [new ServicePrincipal(EVENTBRIDGE)], actions: ['sts:AssumeRole'], conditions: fromAlertRules(accountId) }),
  ]);
}

/** What the forwarder may do: put events on the topic's region's default bus, nothing else. */
export function alertForwarderPolicy(homeBusArn: string): PolicyDocument {
  return new PolicyDocument([new PolicyStatement({ sid: 'PutOnHomeBus', actions: ['events:PutEvents'], resources: [homeBusArn] })]);
}

