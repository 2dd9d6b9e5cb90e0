/**
 * The mapping of live IAM (as JSON) to an org file and a report: the exact YAML out of a given
 * estate, the exact report entries, and what is never rounded to the nearest thing the org file can say.
 */
import { LiveEstate } from '../../import/live';
import { mapEstate, MapOptions, ReportEntry } from '../../import/map';
import { renderOrgFile } from '../../import/write';
import { parseOrg } from '../../org/load';
import { consoleTrust, DEV, estate, IDENTITY, PROD, role, VENDOR } from './estate';

const OPTIONS: MapOptions = { organization: 'acme', region: 'us-east-1', identityAccountId: IDENTITY };
const yamlOf = (live: LiveEstate, options = OPTIONS) => renderOrgFile(mapEstate(live, options).draft, ['imported']);
const reportOf = (live: LiveEstate) => mapEstate(live, OPTIONS).report;
const leftOut = (report: readonly ReportEntry[]) => report.filter((e) => e.kind === 'left-out').map((e) => `${e.account} ${e.resource}: ${e.why}`);

describe('import: live IAM -> org file', () => {
  test('GIVEN a hand-made estate WHEN mapped THEN the org file says exactly its grants, trusts and permissions, every role and group adopted', () => {
    expect(yamlOf(estate())).toBe(`# imported

organization: acme
region: us-east-1
identity:
  accountId: "111111111111"
accounts:
  dev:
    accountId: "222222222222"
  prod:
    accountId: "333333333333"
policies:
  ReadLogs:
    document:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action:
            - logs:GetLogEvents
            - logs:FilterLogEvents
          Resource: "*"
    description: Read logs
    adopt: true
roles:
  # trusted the identity account as a whole in prod: now its IAM users only (see the report)
  Admin:
    accounts:
      - prod
    adopt: true
    maxSessionDuration: 7200
    managedPolicies:
      - AdministratorAccess
    trust:
      mfa: true
      mfaMaxAgeSeconds: 3600
  Deployer:
    accounts:
      - dev
    adopt: true
  ops.admin:
    accounts:
      - dev
    adopt: true
    inlinePolicies:
      read-logs:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: logs:GetLogEvents
            Resource: "*"
    tags:
      Team: platform
    trust:
      principals:
        - arn:aws:iam::444444444444:root
      externalId: vendor-ext-1
  # trusted the identity account as a whole in dev, prod: now its IAM users only (see the report)
  ReadOnly:
    accounts:
      - dev
      - prod
    adopt: true
    managedPolicies:
      - ReadLogs
      - ReadOnlyAccess
    trust:
      mfa: true
groups:
  # replaced at the first apply by developers-assume-roles (same grants): inline policy assume
  developers:
    adopt: true
    assume:
      ReadOnly:
        - dev
        - prod
  # replaced at the first apply by ops-assume-roles (same grants): inline policy dev-read; attached policy arn:aws:iam::111111111111:policy/ProdAdmin
  ops:
    path: /teams/
    adopt: true
    assume:
      Admin:
        - prod
      ReadOnly:
        - dev
githubActions:
  acme-infra:
    repository: acme/infra
    branches:
      - main
    oidcProvider: existing
    assume:
      Deployer:
        - dev
`);
  });

  test('the written org file is valid: it loads, with every role and group adopted', () => {
    const model = parseOrg(yamlOf(estate()), 'imported.yaml');
    expect(model.roles.map((r) => [r.name, r.adopt])).toEqual([
      ['Admin', true],
      ['Deployer', true],
      ['ops.admin', true],
      ['ReadOnly', true],
    ]);
    expect(model.groups.map((g) => [g.name, g.adopt])).toEqual([
      ['developers', true],
      ['ops', true],
    ]);
  });

  test('GIVEN trusts and groups the org file cannot say WHEN mapped THEN each is left out with its account, resource, what and why', () => {
    expect(reportOf(estate())).toEqual([
      { kind: 'left-out', account: 'dev', accountId: DEV, resource: 'role LambdaExec', what: 'its trust policy', why: 'statement 1: trusts the service lambda.amazonaws.com: the org file manages access of people and workloads between accounts, not service roles' },
      expect.objectContaining({ kind: 'narrows', account: 'dev', resource: 'role ReadOnly', what: `its trust of the identity account ${IDENTITY}` }),
      { kind: 'left-out', account: 'dev', accountId: DEV, resource: 'role Regional', what: 'its trust policy', why: 'statement 1: conditions the org file has no key for: StringEquals aws:RequestedRegion "eu-west-1"' },
      {
        kind: 'left-out',
        account: 'identity',
        accountId: IDENTITY,
        resource: 'group admins',
        what: 'the group and its grants',
        why: "attached policy arn:aws:iam::aws:policy/AdministratorAccess, statement 1: Allow *: more than sts:AssumeRole on named roles; the identity stack manages a group's policies exclusively, so adopting the group would remove it",
      },
      {
        kind: 'left-out',
        account: 'identity',
        accountId: IDENTITY,
        resource: 'group wildcard',
        what: 'the group and its grants',
        why: 'inline policy all-roles, statement 1: allows sts:AssumeRole on arn:aws:iam::*:role/*, a pattern: the org file grants named roles in named accounts, so it cannot say which roles this reaches now and later',
      },
      expect.objectContaining({ kind: 'narrows', account: 'prod', resource: 'role Admin' }),
      {
        kind: 'narrows',
        account: 'prod',
        accountId: PROD,
        resource: 'role ReadOnly',
        what: `its trust of the identity account ${IDENTITY}`,
        why: `the live trust lets in every principal of ${IDENTITY} whose own policies allow it, its roles included; the org file's trust lets in its IAM users only (ArnLike aws:PrincipalArn arn:aws:iam::${IDENTITY}:user/*), as this project always writes it: roles of the identity account lose this role`,
      },
    ]);
  });

  test('the app\'s own people statement (users only) is no narrowing, and round-trips', () => {
    const live = estate();
    const dev = live.accounts[0];
    const appTrust = { Sid: 'IdentityAccount', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${IDENTITY}:root` }, Action: 'sts:AssumeRole', Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${IDENTITY}:user/*` }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } } };
    const roles = dev.roles.map((r) => (r.name === 'ReadOnly' ? { ...r, trustPolicy: { Version: '2012-10-17', Statement: [appTrust] } } : r));
    const report = reportOf({ ...live, accounts: [{ ...dev, roles }, live.accounts[1]] });
    expect(report.filter((e) => e.kind === 'narrows').map((e) => `${e.account} ${e.resource}`)).toEqual(['prod role Admin', 'prod role ReadOnly']);
  });

  test('a role defined differently in two accounts is left out in both: the org file defines a role once', () => {
    const live = estate();
    const prod = live.accounts[1];
    const roles = prod.roles.map((r) => (r.name === 'ReadOnly' ? { ...r, maxSessionDuration: 7200 } : r));
    const report = reportOf({ ...live, accounts: [live.accounts[0], { ...prod, roles }] });
    expect(leftOut(report).filter((l) => l.includes('role ReadOnly'))).toEqual([
      'dev role ReadOnly: it differs between accounts dev, prod (maxSessionDuration): the org file defines a role once for all its accounts',
      'prod role ReadOnly: it differs between accounts dev, prod (maxSessionDuration): the org file defines a role once for all its accounts',
    ]);
    // ...and the groups granting it go with it: adopting them would drop their grant of it.
    expect(leftOut(report).filter((l) => l.includes('group developers') || l.includes('group ops'))).toEqual([
      `identity group developers: inline policy assume, statement 1: allows sts:AssumeRole on arn:aws:iam::${DEV}:role/ReadOnly, a role left out (it differs between accounts dev, prod (maxSessionDuration): the org file defines a role once for all its accounts)`,
      `identity group developers: inline policy assume, statement 1: allows sts:AssumeRole on arn:aws:iam::${PROD}:role/ReadOnly, a role left out (it differs between accounts dev, prod (maxSessionDuration): the org file defines a role once for all its accounts)`,
      // ...and so ops, once its Admin went too: with no group left granting it, the file refuses an MFA age on it.
      `identity group ops: attached policy arn:aws:iam::${IDENTITY}:policy/ProdAdmin, statement Admin: allows sts:AssumeRole on arn:aws:iam::${PROD}:role/Admin, a role left out (the org file refuses it: roles.Admin.trust.mfaMaxAgeSeconds: applies to people, but no group grants this role. Fix: remove it, or grant the role to a group.)`,
      `identity group ops: inline policy dev-read, statement 1: allows sts:AssumeRole on arn:aws:iam::${DEV}:role/ReadOnly, a role left out (it differs between accounts dev, prod (maxSessionDuration): the org file defines a role once for all its accounts)`,
    ]);
    expect(yamlOf({ ...live, accounts: [live.accounts[0], { ...prod, roles }] })).not.toContain('ReadOnly:');
  });

  test.each([
    ['NotPrincipal', { Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${IDENTITY}:root` }, Action: 'sts:AssumeRole' }, 'statement 1: NotPrincipal: the org file names who is trusted, never who is not'],
    ['a Deny', { Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${IDENTITY}:root` }, Action: 'sts:AssumeRole' }, 'statement 1: a Deny statement: the org file writes Deny statements into trusts only for permission sets'],
    ['BoolIfExists MFA', consoleTrust({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }), 'statement 1: conditions the org file has no key for: BoolIfExists aws:MultiFactorAuthPresent "true"'],
    ['a SAML provider', { Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${DEV}:saml-provider/Okta` }, Action: 'sts:AssumeRoleWithSAML' }, `statement 1: trusts the SAML provider arn:aws:iam::${DEV}:saml-provider/Okta directly: the org file reaches member roles from SAML only through samlRoles in the identity account`],
    ['Principal "*"', { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }, 'statement 1: Principal "*": any principal of any account'],
    ['sts:TagSession', { ...consoleTrust(), Action: ['sts:AssumeRole', 'sts:TagSession'] }, 'statement 1: allows sts:AssumeRole, sts:TagSession: only sts:AssumeRole is imported (session tags and source identity are not)'],
    ['an identity user by name', { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${IDENTITY}:user/alice` }, Action: 'sts:AssumeRole' }, `statement 1: trusts the identity account's user arn:aws:iam::${IDENTITY}:user/alice by name: the org file reaches people through groups only`],
    ['a third party without external id', { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${VENDOR}:role/ci` }, Action: 'sts:AssumeRole' }, `trusts arn:aws:iam::${VENDOR}:role/ci, outside the accounts of this org file, without an external id: the org file requires one for principals outside the org`],
  ])('a trust with %s is left out, with why', (_what, statement, why) => {
    const live = estate();
    const dev = live.accounts[0];
    const report = reportOf({ ...live, accounts: [{ ...dev, roles: [...dev.roles, role(DEV, 'Odd', [statement as Record<string, unknown>])] }, live.accounts[1]] });
    expect(report.filter((e) => e.resource === 'role Odd')).toEqual([{ kind: 'left-out', account: 'dev', accountId: DEV, resource: 'role Odd', what: 'its trust policy', why }]);
  });

  test('a role trusting the hub beside a third party, granted by no group adopted here, is left out: dropping the hub statement would take access away', () => {
    const live = estate();
    const dev = live.accounts[0];
    const both = role(DEV, 'Shared', [consoleTrust(), { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PROD}:root` }, Action: 'sts:AssumeRole' }]);
    const report = reportOf({ ...live, accounts: [{ ...dev, roles: [...dev.roles, both] }, live.accounts[1]] });
    expect(leftOut(report).filter((l) => l.includes('role Shared'))).toEqual([
      `dev role Shared: lets the identity account in (whoever there has a policy allowing it) beside arn:aws:iam::${PROD}:root, but no group adopted here grants it in dev: the org file's trust would have no statement for the identity account there, which would take that access away`,
    ]);
  });

  test('a group that asks MFA on its side for a role whose trust does not is left out: the org file sets MFA per role', () => {
    const live = estate();
    const dev = live.accounts[0];
    const open = role(DEV, 'Open', [consoleTrust()]);
    const group = { name: 'strict', path: '/', attachedPolicies: [], inlinePolicies: [{ name: 'p', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${DEV}:role/Open`, Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] } }] };
    const report = reportOf({ identity: { ...live.identity, groups: [...live.identity.groups, group] }, accounts: [{ ...dev, roles: [...dev.roles, open] }, live.accounts[1]] });
    expect(leftOut(report).filter((l) => l.includes('group strict'))).toEqual([
      `identity group strict: inline policy p, statement 1: asks MFA for arn:aws:iam::${DEV}:role/Open on the group side, whose trust does not: the org file sets MFA per role, for every group`,
    ]);
  });

  test('an unconditional Deny of a role by name in every account becomes roles.<r>.deny', () => {
    const live = estate();
    const developers = live.identity.groups[0];
    const denyAdmin = { name: 'no-admin', document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/Admin' }] } };
    const groups = live.identity.groups.map((g) => (g === developers ? { ...g, inlinePolicies: [...g.inlinePolicies, denyAdmin] } : g));
    expect(yamlOf({ ...live, identity: { ...live.identity, groups } })).toContain('    deny:\n      - developers\n');
  });

  test('the packed form of this project\'s group policies (aws:ResourceAccount) reads back as the same grants', () => {
    const live = estate();
    const packed = { name: 'packed', path: '/', attachedPolicies: [], inlinePolicies: [{ name: 'p', document: { Version: '2012-10-17', Statement: [{ Sid: 'AssumeRoleAccounts1', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/ReadOnly', Condition: { StringEquals: { 'aws:ResourceAccount': [DEV, PROD] } } }] } }] };
    expect(yamlOf({ ...live, identity: { ...live.identity, groups: [...live.identity.groups, packed] } })).toContain('  packed:\n    adopt: true\n    assume:\n      ReadOnly:\n        - dev\n        - prod\n');
  });
});

describe('import: more of what people build', () => {
  test('an Identity Center trust is left out with why, and a group granting nothing is a note, not adopted', () => {
    const live = estate();
    const dev = live.accounts[0];
    const sso = role(DEV, 'Sso', [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${IDENTITY}:root` }, Action: 'sts:AssumeRole', Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${IDENTITY}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev_*` } } }]);
    const empty = { name: 'empty', path: '/', inlinePolicies: [], attachedPolicies: [] };
    const result = mapEstate({ identity: { ...live.identity, groups: [...live.identity.groups, empty] }, accounts: [{ ...dev, roles: [...dev.roles, sso] }, live.accounts[1]] }, OPTIONS);
    expect(result.report.filter((e) => e.resource === 'role Sso' || e.resource === 'group empty')).toEqual([
      {
        kind: 'left-out',
        account: 'dev',
        accountId: DEV,
        resource: 'role Sso',
        what: 'its trust policy',
        why: `statement 1: trusts IAM Identity Center roles (arn:aws:iam::${IDENTITY}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev_*): permission sets are not imported (Identity Center holds their policies); add them under permissionSets by hand`,
      },
      { kind: 'note', account: 'identity', accountId: IDENTITY, resource: 'group empty', what: 'the group', why: 'grants no role of the imported accounts: nothing to adopt, left as it is' },
    ]);
    expect(result.imported.groups).toEqual(['developers', 'ops']);
  });

  test('a role trusting the hub in one account and only GitHub Actions in another is one role: MFA is compared where the hub is trusted', () => {
    const live = estate();
    const [dev, prod] = live.accounts;
    const deployer = dev.roles.find((r) => r.name === 'Deployer')!;
    const prodDeployer = role(PROD, 'Deployer', [consoleTrust({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } })]);
    const text = yamlOf({ ...live, accounts: [dev, { ...prod, roles: [...prod.roles, prodDeployer] }] });
    expect(text).toContain('  Deployer:\n    accounts:\n      - dev\n      - prod\n    adopt: true\n    trust:\n      mfa: true\n');
    expect(deployer.trustPolicy).toBeDefined();
  });
});

describe('import: who a trust of the whole identity account lets in beside its users', () => {
  const withIdentityRoles = (roles: { name: string; policies: Record<string, unknown>[] }[]) => {
    const live = estate();
    return { ...live, identity: { ...live.identity, roles: roles.map((r) => ({ name: r.name, arn: `arn:aws:iam::${IDENTITY}:role/${r.name}`, policies: [{ Version: '2012-10-17', Statement: r.policies }] })) } };
  };
  const trustEntries = (live: LiveEstate) => mapEstate(live, OPTIONS).report.filter((e) => e.what === `its trust of the identity account ${IDENTITY}` && e.account === 'prod' && e.resource === 'role Admin');

  test('GIVEN a role of the hub whose policy allows sts:AssumeRole everywhere THEN the narrowing names it', () => {
    const [entry] = trustEntries(withIdentityRoles([{ name: 'OrganizationAccountAccessRole', policies: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, { name: 'ci', policies: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }]));
    expect(entry.kind).toBe('narrows');
    expect(entry.why).toMatch(/: roles of the identity account whose policies allow it \(conditions not evaluated\) lose it: OrganizationAccountAccessRole$/);
  });

  test('GIVEN no role of the hub allowed to assume it THEN no one loses access now: a note', () => {
    const [entry] = trustEntries(withIdentityRoles([{ name: 'ci', policies: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${DEV}:role/ReadOnly` }] }]));
    expect(entry.kind).toBe('note');
    expect(entry.why).toMatch(/: no role of the identity account has a policy allowing it today, so no one loses access now$/);
  });
});

describe('import: customer managed policies', () => {
  test('the same policy in every account is adopted under policies: and attached by name; the file loads with it adopted', () => {
    const model = parseOrg(yamlOf(estate()), 'imported.yaml');
    expect(model.policies).toEqual([expect.objectContaining({ name: 'ReadLogs', path: '/', description: 'Read logs', adopt: true })]);
  });

  test('a policy of one name that differs between accounts is not adopted: a note, and roles attach it by ARN (here: ReadOnly then differs between accounts, and is left out)', () => {
    const live = estate();
    const prod = live.accounts[1];
    const arn = `arn:aws:iam::${PROD}:policy/ReadLogs`;
    const changed = { ...prod, customerPolicies: { [arn]: { ...prod.customerPolicies[arn], document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:*', Resource: '*' }] } } } };
    const result = mapEstate({ ...live, accounts: [live.accounts[0], changed] }, OPTIONS);
    expect(result.report.filter((e) => e.resource === 'policy ReadLogs')).toEqual([
      { kind: 'note', account: 'every account', accountId: '-', resource: 'policy ReadLogs', what: 'the customer managed policy', why: `differs between accounts (${DEV}, ${PROD}): not adopted under policies:, attached by ARN and left unmanaged` },
    ]);
    expect(leftOut(result.report).filter((l) => l.startsWith('dev role ReadOnly'))).toEqual(['dev role ReadOnly: it differs between accounts dev, prod (managedPolicies): the org file defines a role once for all its accounts']);
    expect(result.draft.file.policies).toBeUndefined();
  });
});

test('roles not read (AWS\'s own, the deployment role) are in the report as left out, with why', () => {
  const live = estate();
  const dev = { ...live.accounts[0], skipped: [{ name: 'AWSServiceRoleForSupport', path: '/aws-service-role/support.amazonaws.com/', why: 'made and managed by AWS (path /aws-service-role/support.amazonaws.com/): never the org file\'s' }] };
  expect(mapEstate({ ...live, accounts: [dev, live.accounts[1]] }, OPTIONS).report.filter((e) => e.resource === 'role AWSServiceRoleForSupport')).toEqual([
    { kind: 'left-out', account: 'dev', accountId: DEV, resource: 'role AWSServiceRoleForSupport', what: 'the role (not read)', why: "made and managed by AWS (path /aws-service-role/support.amazonaws.com/): never the org file's" },
  ]);
});
