/**
 * Every kind of assumer, from the synthesized stacks of __tests__/fixtures/every-assumer.yaml: the
 * exact trust statements of the member roles and the exact policies on the assumer side (group
 * policies, the SAML role's own trust and policy, the permission sets' output policies; web
 * identities have none), then the IAM simulator's verdict on who gets in and who does not.
 */
import { Testing } from 'cdktf';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PolicyJson } from '../../review/artifact';
import { AccountStack } from '../../stacks/account-stack';
import { IdentityStack } from '../../stacks/identity-stack';
import { ALLOW_ALL_ASSUME, Caller, isAllowed, roleSessionCaller, userCaller } from '../helpers/simulator';
import { buildFromText, FIXTURES } from '../helpers/synth';
import { isWebIdentityAllowed, webIdentityKeysIgnored } from '../helpers/web-identity';

const EVERY = readFileSync(join(FIXTURES, 'every-assumer.yaml'), 'utf8');
type Stack = { resource: Record<string, Record<string, Record<string, unknown>>>; output: Record<string, { value: unknown }> };

/** Every stack of an org text, synthesized once. */
function synthAll(text: string): Record<string, Stack> {
  const built = buildFromText(text);
  const json = (stack: AccountStack | IdentityStack): Stack => JSON.parse(Testing.synth(stack));
  return { identity: json(built.identity!), ...Object.fromEntries(built.accounts.map((a) => [a.account.key, json(a)])) };
}

let stacks: Record<string, Stack>;
beforeAll(() => {
  stacks = synthAll(EVERY);
});
const trustOf = (stack: string, role: string) => stacks[stack].resource.aws_iam_role[`role_${role}`].assume_role_policy as string;
const policyOf = (name: string) => stacks.identity.resource.aws_iam_policy[name].policy as string;
const output = (name: string) => stacks.identity.output[name].value as string;

describe('trust statements and assumer-side policies of every kind, as literal JSON', () => {
  test('IAM groups: the IdentityAccount statement (users only, MFA as the role asks); the group policies name the exact roles and deny the denied ones', () => {
    expect(trustOf('dev', 'ReadOnly')).toContain(
      '{"Sid":"IdentityAccount","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111111111111:user/*"},"Bool":{"aws:MultiFactorAuthPresent":"true"},"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}',
    );
    expect(policyOf('group_platform_policy_platform-assume-roles')).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"AssumeRole","Effect":"Allow","Action":"sts:AssumeRole","Resource":["arn:aws:iam::222222222222:role/Admin","arn:aws:iam::222222222222:role/ReadOnly","arn:aws:iam::444444444444:role/Admin","arn:aws:iam::444444444444:role/ReadOnly"]},{"Sid":"DenyAssumeRoleMfaOlderThan3600","Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/Admin","Condition":{"NumericGreaterThanEquals":{"aws:MultiFactorAuthAge":"3600"}}},{"Sid":"DenyAssumeRoleWithoutMfa","Effect":"Deny","Action":"sts:AssumeRole","Resource":["arn:aws:iam::*:role/Admin","arn:aws:iam::*:role/ReadOnly"],"Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}',
    );
    expect(policyOf('group_contractors_policy_contractors-assume-roles')).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"AssumeRole","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::222222222222:role/Admin"},{"Sid":"DenyAssumeRole","Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/ReadOnly"},{"Sid":"DenyAssumeRoleMfaOlderThan3600","Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/Admin","Condition":{"NumericGreaterThanEquals":{"aws:MultiFactorAuthAge":"3600"}}},{"Sid":"DenyAssumeRoleWithoutMfa","Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/Admin","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}',
    );
  });

  test('permission sets: IdentityCenter (both role path patterns, per account), DenyIdentityCenter for a denied set; the output policy without MFA keys', () => {
    expect(trustOf('dev', 'Admin')).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"IdentityAccount","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111111111111:user/*"},"Bool":{"aws:MultiFactorAuthPresent":"true"},"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"},"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}},{"Sid":"IdentityCenter","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:PrincipalArn":["arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Contractors-SSO_????????????????","arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Contractors-SSO_????????????????"]},"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}',
    );
    expect(trustOf('prod', 'Admin')).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"IdentityAccount","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111111111111:user/*"},"Bool":{"aws:MultiFactorAuthPresent":"true"},"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"},"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}},{"Sid":"IdentityCenter","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:PrincipalArn":["arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_PlatformAdmins_????????????????","arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_PlatformAdmins_????????????????"]},"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}',
    );
    expect(output('permission_set_PlatformAdmins_policy')).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"AssumeRole","Effect":"Allow","Action":"sts:AssumeRole","Resource":["arn:aws:iam::222222222222:role/ReadOnly","arn:aws:iam::444444444444:role/Admin","arn:aws:iam::444444444444:role/ReadOnly"]}]}',
    );
    expect(output('permission_set_Contractors-SSO_policy')).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"AssumeRole","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::222222222222:role/Admin"},{"Sid":"DenyAssumeRole","Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/ReadOnly"}]}',
    );
  });

  test('permission sets, SAML roles and denied sets in one trust: the whole ReadOnly trust of each account', () => {
    const readOnly = '{"Version":"2012-10-17","Statement":[{"Sid":"IdentityAccount","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111111111111:user/*"},"Bool":{"aws:MultiFactorAuthPresent":"true"},"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}},{"Sid":"IdentityCenter","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:PrincipalArn":["arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_PlatformAdmins_????????????????","arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_PlatformAdmins_????????????????"]},"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}},{"Sid":"SamlRoles","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111111111111:role/federated/OktaEngineers"},"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}},{"Sid":"DenyIdentityCenter","Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:PrincipalArn":["arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Contractors-SSO_????????????????","arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Contractors-SSO_????????????????"]}}}]}';
    expect(trustOf('dev', 'ReadOnly')).toBe(readOnly);
    expect(trustOf('prod', 'ReadOnly')).toBe(readOnly);
  });

  test('SAML role: its own trust (provider, AssumeRoleWithSAML, SAML:aud) and policy in the identity stack; SamlRoles with ArnEquals on its path in the member trust', () => {
    expect(trustOf('identity', 'OktaEngineers')).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"SamlSignIn","Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111111111111:saml-provider/Okta"},"Action":"sts:AssumeRoleWithSAML","Condition":{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml"}}}]}',
    );
    expect(policyOf('saml_role_OktaEngineers_policy_OktaEngineers-assume-roles')).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"AssumeRole","Effect":"Allow","Action":"sts:AssumeRole","Resource":["arn:aws:iam::222222222222:role/ReadOnly","arn:aws:iam::444444444444:role/ReadOnly"]}]}',
    );
    expect(trustOf('dev', 'ReadOnly')).toContain(
      '{"Sid":"SamlRoles","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111111111111:role/federated/OktaEngineers"},"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}',
    );
  });

  test('GitHub Actions and generic OIDC: Federated provider of the role\'s own account, aud and sub; no assumer-side policy', () => {
    expect(trustOf('dev', 'Deployer')).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"GitHubActions","Effect":"Allow","Principal":{"Federated":"arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:acme/infra:ref:refs/heads/main"}}},{"Sid":"WebIdentity","Effect":"Allow","Principal":{"Federated":"arn:aws:iam::222222222222:oidc-provider/gitlab.example.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"gitlab.example.com:aud":"https://gitlab.example.com"},"StringLike":{"gitlab.example.com:sub":"project_path:acme/app:ref_type:branch:ref:main"}}}]}',
    );
    expect(trustOf('prod', 'Deployer')).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"GitHubActions","Effect":"Allow","Principal":{"Federated":"arn:aws:iam::444444444444:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:acme/infra:environment:production"}}}]}',
    );
    const names = Object.values(stacks.identity.resource.aws_iam_policy).map((p) => p.name);
    expect(names.sort()).toEqual(['OktaEngineers-assume-roles', 'contractors-assume-roles', 'platform-assume-roles']);
    expect(Object.keys(stacks.identity.output).filter((o) => /infra|gitlab/.test(o))).toEqual([]);
  });

  test('named CI role inside the org, and a third party with its external id', () => {
    expect(trustOf('prod', 'Release')).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"OrgPrincipals","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111111111111:role/ci/Runner"},"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}',
    );
    expect(trustOf('prod', 'Vendor')).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"ExternalPrincipals","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999999999999:root"},"Action":"sts:AssumeRole","Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::999999999999:role/Scanner"},"StringEquals":{"sts:ExternalId":"vendor-7f3c9d2e"}}}]}',
    );
  });
});

const ORG_ID = { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' };
const MFA = { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '300' };
const arn = (account: string, role: string, path = '/') => `arn:aws:iam::${account === 'dev' ? '222222222222' : '444444444444'}:role${path}${role}`;
const json = (text: string) => JSON.parse(text) as PolicyJson;
const sso = (name: string, region = true) => roleSessionCaller(`arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/${region ? 'eu-west-1/' : ''}AWSReservedSSO_${name}_0123456789abcdef`);
const assume = (caller: Caller, account: string, role: string, identityPolicies: PolicyJson[], context: Record<string, string> = {}, path = '/') =>
  isAllowed({ caller, roleArn: arn(account, role, path), identityPolicies, trustPolicy: json(trustOf(account, role)), context: { ...ORG_ID, ...context } });

describe('the simulator: who gets in and who does not', () => {
  test('IAM group members: their roles with MFA; not without it, not with stale MFA, not a denied role, not as a role of the identity account', async () => {
    const platform = json(policyOf('group_platform_policy_platform-assume-roles'));
    const contractors = json(policyOf('group_contractors_policy_contractors-assume-roles'));
    const alice = userCaller('111111111111', 'alice');
    expect(await assume(alice, 'prod', 'Admin', [platform], MFA)).toBe(true);
    expect(await assume(alice, 'prod', 'Admin', [platform], { 'aws:MultiFactorAuthPresent': 'false' })).toBe(false);
    expect(await assume(alice, 'prod', 'Admin', [platform], { ...MFA, 'aws:MultiFactorAuthAge': '4000' })).toBe(false);
    expect(await assume(alice, 'dev', 'ReadOnly', [contractors], MFA)).toBe(false);
    // Denied group: refused even when the user has another policy allowing every AssumeRole.
    expect(await assume(alice, 'dev', 'Admin', [contractors], MFA)).toBe(true);
    expect(await assume(alice, 'dev', 'ReadOnly', [contractors, ALLOW_ALL_ASSUME], MFA)).toBe(false);
    expect(await assume(roleSessionCaller('arn:aws:iam::111111111111:role/Workload'), 'dev', 'ReadOnly', [ALLOW_ALL_ASSUME], MFA)).toBe(false);
  });

  test('permission sets: their roles, with and without the region segment; not another set, not a prefix or suffix of the name, not a denied set', async () => {
    const platformAdmins = json(output('permission_set_PlatformAdmins_policy'));
    for (const region of [true, false]) {
      expect(await assume(sso('PlatformAdmins', region), 'prod', 'Admin', [platformAdmins])).toBe(true);
      expect(await assume(sso('PlatformAdmins', region), 'dev', 'ReadOnly', [platformAdmins])).toBe(true);
    }
    // Its own policy does not name Admin in dev, nor does the trust there.
    expect(await assume(sso('PlatformAdmins'), 'dev', 'Admin', [platformAdmins])).toBe(false);
    expect(await assume(sso('PlatformAdmins'), 'dev', 'Admin', [ALLOW_ALL_ASSUME])).toBe(false);
    // Other sets, whatever their own policy allows: names that extend or shorten the granted one, or embed it.
    for (const other of ['Contractors-SSO', 'PlatformAdmins_Admins', 'Platform', 'X_AWSReservedSSO_PlatformAdmins', 'platformadmins']) {
      expect([other, await assume(sso(other), 'prod', 'Admin', [ALLOW_ALL_ASSUME])]).toEqual([other, false]);
    }
    expect(await assume(roleSessionCaller('arn:aws:iam::111111111111:role/AWSReservedSSO_PlatformAdmins_0123456789abcdef'), 'prod', 'Admin', [ALLOW_ALL_ASSUME])).toBe(false);
    expect(await assume(roleSessionCaller('arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_PlatformAdmins_0123456789abcdef0'), 'prod', 'Admin', [ALLOW_ALL_ASSUME])).toBe(false);
    // The denied set: its own policy denies ReadOnly, and the trust denies it even with an allow-all policy.
    const contractorsSso = json(output('permission_set_Contractors-SSO_policy'));
    expect(await assume(sso('Contractors-SSO'), 'dev', 'Admin', [contractorsSso])).toBe(true);
    for (const region of [true, false]) expect(await assume(sso('Contractors-SSO', region), 'dev', 'ReadOnly', [ALLOW_ALL_ASSUME])).toBe(false);
  });

  test('SAML role: signed in by its provider for the AWS audience only; its session reaches its roles; a role of another path does not', async () => {
    const samlTrust = json(trustOf('identity', 'OktaEngineers'));
    const signIn = (provider: string, aud: string) =>
      isAllowed({
        caller: { arn: provider, principalArn: provider },
        roleArn: 'arn:aws:iam::111111111111:role/federated/OktaEngineers',
        identityPolicies: [],
        trustPolicy: samlTrust,
        action: 'sts:AssumeRoleWithSAML',
        context: { 'SAML:aud': aud },
      });
    expect(await signIn('arn:aws:iam::111111111111:saml-provider/Okta', 'https://signin.aws.amazon.com/saml')).toBe(true);
    expect(await signIn('arn:aws:iam::111111111111:saml-provider/Okta', 'https://evil.example.com/saml')).toBe(false);
    expect(await signIn('arn:aws:iam::111111111111:saml-provider/Other', 'https://signin.aws.amazon.com/saml')).toBe(false);
    expect(await signIn('arn:aws:iam::999999999999:saml-provider/Okta', 'https://signin.aws.amazon.com/saml')).toBe(false);

    const okta = json(policyOf('saml_role_OktaEngineers_policy_OktaEngineers-assume-roles'));
    const session = roleSessionCaller('arn:aws:iam::111111111111:role/federated/OktaEngineers');
    expect(await assume(session, 'dev', 'ReadOnly', [okta])).toBe(true);
    expect(await assume(session, 'prod', 'ReadOnly', [okta])).toBe(true);
    expect(await assume(session, 'dev', 'Admin', [okta])).toBe(false);
    expect(await assume(session, 'dev', 'Admin', [ALLOW_ALL_ASSUME])).toBe(false);
    for (const other of ['arn:aws:iam::111111111111:role/OktaEngineers', 'arn:aws:iam::111111111111:role/other/OktaEngineers', 'arn:aws:iam::111111111111:role/federated/OktaEngineersX']) {
      expect([other, await assume(roleSessionCaller(other), 'dev', 'ReadOnly', [ALLOW_ALL_ASSUME])]).toEqual([other, false]);
    }
  });

  test('a denied SAML role: a Deny in its own policy, and refused even with an allow-all policy', async () => {
    const denied = synthAll(EVERY.replace('    managedPolicies: [AdministratorAccess]\n', '    managedPolicies: [AdministratorAccess]\n    deny: [OktaEngineers]\n'));
    const policy = denied.identity.resource.aws_iam_policy['saml_role_OktaEngineers_policy_OktaEngineers-assume-roles'].policy as string;
    expect(policy).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"AssumeRole","Effect":"Allow","Action":"sts:AssumeRole","Resource":["arn:aws:iam::222222222222:role/ReadOnly","arn:aws:iam::444444444444:role/ReadOnly"]},{"Sid":"DenyAssumeRole","Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/Admin"}]}',
    );
    const session = roleSessionCaller('arn:aws:iam::111111111111:role/federated/OktaEngineers');
    // Even a trust that let the identity account in wholesale would not help: the role's own Deny wins.
    const wholeAccount: PolicyJson = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' }] };
    expect(await isAllowed({ caller: session, roleArn: arn('dev', 'Admin'), identityPolicies: [ALLOW_ALL_ASSUME], trustPolicy: wholeAccount })).toBe(true);
    expect(await isAllowed({ caller: session, roleArn: arn('dev', 'Admin'), identityPolicies: [json(policy), ALLOW_ALL_ASSUME], trustPolicy: wholeAccount })).toBe(false);
    expect(await isAllowed({ caller: session, roleArn: arn('dev', 'Admin'), identityPolicies: [json(policy), ALLOW_ALL_ASSUME], trustPolicy: json(denied.dev.resource.aws_iam_role.role_Admin.assume_role_policy as string) })).toBe(false);
  });

  test('named CI role and third party: the named role (with the org id, the external id); not another role, not without the external id', async () => {
    const runner = roleSessionCaller('arn:aws:iam::111111111111:role/ci/Runner');
    expect(await assume(runner, 'prod', 'Release', [ALLOW_ALL_ASSUME])).toBe(true);
    expect(await isAllowed({ caller: runner, roleArn: arn('prod', 'Release'), identityPolicies: [ALLOW_ALL_ASSUME], trustPolicy: json(trustOf('prod', 'Release')), context: { 'aws:PrincipalOrgID': 'o-other' } })).toBe(false);
    expect(await assume(roleSessionCaller('arn:aws:iam::111111111111:role/Runner'), 'prod', 'Release', [ALLOW_ALL_ASSUME])).toBe(false);
    expect(await assume(userCaller('111111111111', 'alice'), 'prod', 'Release', [ALLOW_ALL_ASSUME], MFA)).toBe(false);

    const scanner = roleSessionCaller('arn:aws:iam::999999999999:role/Scanner');
    const vendor = (caller: Caller, context: Record<string, string>) => isAllowed({ caller, roleArn: arn('prod', 'Vendor'), identityPolicies: [ALLOW_ALL_ASSUME], trustPolicy: json(trustOf('prod', 'Vendor')), context });
    expect(await vendor(scanner, { 'sts:ExternalId': 'vendor-7f3c9d2e' })).toBe(true);
    expect(await vendor(scanner, {})).toBe(false);
    expect(await vendor(scanner, { 'sts:ExternalId': 'vendor-guess' })).toBe(false);
    expect(await vendor(roleSessionCaller('arn:aws:iam::999999999999:role/Other'), { 'sts:ExternalId': 'vendor-7f3c9d2e' })).toBe(false);
  });
});

describe('the simulator on web identities (AssumeRoleWithWebIdentity)', () => {
  const GH = 'token.actions.githubusercontent.com';
  const token = (sub: string, aud = 'sts.amazonaws.com') => ({ [`${GH}:sub`]: sub, [`${GH}:aud`]: aud });
  const gh = (account: string, claims: Record<string, string>, provider = `arn:aws:iam::${account === 'dev' ? '222222222222' : '444444444444'}:oidc-provider/${GH}`, action?: string) =>
    isWebIdentityAllowed({ provider, roleArn: arn(account, 'Deployer', '/automation/'), trustPolicy: json(trustOf(account, 'Deployer')), claims, action });

  test('the checked simulator drops the token claims it has no data for, so the verdicts below come from its engine directly', async () => {
    const req = { provider: `arn:aws:iam::222222222222:oidc-provider/${GH}`, roleArn: arn('dev', 'Deployer', '/automation/'), trustPolicy: json(trustOf('dev', 'Deployer')) };
    expect(await webIdentityKeysIgnored({ ...req, claims: token('repo:acme/infra:ref:refs/heads/main') })).toEqual([`${GH}:sub`, `${GH}:aud`]);
    expect(await webIdentityKeysIgnored({ ...req, claims: { 'gitlab.example.com:sub': 'x', 'gitlab.example.com:aud': 'y' } })).toEqual(['gitlab.example.com:sub', 'gitlab.example.com:aud']);
  });

  test('GitHub Actions: the right repository and branch (dev) or environment (prod) only, with the right aud, through the account\'s own provider', async () => {
    expect(await gh('dev', token('repo:acme/infra:ref:refs/heads/main'))).toBe(true);
    expect(await gh('prod', token('repo:acme/infra:environment:production'))).toBe(true);
    for (const [account, sub] of [
      ['dev', 'repo:acme/infra:ref:refs/heads/feature'],
      ['dev', 'repo:acme/infra:ref:refs/heads/main-old'],
      ['dev', 'repo:acme/infra:ref:refs/tags/main'],
      ['dev', 'repo:acme/infra-fork:ref:refs/heads/main'],
      ['dev', 'repo:evil/infra:ref:refs/heads/main'],
      ['dev', 'repo:acme/infra:environment:production'],
      ['dev', 'repo:acme/infra:pull_request'],
      ['prod', 'repo:acme/infra:environment:staging'],
      ['prod', 'repo:acme/infra:ref:refs/heads/main'],
      ['prod', 'repo:acme/other:environment:production'],
    ]) {
      expect([account, sub, await gh(account, token(sub))]).toEqual([account, sub, false]);
    }
    expect(await gh('dev', token('repo:acme/infra:ref:refs/heads/main', 'https://github.com/acme'))).toBe(false);
    expect(await gh('dev', { [`${GH}:sub`]: 'repo:acme/infra:ref:refs/heads/main' })).toBe(false);
    // The provider of another account, or the token presented to plain AssumeRole.
    expect(await gh('dev', token('repo:acme/infra:ref:refs/heads/main'), `arn:aws:iam::444444444444:oidc-provider/${GH}`)).toBe(false);
    expect(await gh('dev', token('repo:acme/infra:ref:refs/heads/main'), undefined, 'sts:AssumeRole')).toBe(false);
  });

  test('generic OIDC: the listed subject with its aud, in dev only', async () => {
    const gitlab = (claims: Record<string, string>, provider = 'arn:aws:iam::222222222222:oidc-provider/gitlab.example.com') =>
      isWebIdentityAllowed({ provider, roleArn: arn('dev', 'Deployer', '/automation/'), trustPolicy: json(trustOf('dev', 'Deployer')), claims });
    const main = 'project_path:acme/app:ref_type:branch:ref:main';
    expect(await gitlab({ 'gitlab.example.com:sub': main, 'gitlab.example.com:aud': 'https://gitlab.example.com' })).toBe(true);
    expect(await gitlab({ 'gitlab.example.com:sub': 'project_path:acme/app:ref_type:branch:ref:dev', 'gitlab.example.com:aud': 'https://gitlab.example.com' })).toBe(false);
    expect(await gitlab({ 'gitlab.example.com:sub': 'project_path:acme/other:ref_type:branch:ref:main', 'gitlab.example.com:aud': 'https://gitlab.example.com' })).toBe(false);
    expect(await gitlab({ 'gitlab.example.com:sub': main, 'gitlab.example.com:aud': 'sts.amazonaws.com' })).toBe(false);
    // A GitHub token with the same claims shape is not a GitLab one.
    expect(await gitlab({ [`${GH}:sub`]: main, [`${GH}:aud`]: 'https://gitlab.example.com' }, `arn:aws:iam::222222222222:oidc-provider/${GH}`)).toBe(false);
    // prod's Deployer trusts no GitLab provider at all.
    expect(
      await isWebIdentityAllowed({ provider: 'arn:aws:iam::444444444444:oidc-provider/gitlab.example.com', roleArn: arn('prod', 'Deployer', '/automation/'), trustPolicy: json(trustOf('prod', 'Deployer')), claims: { 'gitlab.example.com:sub': main, 'gitlab.example.com:aud': 'https://gitlab.example.com' } }),
    ).toBe(false);
  });
});
