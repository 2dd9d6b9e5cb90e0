/** The organization's assume-role perimeter (an RCP) and the policies of the break-glass alerts, as exact documents. */
import { ALERT_FORWARDER_ROLE, ALERT_RULE_PREFIX, alertForwarderPolicy, alertForwarderTrust, alertKeyPolicy, alertRulesArn, alertTopicPolicy, defaultEventBusArn, EVENTBRIDGE } from '../../policy/alert-policies';
import { renderPerimeterPolicy } from '../../policy/perimeter-policy';

describe('the assume-role perimeter', () => {
  test('GIVEN no exception THEN no principal outside the org may assume any role, AWS services acting for the org aside', () => {
    expect(renderPerimeterPolicy('o-a1b2c3d4e5', []).toJSON()).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyAssumeRoleFromOutsideTheOrg',
          Effect: 'Deny',
          Principal: '*',
          Action: 'sts:AssumeRole',
          Resource: '*',
          Condition: { BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' }, StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
        },
      ],
    });
  });

  test('GIVEN roles meant for third parties THEN they are left out by name and path in any account, sorted', () => {
    const doc = renderPerimeterPolicy('o-a1b2c3d4e5', [
      { name: 'Vendor', path: '/third-party/' },
      { name: 'Auditor', path: '/' },
    ]);
    expect(doc.toJSON().Statement).toEqual([
      {
        Sid: 'DenyAssumeRoleFromOutsideTheOrg',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sts:AssumeRole',
        NotResource: ['arn:aws:iam::*:role/Auditor', 'arn:aws:iam::*:role/third-party/Vendor'],
        Condition: { BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' }, StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      },
    ]);
  });
});

describe('the break-glass alert policies', () => {
  const fromAlertRules = {
    ArnLike: { 'aws:SourceArn': 'arn:aws:events:*:222222222222:rule/cross-account-iam-assume-*' },
    StringEquals: { 'aws:SourceAccount': '222222222222' },
  };

  test('names: the forwarder role, the rule prefix, the rules of an account in any region, its default bus', () => {
    expect(EVENTBRIDGE).toBe('events.amazonaws.com');
    expect(ALERT_FORWARDER_ROLE).toBe('cross-account-iam-alert-forwarder');
    expect(ALERT_RULE_PREFIX).toBe('cross-account-iam-assume-');
    expect(alertRulesArn('222222222222')).toBe('arn:aws:events:*:222222222222:rule/cross-account-iam-assume-*');
    expect(defaultEventBusArn('eu-west-1', '222222222222')).toBe('arn:aws:events:eu-west-1:222222222222:event-bus/default');
  });

  test('the topic: EventBridge publishes, for this account\'s alert rules only', () => {
    expect(alertTopicPolicy('arn:aws:sns:eu-west-1:222222222222:alerts', '222222222222').toJSON()).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'EventBridgePublishes', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: 'arn:aws:sns:eu-west-1:222222222222:alerts', Condition: fromAlertRules },
      ],
    });
  });

  test('the key: the account administers it, EventBridge encrypts for this account only', () => {
    expect(alertKeyPolicy('222222222222').toJSON()).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AccountAdministers', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 'kms:*', Resource: '*' },
        {
          Sid: 'EventBridgeEncrypts',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceAccount': '222222222222' } },
        },
      ],
    });
  });

  test('the forwarder: EventBridge assumes it for this account\'s alert rules, and it may only put events on the home bus', () => {
    expect(alertForwarderTrust('222222222222').toJSON()).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'EventBridgeForwards', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: fromAlertRules }],
    });
    expect(alertForwarderPolicy('arn:aws:events:eu-west-1:222222222222:event-bus/default').toJSON()).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'PutOnHomeBus', Effect: 'Allow', Action: 'events:PutEvents', Resource: 'arn:aws:events:eu-west-1:222222222222:event-bus/default' }],
    });
  });
});
