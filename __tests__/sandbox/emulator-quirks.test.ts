/** Where moto answers unlike AWS for names IAM allows: told apart exactly, so that only the emulator's own answers are set aside. */
import { identityPoliciesAllow } from '../../review/access';
import {
  emulatorOnlyChange,
  misjudgedAccess,
  misreadStatement,
  MOTO_IGNORES_CONDITIONS,
  MOTO_PLUS_DECODING,
  MOTO_RESOURCE_MATCHING,
  motoMisjudgesResource,
  onlyMotoPlusDecoding,
  unsupportedResource,
} from '../../sandbox/emulator-quirks';

const allow = (...resources: string[]) => ({ Version: '2012-10-17', Statement: [{ Sid: 'AssumeRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: resources }] });

describe('motoMisjudgesResource: moto reads a policy resource as a regular expression', () => {
  test.each([
    ['a + in the path: moto refuses what the policy allows', [allow('arn:aws:iam::222222222222:role/team+a/Admin')], 'arn:aws:iam::222222222222:role/team+a/Admin', true],
    ['a + in the name', [allow('arn:aws:iam::222222222222:role/x+y')], 'arn:aws:iam::222222222222:role/x+y', true],
    ['a . lets in another role: moto allows what the policy does not', [allow('arn:aws:iam::222222222222:role/x.y')], 'arn:aws:iam::222222222222:role/x-y', true],
    ['a . on its own role: both allow', [allow('arn:aws:iam::222222222222:role/x.y')], 'arn:aws:iam::222222222222:role/x.y', false],
    ['a plain name, allowed', [allow('arn:aws:iam::222222222222:role/Admin')], 'arn:aws:iam::222222222222:role/Admin', false],
    ['a plain name, not allowed', [allow('arn:aws:iam::222222222222:role/Admin')], 'arn:aws:iam::222222222222:role/ReadOnly', false],
    ['a wildcard in the account', [allow('arn:aws:iam::*:role/Admin')], 'arn:aws:iam::333333333333:role/Admin', false],
    ['an unconditional Deny with a +: moto misses the Deny of an allowed role', [allow('arn:aws:iam::*:role/*'), { Statement: [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/p+q/Admin' }] }], 'arn:aws:iam::222222222222:role/p+q/Admin', true],
    ['a conditional Deny is not in the emulator\'s copy', [allow('arn:aws:iam::*:role/*'), { Statement: [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/x.y', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }] }], 'arn:aws:iam::222222222222:role/x-y', false],
    ['another action', [{ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:iam::222222222222:role/x+y' }] }], 'arn:aws:iam::222222222222:role/x+y', false],
    ['a ? in a path: IAM reads one character, moto an optional one', [allow('arn:aws:iam::222222222222:role/a?/x')], 'arn:aws:iam::222222222222:role/ab/x', true],
    ['an unbalanced ( in a path: moto fails the call', [allow('arn:aws:iam::222222222222:role/a(b/x')], 'arn:aws:iam::222222222222:role/a(b/x', true],
    ['an unbalanced ( elsewhere in the member\'s policies: moto\'s answers for the member cannot be foretold', [allow('arn:aws:iam::222222222222:role/a(b/x', 'arn:aws:iam::222222222222:role/Admin')], 'arn:aws:iam::222222222222:role/Admin', true],
    ['a | in a path (Python anchors its alternatives, JavaScript searches them): not foretold', [allow('arn:aws:iam::222222222222:role/a+b|c/X')], 'arn:aws:iam::222222222222:role/a+b|c/X', true],
    ['a \\ in a path (an error in Python, not always in JavaScript): not foretold', [allow('arn:aws:iam::222222222222:role/a\\qb/X')], 'arn:aws:iam::222222222222:role/a\\qb/X', true],
    [
      'a compact Allow for another account: moto ignores its aws:ResourceAccount condition',
      [{ Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/Admin', Condition: { StringEquals: { 'aws:ResourceAccount': ['333333333333'] } } }] }],
      'arn:aws:iam::222222222222:role/Admin',
      true,
    ],
    [
      'a compact Allow for the role\'s own account: both allow',
      [{ Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/Admin', Condition: { StringEquals: { 'aws:ResourceAccount': ['222222222222', '333333333333'] } } }] }],
      'arn:aws:iam::222222222222:role/Admin',
      false,
    ],
  ])('%s', (_title, policies, arn, misjudged) => {
    expect(motoMisjudgesResource(policies, arn)).toBe(misjudged);
  });
});

test('identityPoliciesAllow: what the deployed policies allow, by IAM\'s matching and the account condition', () => {
  expect(identityPoliciesAllow([allow('arn:aws:iam::222222222222:role/team+a/Admin')], 'arn:aws:iam::222222222222:role/team+a/Admin')).toBe(true);
  expect(identityPoliciesAllow([allow('arn:aws:iam::222222222222:role/x.y')], 'arn:aws:iam::222222222222:role/x-y')).toBe(false);
  const compact = { Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/Admin', Condition: { StringEquals: { 'aws:ResourceAccount': '333333333333' } } }] };
  expect(identityPoliciesAllow([compact], 'arn:aws:iam::333333333333:role/Admin')).toBe(true);
  expect(identityPoliciesAllow([compact], 'arn:aws:iam::222222222222:role/Admin')).toBe(false);
  expect(identityPoliciesAllow([allow('arn:aws:iam::*:role/*'), { Statement: [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/Admin' }] }], 'arn:aws:iam::222222222222:role/Admin')).toBe(false);
});

describe('onlyMotoPlusDecoding: a planned update that is only moto returning + unencoded', () => {
  const policy = (role: string) => JSON.stringify(allow(`arn:aws:iam::222222222222:role/${role}`));
  const update = (before: Record<string, unknown>, after: Record<string, unknown>, actions = ['update']) => ({ address: 'aws_iam_policy.p', change: { actions, before, after } });

  test('the document read back has a space where the configuration has +: the emulator\'s', () => {
    expect(onlyMotoPlusDecoding(update({ name: 'p', policy: policy('team a/x y') }, { name: 'p', policy: policy('team+a/x+y') }))).toBe(true);
  });
  test('any other difference is a real change', () => {
    expect(onlyMotoPlusDecoding(update({ name: 'p', policy: policy('team a/x') }, { name: 'p', policy: policy('team+a/y') }))).toBe(false);
    expect(onlyMotoPlusDecoding(update({ name: 'p', policy: policy('team a'), description: 'a' }, { name: 'p', policy: policy('team+a'), description: 'b' }))).toBe(false);
    expect(onlyMotoPlusDecoding(update({ name: 'p', policy: policy('team a') }, { name: 'p', policy: policy('team a') }))).toBe(false);
    expect(onlyMotoPlusDecoding(update({ name: 'p', policy: policy('team a') }, { name: 'p', policy: policy('team+a') }, ['delete', 'create']))).toBe(false);
    expect(onlyMotoPlusDecoding({ address: 'aws_iam_policy.p', change: { actions: ['create'], before: null, after: { policy: policy('team+a') } } })).toBe(false);
  });
});

describe('the four questions the sandbox asks: each answers with the reason it prints, or undefined', () => {
  test('1. resource types it cannot deploy: exactly the analyzer and the organization policy attachment', () => {
    expect(unsupportedResource('aws_accessanalyzer_analyzer')).toBe('moto answers CreateAnalyzer with HTTP 500');
    expect(unsupportedResource('aws_organizations_policy_attachment')).toBe(
      "the target ids are the real organization's (root, OU or account ids), which the emulator's organization does not have",
    );
    expect(unsupportedResource('aws_organizations_policy')).toBeUndefined();
    expect(unsupportedResource('aws_iam_role')).toBeUndefined();
    // A name that is a property of every object is not a resource type.
    expect(unsupportedResource('constructor')).toBeUndefined();
  });

  test('2. statements it misreads: a Deny with a condition, and nothing else', () => {
    const condition = { Bool: { 'aws:MultiFactorAuthPresent': 'false' } };
    expect(misreadStatement({ Sid: 'DenyAssumeRoleWithoutMfa', Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*', Condition: condition })).toBe(MOTO_IGNORES_CONDITIONS);
    expect(misreadStatement({ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' })).toBeUndefined();
    expect(misreadStatement({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*', Condition: condition })).toBeUndefined();
  });

  test('3. planned changes that are only its own: the + read back as a space', () => {
    const doc = (role: string) => JSON.stringify(allow(`arn:aws:iam::222222222222:role/${role}`));
    const rc = (before: string, after: string) => ({ address: 'aws_iam_policy.p', change: { actions: ['update'], before: { policy: before }, after: { policy: after } } });
    expect(emulatorOnlyChange(rc(doc('team a'), doc('team+a')))).toBe(MOTO_PLUS_DECODING);
    expect(emulatorOnlyChange(rc(doc('team-a'), doc('team+a')))).toBeUndefined();
  });

  test('4. access answers it may get wrong: its resource matching, judged from the deployed policies instead', () => {
    expect(misjudgedAccess([allow('arn:aws:iam::222222222222:role/x+y')], 'arn:aws:iam::222222222222:role/x+y')).toBe(MOTO_RESOURCE_MATCHING);
    expect(misjudgedAccess([allow('arn:aws:iam::222222222222:role/x-y')], 'arn:aws:iam::222222222222:role/x-y')).toBeUndefined();
  });

  test('a Deny the emulator misreads is out of its copy, so it does not count in what moto answers', () => {
    // With the conditional Deny in moto's copy, moto would refuse; left out, moto allows as IAM does (the condition is false).
    const policies = [
      allow('arn:aws:iam::222222222222:role/Admin'),
      { Statement: [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::222222222222:role/Admin', Condition: { NumericGreaterThan: { 'aws:MultiFactorAuthAge': '3600' } } }] },
    ];
    expect(misjudgedAccess(policies, 'arn:aws:iam::222222222222:role/Admin')).toBeUndefined();
  });
});
