import fc from 'fast-check';

/** A random valid org file as a plain object (to be written as YAML). */
export type RandomOrg = Record<string, unknown>;

const ROLE_NAMES = ['ReadOnly', 'Admin', 'Deploy', 'Audit', 'Data.Reader', 'ops+oncall'];
const GROUP_NAMES = ['developers', 'platform', 'auditors', 'data_team'];

/**
 * Random orgs that the contract says are valid: 1-`maxAccounts` accounts, up to 6 roles (some
 * placed by `accounts`, some only where groups grant them; MFA on or off, MFA age, paths, CI and
 * third-party principals with external ids, source IPs), up to 4 groups with lists or "*".
 */
export function randomOrg(maxAccounts = 5): fc.Arbitrary<RandomOrg> {
  return fc
    .record({
      accountCount: fc.integer({ min: 1, max: maxAccounts }),
      orgId: fc.boolean(),
      roleCount: fc.integer({ min: 1, max: 6 }),
      groupCount: fc.integer({ min: 0, max: 4 }),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    })
    .map(({ accountCount, orgId, roleCount, groupCount, seed }) => build(accountCount, orgId, roleCount, groupCount, seed));
}

function build(accountCount: number, withOrgId: boolean, roleCount: number, groupCount: number, seed: number): RandomOrg {
  let state = seed || 1;
  const rand = () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const subset = <T>(xs: readonly T[]) => {
    const out = xs.filter(() => rand() < 0.5);
    return out.length > 0 ? out : [pick(xs)];
  };
  const identity = '100000000001';
  const accountKeys = Array.from({ length: accountCount }, (_, i) => `acct${i}`);
  const accountIds = accountKeys.map((_, i) => String(200000000000 + i * 1013));
  const roles: Record<string, Record<string, unknown>> = {};
  const roleNames = ROLE_NAMES.slice(0, roleCount);
  const groups: Record<string, { assume: Record<string, unknown> }> = {};
  for (const g of GROUP_NAMES.slice(0, groupCount)) groups[g] = { assume: {} };

  for (const name of roleNames) {
    const role: Record<string, unknown> = { managedPolicies: [pick(['ReadOnlyAccess', 'PowerUserAccess', 'job-function/ViewOnlyAccess'])] };
    const placement = rand();
    if (placement < 0.4) role.accounts = '*';
    else if (placement < 0.8) role.accounts = subset(accountKeys);
    if (rand() < 0.3) role.path = pick(['/teams/', '/a/b/']);
    const trust: Record<string, unknown> = {};
    if (rand() < 0.3) trust.mfa = false;
    const principals: string[] = [];
    if (rand() < 0.35) principals.push(`arn:aws:iam::${pick([identity, ...accountIds])}:role/ci/Runner`);
    if (rand() < 0.3) principals.push(`arn:aws:iam::${pick(['999999999999', '888888888888'])}:role/Vendor`);
    if (principals.length > 0) trust.principals = principals;
    if (principals.some((p) => p.includes('999999999999') || p.includes('888888888888')) || (principals.length > 0 && rand() < 0.3)) trust.externalId = `ext-${Math.floor(rand() * 1e6)}`;
    if (rand() < 0.2) trust.sourceIps = ['198.51.100.0/24'];
    if (rand() < 0.2) trust.sessionTags = true;
    if (rand() < 0.2) trust.sourceIdentity = true;
    if (Object.keys(trust).length > 0) role.trust = trust;
    roles[name] = role;
  }

  // Grants: from each group, some roles, in a list of the role's accounts or "*".
  const granted = new Set<string>();
  for (const g of Object.keys(groups)) {
    for (const name of roleNames) {
      if (rand() < 0.5) continue;
      const own = roles[name].accounts;
      const where = own === '*' || own === undefined ? accountKeys : (own as string[]);
      groups[g].assume[name] = rand() < 0.3 ? '*' : subset(where);
      granted.add(name);
    }
  }
  for (const name of roleNames) {
    const role = roles[name];
    // A role without accounts must be granted somewhere; MFA age only where people can assume it.
    if (role.accounts === undefined && !granted.has(name)) role.accounts = subset(accountKeys);
    const trust = (role.trust ?? {}) as Record<string, unknown>;
    if (granted.has(name) && trust.mfa !== false && rand() < 0.4) role.trust = { ...trust, mfaMaxAgeSeconds: pick([300, 900, 3600]) };
  }

  return {
    organization: 'randomorg',
    ...(withOrgId ? { orgId: 'o-random00001' } : {}),
    region: 'eu-west-1',
    identity: { accountId: identity },
    accounts: Object.fromEntries(accountKeys.map((k, i) => [k, { accountId: accountIds[i] }])),
    roles,
    groups,
  };
}
