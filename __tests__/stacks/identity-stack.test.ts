import { Testing } from 'cdktf';
import { IamGroup } from '@cdktf/provider-aws/lib/iam-group';
import { IamGroupPoliciesExclusive } from '@cdktf/provider-aws/lib/iam-group-policies-exclusive';
import { IamGroupPolicyAttachment } from '@cdktf/provider-aws/lib/iam-group-policy-attachment';
import { IamGroupPolicyAttachmentsExclusive } from '@cdktf/provider-aws/lib/iam-group-policy-attachments-exclusive';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { buildFromText } from '../helpers/synth';

const ORG = `organization: acme
orgId: o-a1b2c3d4e5
region: eu-west-1
identity:
  accountId: "111111111111"
accounts:
  dev: { accountId: "222222222222" }
  prod: { accountId: "444444444444" }
roles:
  Admin:
    accounts: [dev]
    managedPolicies: [AdministratorAccess]
    trust: { mfaMaxAgeSeconds: 3600 }
  ReadOnly:
    accounts: "*"
    managedPolicies: [ReadOnlyAccess]
  Pipeline:
    accounts: [prod]
    trust: { mfa: false }
groups:
  developers:
    path: /people/
    assume:
      Admin: [dev]
      ReadOnly: [prod]
  robots-watchers:
    assume:
      Pipeline: [prod]
  newcomers: {}
`;

const identity = () => Testing.synth(buildFromText(ORG).identity!);
type Json = { resource: Record<string, Record<string, Record<string, unknown>>>; output: Record<string, { value: unknown }> };

describe('identity stack', () => {
  test('one IAM group per group key, with its path', () => {
    const synth = identity();
    expect(synth).toHaveResourceWithProperties(IamGroup, { name: 'developers', path: '/people/' });
    expect(synth).toHaveResourceWithProperties(IamGroup, { name: 'newcomers', path: '/' });
    expect(Object.keys((JSON.parse(synth) as Json).resource.aws_iam_group)).toHaveLength(3);
  });

  test('GIVEN developers granted Admin@dev (MFA age) and ReadOnly@prod THEN their policy allows exactly those ARNs and denies them without MFA or with an old MFA', () => {
    expect(identity()).toHaveResourceWithProperties(IamPolicy, {
      name: 'developers-assume-roles',
      path: '/cross-account-iam/',
      policy:
        '{"Version":"2012-10-17","Statement":[' +
        '{"Sid":"AssumeRole","Effect":"Allow","Action":"sts:AssumeRole","Resource":["arn:aws:iam::222222222222:role/Admin","arn:aws:iam::444444444444:role/ReadOnly"]},' +
        '{"Sid":"DenyAssumeRoleMfaOlderThan3600","Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/Admin","Condition":{"NumericGreaterThanEquals":{"aws:MultiFactorAuthAge":"3600"}}},' +
        '{"Sid":"DenyAssumeRoleWithoutMfa","Effect":"Deny","Action":"sts:AssumeRole","Resource":["arn:aws:iam::*:role/Admin","arn:aws:iam::*:role/ReadOnly"],"Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}',
    });
  });

  test('GIVEN a role without MFA THEN the group statement has no MFA condition', () => {
    expect(identity()).toHaveResourceWithProperties(IamPolicy, {
      name: 'robots-watchers-assume-roles',
      policy: '{"Version":"2012-10-17","Statement":[{"Sid":"AssumeRole","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::444444444444:role/Pipeline"}]}',
    });
  });

  test('the policy is attached and attachments are exclusive; hand-made inline policies are removed', () => {
    const synth = identity();
    const ref = '${aws_iam_policy.group_developers_policy_developers-assume-roles.arn}';
    expect(synth).toHaveResourceWithProperties(IamGroupPolicyAttachment, { group: '${aws_iam_group.group_developers.name}', policy_arn: ref });
    expect(synth).toHaveResourceWithProperties(IamGroupPolicyAttachmentsExclusive, { group_name: '${aws_iam_group.group_developers.name}', policy_arns: [ref] });
    expect(synth).toHaveResourceWithProperties(IamGroupPoliciesExclusive, { group_name: '${aws_iam_group.group_developers.name}', policy_names: [] });
  });

  test('GIVEN a group with no grant THEN it gets no policy, and exclusive attachments keep it that way', () => {
    const json = JSON.parse(identity()) as Json;
    const policies = Object.values(json.resource.aws_iam_policy).map((p) => p.name);
    expect(policies.sort()).toEqual(['developers-assume-roles', 'robots-watchers-assume-roles']);
    expect(identity()).toHaveResourceWithProperties(IamGroupPolicyAttachmentsExclusive, { group_name: '${aws_iam_group.group_newcomers.name}', policy_arns: [] });
  });

  test('the provider deploys into the identity account', () => {
    expect(identity()).toHaveProviderWithProperties(AwsProvider, {
      region: 'eu-west-1',
      allowed_account_ids: ['111111111111'],
      assume_role: [{ role_arn: 'arn:aws:iam::111111111111:role/OrganizationAccountAccessRole', session_name: '${var.deployment_session_name}' }],
    });
    const json = JSON.parse(identity()) as { variable: Record<string, { default: string }> };
    expect(json.variable.deployment_session_name.default).toBe('cross-account-iam-acme-identity');
  });

  test('outputs: each group and the role ARNs it may assume', () => {
    const out = (JSON.parse(identity()) as Json).output;
    expect(out.group_developers_assumable_role_arns.value).toEqual(['arn:aws:iam::222222222222:role/Admin', 'arn:aws:iam::444444444444:role/ReadOnly']);
    expect(out['group_robots-watchers_assumable_role_arns'].value).toEqual(['arn:aws:iam::444444444444:role/Pipeline']);
    expect(out.group_newcomers_assumable_role_arns.value).toEqual([]);
  });
});
