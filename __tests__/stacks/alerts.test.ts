/**
 * Break-glass alerts that cannot be missed or abused: an AssumeRole event of every region the org
 * watches reaches the topic (routed over the synthesized rules and targets, as EventBridge does), the
 * topic is encrypted with a key EventBridge may use for this account only, and only this account's
 * alert rules may publish to it (IAM simulator).
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { ALLOW_ALL_ASSUME, isAllowed, userCaller } from '../helpers/simulator';
import { loadOrgFile, parseOrg } from '../../org/load';
import { FIXTURES, synthOrgFile } from '../helpers/synth';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const ORG = join(FIXTURES, 'guarded.yaml');
const model = loadOrgFile(ORG);
const OUT = synthOrgFile(ORG);
const prod = JSON.parse(readFileSync(join(OUT, 'stacks', 'prod', 'cdk.tf.json'), 'utf8')) as Json;
const account = model.accounts.find((a) => a.key === 'prod')!;
const breakGlass = model.roles.find((r) => r.alertOnAssume && r.accountKeys.includes('prod'))!;
const roleArn = `arn:aws:iam::${account.accountId}:role${breakGlass.path}${breakGlass.name}`;

/** EventBridge's matching for the patterns used here: every field of the pattern, exact values. */
function matches(pattern: Json, event: Json): boolean {
  return Object.entries(pattern).every(([key, want]) => (Array.isArray(want) ? want.includes(event[key]) : event[key] !== undefined && matches(want as Json, event[key] as Json)));
}

/** The region a resource of the stack is in: its provider alias's, or the stack's own. */
const regionOf = (r: Json) => (typeof r.provider === 'string' ? /^aws\.(.+)$/.exec(r.provider)![1] : account.region);
const rules = Object.entries(prod.resource.aws_cloudwatch_event_rule as Record<string, Json>);
const targets = Object.values(prod.resource.aws_cloudwatch_event_target as Record<string, Json>);
const topicArn = '${aws_sns_topic.alerts.arn}';

/** Where an event put on a region's default bus ends: the topic, a bus it is forwarded to, or nowhere. */
function route(event: Json, region: string, hops = 0): string[] {
  if (hops > 2) throw new Error('alert events loop');
  return rules
    .filter(([, rule]) => regionOf(rule) === region && matches(JSON.parse(rule.event_pattern), event))
    .flatMap(([id, rule]) =>
      targets
        .filter((t) => t.rule === `\${aws_cloudwatch_event_rule.${id}.name}` && regionOf(t) === regionOf(rule))
        .flatMap((t) => {
          if (t.arn === topicArn) return [`topic (from ${region})`];
          const bus = /^arn:aws:events:([a-z0-9-]+):(\d{12}):event-bus\/default$/.exec(t.arn);
          if (bus && bus[2] === account.accountId && t.role_arn) return route(event, bus[1], hops + 1);
          return [`elsewhere: ${t.arn}`];
        }),
    );
}

const assumeEvent = (region: string, arn = roleArn) => ({
  source: 'aws.sts',
  'detail-type': 'AWS API Call via CloudTrail',
  region,
  detail: { eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', requestParameters: { roleArn: arn } },
});

describe('break-glass alerts in every region watched', () => {
  test('the regions default to the org file\'s and us-east-1 (STS\'s global endpoint logs there)', () => {
    expect(model.guardrails.alerts.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(account.region).toBe('eu-west-1');
  });

  test.each(['eu-west-1', 'us-east-1'])('an AssumeRole of the break-glass role logged in %s reaches the topic, once', (region) => {
    expect(route(assumeEvent(region), region)).toEqual(['topic (from eu-west-1)']);
  });

  test('and the role cannot be assumed through a region not watched: its trust asks for aws:RequestedRegion', async () => {
    const trust = JSON.parse(prod.resource.aws_iam_role[`role_${breakGlass.name}`].assume_role_policy);
    const assume = (region: string) =>
      isAllowed({
        caller: userCaller(model.identityAccountId, 'oncall'),
        roleArn,
        identityPolicies: [ALLOW_ALL_ASSUME],
        trustPolicy: trust,
        context: { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '10', 'aws:RequestedRegion': region, ...(model.orgId ? { 'aws:PrincipalOrgID': model.orgId } : {}) },
      });
    expect(await assume('us-east-1')).toBe(true);
    expect(await assume('eu-west-1')).toBe(true);
    expect(await assume('ap-south-1')).toBe(false);
  });

  test('another role\'s AssumeRole, or one in a region not watched, raises nothing', () => {
    expect(route(assumeEvent('us-east-1', `arn:aws:iam::${account.accountId}:role/Other`), 'us-east-1')).toEqual([]);
    expect(route(assumeEvent('ap-south-1'), 'ap-south-1')).toEqual([]);
  });

  test('events of other regions are forwarded by a role that may only put events on the topic\'s region\'s bus, for this account\'s alert rules', () => {
    const forwarder = prod.resource.aws_iam_role['role_cross-account-iam-alert-forwarder'];
    expect(JSON.parse(forwarder.assume_role_policy).Statement).toEqual([
      {
        Sid: 'EventBridgeForwards',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:events:*:${account.accountId}:rule/cross-account-iam-assume-*` }, StringEquals: { 'aws:SourceAccount': account.accountId } },
      },
    ]);
    const inline = Object.values(prod.resource.aws_iam_role_policy as Record<string, Json>).find((p) => p.name === 'put-on-home-bus')!;
    expect(JSON.parse(inline.policy).Statement).toEqual([{ Sid: 'PutOnHomeBus', Effect: 'Allow', Action: 'events:PutEvents', Resource: `arn:aws:events:eu-west-1:${account.accountId}:event-bus/default` }]);
  });
});

describe('the alert topic', () => {
  const topic = prod.resource.aws_sns_topic.alerts;
  const key = prod.resource.aws_kms_key.alerts_key;

  test('is encrypted with a customer managed key that rotates, which the account administers and EventBridge may use for this account only', () => {
    expect(topic.kms_master_key_id).toBe('${aws_kms_key.alerts_key.arn}');
    expect(key.enable_key_rotation).toBe(true);
    expect(JSON.parse(key.policy).Statement).toEqual([
      { Sid: 'AccountAdministers', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account.accountId}:root` }, Action: 'kms:*', Resource: '*' },
      { Sid: 'EventBridgeEncrypts', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*', Condition: { StringEquals: { 'aws:SourceAccount': account.accountId } } },
    ]);
  });

  test('only this account\'s alert rules may publish (no confused deputy)', async () => {
    const topicPolicy = JSON.parse(prod.resource.aws_sns_topic_policy.alerts_policy.policy.replace(topicArn, `arn:aws:sns:eu-west-1:${account.accountId}:cross-account-iam-x-alerts`));
    const publish = async (sourceAccount: string, sourceArn: string) => {
      const result = await runSimulation(
        {
          request: {
            principal: 'events.amazonaws.com',
            action: 'sns:Publish',
            resource: { resource: `arn:aws:sns:eu-west-1:${account.accountId}:cross-account-iam-x-alerts`, accountId: account.accountId },
            contextVariables: { 'aws:SourceAccount': sourceAccount, 'aws:SourceArn': sourceArn },
          },
          identityPolicies: [],
          serviceControlPolicies: [],
          resourceControlPolicies: [],
          resourcePolicy: topicPolicy,
        },
        {},
      );
      if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
      return result.overallResult === 'Allowed';
    };
    expect(await publish(account.accountId, `arn:aws:events:us-east-1:${account.accountId}:rule/cross-account-iam-assume-Breakglass`)).toBe(true);
    expect(await publish('999999999999', 'arn:aws:events:us-east-1:999999999999:rule/cross-account-iam-assume-Breakglass')).toBe(false);
    expect(await publish(account.accountId, `arn:aws:events:us-east-1:${account.accountId}:rule/someone-elses-rule`)).toBe(false);
  });
});

describe('alerts that would go nowhere, or a role that takes the forwarder\'s name, are refused', () => {
  const text = readFileSync(ORG, 'utf8');
  test('an existing topic in another region than accounts with break-glass roles', () => {
    const other = text.replace(/alerts:\n(\s+)emails: \[[^\]]*\]/, 'alerts:\n$1topicArn: arn:aws:sns:us-east-1:444444444444:alerts');
    expect(other).not.toBe(text);
    expect(() => parseOrg(other, 'org.yaml')).toThrow(
      'guardrails.alerts.topicArn: is in us-east-1, but roles with alertOnAssume live in prod, whose region differs: EventBridge publishes to a topic of its own region only, so their alerts would go nowhere. Fix: use guardrails.alerts.emails (a topic in each account\'s region), or put those accounts in us-east-1.',
    );
  });

  test('a role named as the alert forwarder', () => {
    const named = text.replace('roles:\n', 'roles:\n  Cross-Account-IAM-Alert-Forwarder:\n    accounts: [prod]\n    managedPolicies: [ReadOnlyAccess]\n');
    expect(() => parseOrg(named, 'org.yaml')).toThrow('roles.Cross-Account-IAM-Alert-Forwarder: is the name of the role the app makes to forward break-glass alerts between regions (IAM role names are unique in an account, case-insensitively). Fix: rename the role.');
  });
});
