import { App, TerraformStack, Testing } from 'cdktf';
import { buildStandaloneExample } from '../../examples/standalone';
import { tempDir } from '../helpers/synth';

/** The synthesized JSON of one stack, as Terraform reads it. */
function json(stack: TerraformStack) {
  return JSON.parse(Testing.synth(stack, true));
}

function example() {
  const app = new App({ outdir: tempDir() });
  buildStandaloneExample(app);
  const [member, identity] = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);
  return { app, member: json(member), identity: json(identity) };
}

describe('the README example: constructs without the org file', () => {
  test('GIVEN a role granted to an IAM group, a permission set and a GitHub Actions branch WHEN synthesized THEN its trust has exactly one statement per kind', () => {
    const { member } = example();
    const role = member.resource.aws_iam_role.role_ReadOnly;
    expect(JSON.parse(role.assume_role_policy)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'IdentityAccount',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111111111111:root' },
          Action: 'sts:AssumeRole',
          Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:user/*' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        },
        {
          Sid: 'IdentityCenter',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111111111111:root' },
          Action: 'sts:AssumeRole',
          // No MFA condition: Identity Center's sessions carry no MFA key; their MFA is Identity Center's.
          Condition: {
            ArnLike: {
              'aws:PrincipalArn': [
                'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Developers_????????????????',
                'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Developers_????????????????',
              ],
            },
          },
        },
        {
          Sid: 'GitHubActions',
          Effect: 'Allow',
          Principal: { Federated: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
            StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/infra:ref:refs/heads/main' },
          },
        },
      ],
    });
    // IAM refuses a trust naming an OIDC provider that does not exist yet: the role waits for it.
    const [providerName] = Object.keys(member.resource.aws_iam_openid_connect_provider);
    expect(role.depends_on).toEqual([`aws_iam_openid_connect_provider.${providerName}`]);
    expect(member.resource.aws_iam_openid_connect_provider[providerName]).toMatchObject({ url: 'https://token.actions.githubusercontent.com', client_id_list: ['sts.amazonaws.com'] });
    expect(member.resource.aws_iam_role_policy_attachments_exclusive.role_ReadOnly_attachments.policy_arns).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
  });

  test('GIVEN the same example THEN the group may assume exactly that role, denied without MFA, and the permission set gets its own policy to attach', () => {
    const { identity } = example();
    expect(identity.resource.aws_iam_group.group_readers).toEqual({ name: 'readers', path: '/' });
    expect(Object.keys(identity.resource.aws_iam_policy)).toEqual(['group_readers_policy_readers-assume-roles']);
    const policy = identity.resource.aws_iam_policy['group_readers_policy_readers-assume-roles'];
    expect(policy.name).toBe('readers-assume-roles');
    expect(policy.policy).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"AssumeRole","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::222222222222:role/ReadOnly"},' +
        '{"Sid":"DenyAssumeRoleWithoutMfa","Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/ReadOnly","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}',
    );
    expect(identity.resource.aws_iam_group_policy_attachment['group_readers_attach_readers-assume-roles'].policy_arn).toBe('${aws_iam_policy.group_readers_policy_readers-assume-roles.arn}');
    expect(identity.resource.aws_iam_group_policy_attachments_exclusive.group_readers_attachments).toEqual({
      group_name: '${aws_iam_group.group_readers.name}',
      policy_arns: ['${aws_iam_policy.group_readers_policy_readers-assume-roles.arn}'],
      depends_on: ['aws_iam_group_policy_attachment.group_readers_attach_readers-assume-roles'],
    });
    // The permission set's people: no MFA Deny (AWS sets no MFA key for them).
    expect(identity.output['permission-set-Developers-policy'].value).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"AssumeRole","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::222222222222:role/ReadOnly"}]}',
    );
  });

  test('GIVEN the example WHEN the app is synthesized to disk THEN it passes every construct validation', () => {
    const { app } = example();
    expect(() => app.synth()).not.toThrow();
  });
});
