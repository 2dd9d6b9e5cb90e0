/**
 * Grants by organizational unit and grants that end, from the synthesized stacks of
 * __tests__/fixtures/organizational-units.yaml: the exact assumer-side statements, then the IAM
 * simulator's verdict for every assumer with a side of its own (groups, the permission set, the
 * SAML role) against every role, in every account of the file and in accounts it does not name
 * (inside a granted unit, in another unit, outside the organization, in a look-alike path of another
 * organization), before and after each end, with the request context AWS sets
 * (`aws:ResourceOrgPaths`, `aws:ResourceAccount`, `aws:CurrentTime`). Web identities are decided by
 * the trust: the trust of their role says the end.
 */
import { Testing } from 'cdktf';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PolicyJson } from '../../review/artifact';
import { AccountStack } from '../../stacks/account-stack';
import { IdentityStack } from '../../stacks/identity-stack';
import { Caller, isAllowed, roleSessionCaller, userCaller } from '../helpers/simulator';
import { buildFromText, FIXTURES } from '../helpers/synth';
import { isWebIdentityAllowed } from '../helpers/web-identity';

const TEXT = readFileSync(join(FIXTURES, 'organizational-units.yaml'), 'utf8');
type Stack = { resource: Record<string, Record<string, Record<string, unknown>>>; output?: Record<string, { value: unknown }> };

let stacks: Record<string, Stack>;
beforeAll(() => {
  const built = buildFromText(TEXT);
  const json = (stack: AccountStack | IdentityStack): Stack => JSON.parse(Testing.synth(stack));
  stacks = { identity: json(built.identity!), ...Object.fromEntries(built.accounts.map((a) => [a.account.key, json(a)])) };
});
const policyOf = (name: string) => stacks.identity.resource.aws_iam_policy[name].policy as string;

const ORG = 'o-a1b2c3d4e5/r-ab12/';
const WORKLOADS = `${ORG}ou-ab12-11111111/`;
/** Accounts by where they are: the file's, and others that hold a role of the same name trusting the hub. */
const ACCOUNTS: Record<string, { id: string; orgPath?: string }> = {
  dev: { id: '222222222222', orgPath: `${WORKLOADS}ou-ab12-33333333/` },
  'prod-a': { id: '333333333333', orgPath: `${WORKLOADS}ou-ab12-22222222/` },
  'prod-b': { id: '444444444444', orgPath: `${WORKLOADS}ou-ab12-22222222/` },
  audit: { id: '555555555555', orgPath: `${ORG}ou-ab12-44444444/` },
  shared: { id: '666666666666', orgPath: ORG },
  // Not in the file: an account of another unit of the org, one outside any organization, one of
  // another organization whose path looks like a granted unit's but for its org id.
  'other-unit': { id: '777777777777', orgPath: `${ORG}ou-ab12-99999999/` },
  'no-org': { id: '888888888888' },
  'other-org': { id: '999999999999', orgPath: `o-zzzzzzzzzz/r-ab12/ou-ab12-11111111/ou-ab12-22222222/` },
};
const ROLES = ['ReadOnly', 'Admin'] as const;
const BEFORE_ENDS = '2098-12-31T00:00:00Z';
const AFTER_CONTRACT = '2099-04-01T00:00:00Z';

/** A role of the same name in an account the file does not name, trusting the identity account's users as the app's roles do. */
const HUB_TRUST: PolicyJson = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' }],
};
const trustIn = (account: string, role: string): PolicyJson | undefined => {
  const stack = stacks[account];
  if (!stack) return HUB_TRUST;
  const r = stack.resource.aws_iam_role?.[`role_${role}`];
  return r ? (JSON.parse(r.assume_role_policy as string) as PolicyJson) : undefined;
};

async function allowed(caller: Caller, policies: PolicyJson[], account: string, role: string, time: string): Promise<boolean> {
  const where = ACCOUNTS[account];
  const trustPolicy = trustIn(account, role);
  if (!trustPolicy) return false; // the role does not exist there
  return isAllowed({
    caller,
    roleArn: `arn:aws:iam::${where.id}:role/${role}`,
    identityPolicies: policies,
    trustPolicy,
    context: {
      'aws:MultiFactorAuthPresent': 'true',
      'aws:PrincipalOrgID': 'o-a1b2c3d4e5',
      'aws:CurrentTime': time,
      ...(where.orgPath ? { 'aws:ResourceOrgPaths': [where.orgPath] } : {}),
    },
  });
}

/** Every (account, role) the simulator allows, as `account Role`. */
async function reach(caller: Caller, policies: PolicyJson[], time: string): Promise<string[]> {
  const out: string[] = [];
  for (const account of Object.keys(ACCOUNTS)) for (const role of ROLES) if (await allowed(caller, policies, account, role, time)) out.push(`${account} ${role}`);
  return out;
}

const groupPolicies = (group: string) => [JSON.parse(policyOf(`group_${group}_policy_${group}-assume-roles`)) as PolicyJson];

describe('the assumer side, as literal JSON', () => {
  test('a unit grant is one statement on the role in any account with ForAnyValue:StringLike aws:ResourceOrgPaths, beside the account grants; an end is DateLessThan aws:CurrentTime in UTC', () => {
    expect(policyOf('group_engineers_policy_engineers-assume-roles')).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"AssumeRole","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::666666666666:role/ReadOnly"},{"Sid":"AssumeRoleUnits1","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/ReadOnly","Condition":{"ForAnyValue:StringLike":{"aws:ResourceOrgPaths":"o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"}}},{"Sid":"AssumeRoleUnits2","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/Admin","Condition":{"ForAnyValue:StringLike":{"aws:ResourceOrgPaths":"o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-33333333/*"}}},{"Sid":"DenyAssumeRoleWithoutMfa","Effect":"Deny","Action":"sts:AssumeRole","Resource":["arn:aws:iam::*:role/Admin","arn:aws:iam::*:role/ReadOnly"],"Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}',
    );
    expect(policyOf('group_contractors_policy_contractors-assume-roles')).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"AssumeRoleUntil20990115T170000Z","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::555555555555:role/ReadOnly","Condition":{"DateLessThan":{"aws:CurrentTime":"2099-01-15T17:00:00Z"}}},{"Sid":"AssumeRoleUntil20990331T235959ZUnits1","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/Admin","Condition":{"DateLessThan":{"aws:CurrentTime":"2099-03-31T23:59:59Z"},"ForAnyValue:StringLike":{"aws:ResourceOrgPaths":"o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/*"}}},{"Sid":"DenyAssumeRoleWithoutMfa","Effect":"Deny","Action":"sts:AssumeRole","Resource":["arn:aws:iam::*:role/Admin","arn:aws:iam::*:role/ReadOnly"],"Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}',
    );
    expect(stacks.identity.output!.permission_set_policies.value).toEqual({
      Responders:
        '{"Version":"2012-10-17","Statement":[{"Sid":"AssumeRoleUntil20990630T000000ZUnits1","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/Admin","Condition":{"DateLessThan":{"aws:CurrentTime":"2099-06-30T00:00:00Z"},"ForAnyValue:StringLike":{"aws:ResourceOrgPaths":"o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/*"}}}]}',
    });
  });

  test('the roles are created in every account of the file under a granted unit, child units included; trusts are those of account grants', () => {
    expect(Object.keys(stacks.dev.resource.aws_iam_role).sort()).toEqual(['role_Admin', 'role_Deployer', 'role_ReadOnly']);
    expect(Object.keys(stacks['prod-a'].resource.aws_iam_role).sort()).toEqual(['role_Admin', 'role_Deployer', 'role_ReadOnly']);
    expect(Object.keys(stacks.audit.resource.aws_iam_role).sort()).toEqual(['role_ReadOnly']);
    expect(Object.keys(stacks.shared.resource.aws_iam_role).sort()).toEqual(['role_ReadOnly']);
    expect(stacks['prod-b'].resource.aws_iam_role.role_Admin.assume_role_policy).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"IdentityAccount","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111111111111:user/*"},"Bool":{"aws:MultiFactorAuthPresent":"true"},"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}},{"Sid":"IdentityCenter","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:PrincipalArn":["arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Responders_????????????????","arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Responders_????????????????"]},"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}',
    );
  });
});

test('outputs: each account stack says its unit path; the identity stack says which units each grant by unit reaches', () => {
  expect(stacks['prod-a'].output!.organizational_unit_path.value).toBe('o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/');
  expect(stacks.shared.output!.organizational_unit_path).toBeUndefined();
  expect(stacks.identity.output!.assumable_roles_by_organizational_unit.value).toEqual({
    OktaOps: { 'arn:aws:iam::*:role/ReadOnly': ['o-a1b2c3d4e5/r-ab12/ou-ab12-44444444/*'] },
    Responders: { 'arn:aws:iam::*:role/Admin': ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/*'] },
    auditors: { 'arn:aws:iam::*:role/ReadOnly': ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*', 'o-a1b2c3d4e5/r-ab12/ou-ab12-44444444/*'] },
    contractors: { 'arn:aws:iam::*:role/Admin': ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/*'] },
    engineers: { 'arn:aws:iam::*:role/Admin': ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-33333333/*'], 'arn:aws:iam::*:role/ReadOnly': ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*'] },
  });
});

describe('who gets where, by the IAM simulator', () => {
  const user = userCaller('111111111111', 'someone');

  test('a unit grant reaches the role in every account under the unit (and only there): never in another unit, outside the org, or under a look-alike path of another org', async () => {
    // engineers: ReadOnly for workloads (dev, prod-a, prod-b) and shared by account; Admin for nonprod (dev).
    expect(await reach(user, groupPolicies('engineers'), BEFORE_ENDS)).toEqual(['dev ReadOnly', 'dev Admin', 'prod-a ReadOnly', 'prod-b ReadOnly', 'shared ReadOnly']);
    // auditors: ReadOnly for workloads and security.
    expect(await reach(user, groupPolicies('auditors'), BEFORE_ENDS)).toEqual(['dev ReadOnly', 'prod-a ReadOnly', 'prod-b ReadOnly', 'audit ReadOnly']);
  });

  test('a grant that ends is allowed before its end and refused at and after it, for account and unit grants alike', async () => {
    const contractors = groupPolicies('contractors');
    expect(await reach(user, contractors, BEFORE_ENDS)).toEqual(['prod-a Admin', 'prod-b Admin', 'audit ReadOnly']);
    // ReadOnly in audit ended at 2099-01-15T17:00:00Z (18:00 at +01:00); Admin for prod goes on until March.
    expect(await reach(user, contractors, '2099-01-15T16:59:59Z')).toEqual(['prod-a Admin', 'prod-b Admin', 'audit ReadOnly']);
    expect(await reach(user, contractors, '2099-01-15T17:00:00Z')).toEqual(['prod-a Admin', 'prod-b Admin']);
    expect(await reach(user, contractors, AFTER_CONTRACT)).toEqual([]);
  });

  test('the permission set and the SAML role: unit grants and their end, the same way', async () => {
    const responders = [JSON.parse((stacks.identity.output!.permission_set_policies.value as Record<string, string>).Responders) as PolicyJson];
    const sso = roleSessionCaller('arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Responders_0123456789abcdef');
    expect(await reach(sso, responders, BEFORE_ENDS)).toEqual(['prod-a Admin', 'prod-b Admin']);
    expect(await reach(sso, responders, '2099-06-30T00:00:00Z')).toEqual([]);
    const okta = [JSON.parse(policyOf('saml_role_OktaOps_policy_OktaOps-assume-roles')) as PolicyJson];
    expect(await reach(roleSessionCaller('arn:aws:iam::111111111111:role/OktaOps'), okta, BEFORE_ENDS)).toEqual(['audit ReadOnly']);
  });

  test('a web identity granted until a time: its trust lets the token in before, never after', async () => {
    const trust = JSON.parse(stacks.dev.resource.aws_iam_role.role_Deployer.assume_role_policy as string) as PolicyJson;
    const ask = (time: string) =>
      isWebIdentityAllowed({
        provider: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com',
        roleArn: 'arn:aws:iam::222222222222:role/Deployer',
        trustPolicy: trust,
        claims: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:acme/infra:ref:refs/heads/main', 'aws:CurrentTime': time },
      });
    expect(await ask('2099-12-30T23:59:59Z')).toBe(true);
    expect(await ask('2099-12-31T00:00:00Z')).toBe(false);
  });
});
