import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { ALERT_RULE_PREFIX } from '../policy/alert-policies';
import { boundedName, EVENT_RULE_NAME } from '../policy/names';
import { stableId } from './stable-id';
import { literalStrings } from './terraform-literal';

/** Another region where the role's AssumeRole is watched, and how its events reach the topic's region. */
export interface AlertForwarding {
  readonly region: string;
  /** The provider of that region (same account). */
  readonly provider: TerraformProvider;
  /** The default event bus of the topic's region. */
  readonly homeBusArn: string;
  /** The role EventBridge puts events on that bus with. */
  readonly roleArn: string;
}

export interface AssumeAlertProps {
  readonly roleName: string;
  readonly roleArn: string;
  /** SNS topic the alert is published to. */
  readonly topicArn: string;
  /** Other regions to watch: each forwards the event to the topic's region, where this rule publishes it. */
  readonly forwardFrom?: readonly AlertForwarding[];
}

/**
 * An EventBridge rule on the role's AssumeRole CloudTrail event, feeding an SNS topic: for
 * break-glass roles, every use is announced. STS records AssumeRole in the region of the endpoint
 * called (the global endpoint's in us-east-1), so the same rule watches every other region listed,
 * forwarding to the topic's region's default event bus, where this rule matches it again. Needs a
 * CloudTrail trail that records management events in each of those regions.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-region.html
 */
export class AssumeAlert extends Construct {
  constructor(scope: Construct, id: string, props: AssumeAlertProps) {
    super(scope, id);
    const rule = (construct: string, provider?: TerraformProvider) =>
      new CloudwatchEventRule(this, construct, literalStrings({
        name: boundedName(ALERT_RULE_PREFIX, props.roleName, EVENT_RULE_NAME.maxLength, EVENT_RULE_NAME.allowed),
        description: `Someone assumed ${props.roleArn}`,
        eventPattern: assumeEventPattern(props.roleArn),
        provider,
      }));
    const home = stableId(rule('rule'), 'alert', props.roleName);
    stableId(new CloudwatchEventTarget(this, 'target', literalStrings({ rule: home.name, arn: props.topicArn })), 'alert', props.roleName, 'target');
    for (const f of props.forwardFrom ?? []) {
      const there = stableId(rule(`rule-${f.region}`, f.provider), 'alert', props.roleName, f.region);
      stableId(
        new CloudwatchEventTarget(this, `target-${f.region}`, literalStrings({ rule: there.name, arn: f.homeBusArn, roleArn: f.roleArn, provider: f.provider })),
        'alert',
        props.roleName,
        f.region,
        'target',
      );
    }
  }
}

/** The CloudTrail event of an AssumeRole on `roleArn`, in any region. */
export function assumeEventPattern(roleArn: string): string {
  return JSON.stringify({
    source: ['aws.sts'],
    'detail-type': ['AWS API Call via CloudTrail'],
    detail: { eventSource: ['sts.amazonaws.com'], eventName: ['AssumeRole'], requestParameters: { roleArn: [roleArn] } },
  });
}
