import { App, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AssumeRoleGroup } from '../../modules/assume-role-group';
import { CrossAccountRole } from '../../modules/cross-account-role';
import { SamlRole } from '../../modules/saml-role';
import { roleArn, samlProviderArn } from '../../policy/arn';
import { renderAssumePolicies } from '../../policy/assume-policy';
import { GitHubActionsAssumer, PermissionSetAssumer, SamlRoleAssumer } from '../../policy/assumers';
import { renderTrustPolicy } from '../../policy/trust-policy';
import { ALLOW_ALL_ASSUME, isAllowed, roleSessionCaller, userCaller } from '../helpers/simulator';
import { tempDir } from '../helpers/synth';

const IDENTITY = '111111111111';
const MEMBER = '222222222222';

function stacks() {
  const app = new App({ outdir: tempDir() });
  const member = new TerraformStack(app, 'member');
  new AwsProvider(member, 'aws', { region: 'eu-west-1' });
  const identity = new TerraformStack(app, 'identity');
  new AwsProvider(identity, 'aws', { region: 'eu-west-1' });
  return { app, member, identity };
}
const json = (stack: TerraformStack) => JSON.parse(Testing.synth(stack, true));
const trustOf = (stack: TerraformStack, name: string) => JSON.parse(json(stack).resource.aws_iam_role[`role_${name}`].assume_role_policy);

describe('grants as methods: CrossAccountRole.grantAssume', () => {
  test('GIVEN a role with no trustPolicy and no grant WHEN synthesized THEN the error names the role and the fix', () => {
    const { app, member } = stacks();
    new CrossAccountRole(member, 'orphan', { roleName: 'Orphan', accountId: MEMBER });
    expect(() => app.synth()).toThrow(
      'No one may assume role Orphan: it has no trustPolicy and was granted to no one. Fix: call grantAssume on it (a group, permission set, SAML role, GitHub Actions or OIDC workload), or pass trustPolicy.',
    );
  });

  test.each([
    [{ roleName: 'Read Only' }, 'CrossAccountRole member/r: roleName "Read Only" may only use letters, digits and +=,.@_- (IAM refuses other characters in a role name).'],
    [{ roleName: 'R'.repeat(65) }, `CrossAccountRole member/r: roleName "${'R'.repeat(65)}" is longer than the 64 characters IAM allows for a role name.`],
    [{ roleName: 'R', path: 'teams/' }, 'CrossAccountRole member/r: path "teams/" must start and end with "/" and use printable ASCII without spaces, e.g. /teams/platform/.'],
    [{ roleName: 'R', maxSessionDuration: 60 }, 'CrossAccountRole member/r: maxSessionDuration 60 must be a whole number of seconds from 3600 (1 hour) to 43200 (12 hours), IAM\'s range.'],
    [{ roleName: 'R', maxSessionDuration: 50000 }, 'CrossAccountRole member/r: maxSessionDuration 50000 must be a whole number of seconds from 3600 (1 hour) to 43200 (12 hours), IAM\'s range.'],
    [{ roleName: 'R', accountId: '2222' }, 'CrossAccountRole member/r: accountId "2222" must be exactly 12 digits, e.g. "111111111111".'],
    [{ roleName: 'R', mfa: false, mfaMaxAgeSeconds: 3600 }, 'CrossAccountRole member/r: mfaMaxAgeSeconds is set but mfa is false. Fix: remove mfaMaxAgeSeconds, or set mfa: true.'],
  ])('GIVEN props %j WHEN constructed THEN it refuses them: %s', (props, message) => {
    const { member } = stacks();
    expect(() => new CrossAccountRole(member, 'r', props)).toThrow(message);
  });

  test('GIVEN grantAssume(group) in the same app THEN the role trusts the identity users with the role\'s MFA age AND the group may assume it, denied past that age', () => {
    const { member, identity } = stacks();
    const group = new AssumeRoleGroup(identity, 'ops', { groupName: 'ops', accountId: IDENTITY });
    const role = new CrossAccountRole(member, 'admin', { roleName: 'Admin', accountId: MEMBER, path: '/ops/', mfaMaxAgeSeconds: 900, sessionTags: true });
    role.grantAssume(group);
    expect(trustOf(member, 'Admin').Statement).toEqual([
      {
        Sid: 'IdentityAccount',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${IDENTITY}:root` },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: {
          ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${IDENTITY}:user/*` },
          Bool: { 'aws:MultiFactorAuthPresent': 'true' },
          NumericLessThan: { 'aws:MultiFactorAuthAge': '900' },
        },
      },
    ]);
    expect(json(identity).resource.aws_iam_policy['group_ops_policy_ops-assume-roles'].policy).toBe(
      '{"Version":"2012-10-17","Statement":[' +
        '{"Sid":"AssumeRole","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::222222222222:role/ops/Admin"},' +
        '{"Sid":"DenyAssumeRoleMfaOlderThan900","Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/ops/Admin","Condition":{"NumericGreaterThanEquals":{"aws:MultiFactorAuthAge":"900"}}},' +
        '{"Sid":"DenyAssumeRoleWithoutMfa","Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/ops/Admin","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}},' +
        '{"Sid":"TagSession","Effect":"Allow","Action":"sts:TagSession","Resource":"arn:aws:iam::222222222222:role/ops/Admin"}]}',
    );
  });

  test('GIVEN grantAssume(group.principal) THEN both halves are granted, as with the group itself', () => {
    const { member, identity } = stacks();
    const group = new AssumeRoleGroup(identity, 'ops', { groupName: 'ops', accountId: IDENTITY });
    new CrossAccountRole(member, 'admin', { roleName: 'Admin', accountId: MEMBER }).grantAssume(group.principal);
    expect(group.policies).toHaveLength(1);
    expect(json(identity).resource.aws_iam_policy['group_ops_policy_ops-assume-roles'].policy).toContain('"Resource":"arn:aws:iam::222222222222:role/Admin"');
  });

  test('GIVEN a group given its policies prop WHEN a role grants it THEN the error says the policies are fixed; trustOnly grants the trust alone', () => {
    const { member, identity } = stacks();
    const policies = renderAssumePolicies([{ roleArn: roleArn(MEMBER, 'Admin'), mfa: true, sessionTags: false, sourceIdentity: false }]);
    const group = new AssumeRoleGroup(identity, 'ops', { groupName: 'ops', accountId: IDENTITY, policies });
    const role = new CrossAccountRole(member, 'admin', { roleName: 'Admin', accountId: MEMBER });
    expect(() => role.grantAssume(group)).toThrow(
      'AssumeRoleGroup identity/ops: was given its policies prop, so the roles it may assume are fixed. Fix: leave policies out and grant roles with allowAssume, or grant only the role\'s trust with grantAssume(group, { trustOnly: true }).',
    );
    role.grantAssume(group, { trustOnly: true });
    expect(trustOf(member, 'Admin').Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['IdentityAccount']);
    expect(json(identity).resource.aws_iam_policy['group_ops_policy_ops-assume-roles'].policy).toBe(policies[0].toString());
  });

  test('GIVEN a group without accountId WHEN a role grants it THEN the error asks for the identity account', () => {
    const { member, identity } = stacks();
    const group = new AssumeRoleGroup(identity, 'ops', { groupName: 'ops' });
    const role = new CrossAccountRole(member, 'admin', { roleName: 'Admin', accountId: MEMBER });
    expect(() => role.grantAssume(group)).toThrow('AssumeRoleGroup identity/ops: its principal needs the accountId prop (the identity account it lives in).');
  });

  test('GIVEN grantAssume(samlRole) THEN the role trusts exactly that SAML role (no MFA condition) AND its policy allows the role with no MFA Deny', () => {
    const { member, identity } = stacks();
    const saml = new SamlRole(identity, 'okta', { principal: new SamlRoleAssumer(IDENTITY, 'OktaEngineers', '/', samlProviderArn(IDENTITY, 'Okta')) });
    const role = new CrossAccountRole(member, 'dev', { roleName: 'Developer', accountId: MEMBER, orgId: 'o-a1b2c3d4e5' });
    role.grantAssume(saml);
    expect(trustOf(member, 'Developer').Statement).toEqual([
      {
        Sid: 'SamlRoles',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${IDENTITY}:root` },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' }, ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${IDENTITY}:role/OktaEngineers` } },
      },
    ]);
    const out = json(identity);
    expect(out.resource.aws_iam_policy['saml_role_OktaEngineers_policy_OktaEngineers-assume-roles'].policy).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"AssumeRole","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::222222222222:role/Developer"}]}',
    );
    expect(out.resource.aws_iam_role_policy_attachments_exclusive.role_OktaEngineers_attachments.policy_arns).toEqual(['${aws_iam_policy.saml_role_OktaEngineers_policy_OktaEngineers-assume-roles.arn}']);
    expect(JSON.parse(out.resource.aws_iam_role.role_OktaEngineers.assume_role_policy).Statement[0].Condition).toEqual({ StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } });
    // Created after, so destroyed before, the policies its grants made: no DeleteConflict at destroy.
    expect(out.resource.aws_iam_role.role_OktaEngineers.depends_on).toEqual(['aws_iam_policy.saml_role_OktaEngineers_policy_OktaEngineers-assume-roles']);
  });

  test('GIVEN a web identity WHEN the role has no accountId THEN the error asks for it', () => {
    const { member } = stacks();
    const role = new CrossAccountRole(member, 'deploy', { roleName: 'Deploy' });
    expect(() => role.grantAssume(new GitHubActionsAssumer('ci', 'acme/infra', { branches: ['main'] }))).toThrow(
      'CrossAccountRole member/deploy: GitHub Actions, repo acme/infra, branch main is trusted through the OIDC provider of the role\'s account. Fix: give the role its accountId prop.',
    );
  });

  test('GIVEN a branch pattern with %{...} THEN the rendered trust reaches AWS literally (Terraform escape %%{)', () => {
    const { member } = stacks();
    const role = new CrossAccountRole(member, 'deploy', { roleName: 'Deploy', accountId: MEMBER });
    role.grantAssume(new GitHubActionsAssumer('ci', 'acme/infra', { branches: ['%{x}'] }));
    const raw = json(member).resource.aws_iam_role.role_Deploy.assume_role_policy as string;
    expect(raw).toContain('"repo:acme/infra:ref:refs/heads/%%{x}"');
  });

  test('GIVEN a branch pattern with ${...} THEN it is refused: IAM would read a policy variable there', () => {
    expect(() => new GitHubActionsAssumer('ci', 'acme/infra', { branches: ['${x}'] })).toThrow(
      'OIDC assumer ci: "repo:acme/infra:ref:refs/heads/${x}" holds "$", which IAM reads as the start of a policy variable.',
    );
  });

  test('GIVEN a role given a trustPolicy THEN its output is that policy; a grant adds its statement after it', () => {
    const { member } = stacks();
    const trustPolicy = renderTrustPolicy({ identityAccountId: IDENTITY, mfa: true, principals: [], sourceIps: [], sessionTags: false, sourceIdentity: false });
    const role = new CrossAccountRole(member, 'r', { roleName: 'R', accountId: MEMBER, trustPolicy });
    expect(json(member).resource.aws_iam_role.role_R.assume_role_policy).toBe(trustPolicy.toString());
    role.grantAssume(new GitHubActionsAssumer('ci', 'acme/infra', { environments: ['prod'] }));
    expect(trustOf(member, 'R').Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['IdentityAccount', 'GitHubActions']);
  });

  test('GIVEN grants to more roles than one policy holds THEN the group gets as many policies as renderAssumePolicies packs, named -2, -3...', () => {
    const { member, identity } = stacks();
    const group = new AssumeRoleGroup(identity, 'ops', { groupName: 'ops', accountId: IDENTITY });
    const arns = Array.from({ length: 100 }, (_, i) => roleArn(String(300000000000 + i), `Role${i}`));
    for (const arn of arns) group.allowAssume(arn);
    const expected = renderAssumePolicies(arns.map((a) => ({ roleArn: a, mfa: true, sessionTags: false, sourceIdentity: false })));
    expect(expected.length).toBeGreaterThan(1);
    const out = json(identity);
    expect(Object.values(out.resource.aws_iam_policy).map((p) => (p as { policy: string }).policy)).toEqual(expected.map((d) => d.toString()));
    expect(Object.values(out.resource.aws_iam_policy).map((p) => (p as { name: string }).name)).toEqual(expected.map((_, i) => (i === 0 ? 'ops-assume-roles' : `ops-assume-roles-${i + 1}`)));
    expect(out.resource.aws_iam_group_policy_attachments_exclusive.group_ops_attachments.policy_arns).toHaveLength(expected.length);
    void member;
  });
});

describe('denials as methods: denyAssume', () => {
  const MFA = { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '60' };

  test('GIVEN AssumeRoleGroup.denyAssume(role) next to allowAssume THEN its policy denies that role in every account AND the simulator refuses it, while the allowed role stays allowed', async () => {
    const { member, identity } = stacks();
    const group = new AssumeRoleGroup(identity, 'ops', { groupName: 'ops', accountId: IDENTITY });
    const admin = new CrossAccountRole(member, 'admin', { roleName: 'Admin', accountId: MEMBER, path: '/ops/' });
    const read = new CrossAccountRole(member, 'read', { roleName: 'ReadOnly', accountId: MEMBER });
    read.grantAssume(group);
    admin.grantAssume(group);
    group.denyAssume(admin);
    const policy = JSON.parse(json(identity).resource.aws_iam_policy['group_ops_policy_ops-assume-roles'].policy);
    expect(policy.Statement).toEqual([
      { Sid: 'AssumeRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: [roleArn(MEMBER, 'ReadOnly'), roleArn(MEMBER, 'Admin', '/ops/')] },
      // An explicit Deny wins over any Allow, this one's included, in every account.
      { Sid: 'DenyAssumeRole', Effect: 'Deny', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/ops/Admin' },
      { Sid: 'DenyAssumeRoleWithoutMfa', Effect: 'Deny', Action: 'sts:AssumeRole', Resource: ['arn:aws:iam::*:role/ReadOnly', 'arn:aws:iam::*:role/ops/Admin'], Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
    ]);
    const user = userCaller(IDENTITY, 'alice');
    const verdict = (role: string, arn: string) => isAllowed({ caller: user, roleArn: arn, identityPolicies: [policy], trustPolicy: trustOf(member, role), context: MFA });
    expect(await verdict('Admin', roleArn(MEMBER, 'Admin', '/ops/'))).toBe(false);
    expect(await verdict('ReadOnly', roleArn(MEMBER, 'ReadOnly'))).toBe(true);
  });

  test('GIVEN SamlRole.denyAssume with a role ARN or ARN pattern THEN its policy denies it as written, with no MFA condition; a role that is not an ARN is refused', () => {
    const { identity } = stacks();
    const saml = new SamlRole(identity, 'okta', { principal: new SamlRoleAssumer(IDENTITY, 'OktaEngineers', '/', samlProviderArn(IDENTITY, 'Okta')) });
    saml.allowAssume(roleArn(MEMBER, 'Developer'));
    saml.denyAssume(roleArn(MEMBER, 'Breakglass'));
    saml.denyAssume('arn:aws:iam::*:role/security/*');
    expect(JSON.parse(json(identity).resource.aws_iam_policy['saml_role_OktaEngineers_policy_OktaEngineers-assume-roles'].policy).Statement).toEqual([
      { Sid: 'AssumeRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn(MEMBER, 'Developer') },
      { Sid: 'DenyAssumeRole', Effect: 'Deny', Action: 'sts:AssumeRole', Resource: ['arn:aws:iam::*:role/security/*', roleArn(MEMBER, 'Breakglass')] },
    ]);
    expect(() => saml.denyAssume('Breakglass')).toThrow('"Breakglass" is not a role ARN. Fix: write it like arn:aws:iam::*:role/Admin.');
  });

  test('GIVEN CrossAccountRole.denyAssume(permissionSet) THEN the trust denies that permission set\'s roles AND the simulator refuses them, while another permission set granted stays allowed', async () => {
    const { member } = stacks();
    const role = new CrossAccountRole(member, 'admin', { roleName: 'Admin', accountId: MEMBER });
    const admins = new PermissionSetAssumer(IDENTITY, 'Admins');
    const contractors = new PermissionSetAssumer(IDENTITY, 'Contractors');
    role.grantAssume(admins);
    role.denyAssume(contractors);
    const trust = trustOf(member, 'Admin');
    const deny = trust.Statement.find((s: { Sid: string }) => s.Sid === 'DenyIdentityCenter');
    expect(deny).toEqual({
      Sid: 'DenyIdentityCenter',
      Effect: 'Deny',
      Principal: { AWS: `arn:aws:iam::${IDENTITY}:root` },
      Action: 'sts:AssumeRole',
      Condition: {
        ArnLike: {
          'aws:PrincipalArn': [
            `arn:aws:iam::${IDENTITY}:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Contractors_????????????????`,
            `arn:aws:iam::${IDENTITY}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Contractors_????????????????`,
          ],
        },
      },
    });
    const session = (set: string) => roleSessionCaller(`arn:aws:iam::${IDENTITY}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_${set}_0123456789abcdef`);
    const verdict = (set: string) => isAllowed({ caller: session(set), roleArn: roleArn(MEMBER, 'Admin'), identityPolicies: [ALLOW_ALL_ASSUME], trustPolicy: trust });
    expect(await verdict('Admins')).toBe(true);
    expect(await verdict('Contractors')).toBe(false);
  });
});
