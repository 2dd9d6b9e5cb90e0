/**
 * Deterministic large orgs for the benchmark and the large-org test: `accounts` member accounts, 6 roles, `groups` groups whose grants
 * overlap irregularly (so accounts do not share one role set), written as org file YAML.
 */
export interface LargeOrgOptions {
  readonly accounts: number;
  readonly groups: number;
  readonly seed?: number;
  /** HCP Terraform mode: a cloud backend, and a bootstrap stack and a workspace per stack. */
  readonly hcpTerraform?: boolean;
  /**
   * Grants by organizational unit: 8 top-level units with 8 child units each; every account in one
   * child unit; groups grant roles for units (whole top-level units or child units), never by account.
   */
  readonly units?: boolean;
}

/** The unit keys of a `units` org: `ou-t<top>` and `ou-t<top>-c<child>`. */
const TOP_UNITS = 8;
const CHILD_UNITS = 8;
const unitId = (n: number) => `ou-bigc-${String(10000000 + n)}`;

/** A small seeded PRNG (mulberry32), so every run builds the same org. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const LARGE_ORG_ROLES = ['ReadOnly', 'Admin', 'Operator', 'Billing', 'Audit', 'Deploy'] as const;

/** The roles section of every generated org: the 6 roles in every account. */
const ROLE_LINES = [
    'roles:',
    '  ReadOnly: { accounts: "*", managedPolicies: [ReadOnlyAccess] }',
    '  Admin: { accounts: "*", managedPolicies: [AdministratorAccess], trust: { mfaMaxAgeSeconds: 3600 } }',
    '  Operator: { accounts: "*", managedPolicies: [PowerUserAccess], trust: { mfa: false } }',
    '  Billing: { accounts: "*", managedPolicies: [job-function/Billing] }',
    '  Audit: { accounts: "*", managedPolicies: [SecurityAudit], path: /audit/ }',
    '  Deploy:',
    '    accounts: "*"',
    '    managedPolicies: [PowerUserAccess]',
    '    trust: { principals: [arn:aws:iam::100000000000:role/ci/Pipeline], sessionTags: true }',
];

export function largeOrgYaml({ accounts, groups, seed = 42, hcpTerraform = false, units = false }: LargeOrgOptions): string {
  const rand = prng(seed);
  const keys = Array.from({ length: accounts }, (_, i) => `acct-${String(i).padStart(accounts > 10000 ? 5 : 4, '0')}`);
  if (units) return unitOrgYaml(keys, groups, rand);
  const lines: string[] = [
    'organization: bigco',
    'orgId: o-bigco00001',
    'region: us-east-1',
    'identity:',
    '  accountId: "100000000000"',
    ...(hcpTerraform ? ['deployment:', '  backend: { type: cloud, organization: bigco, project: iam, workspacePattern: "iam-{stack}" }', '  hcpTerraform: {}'] : []),
    'accounts:',
    ...keys.map((k, i) => `  ${k}: { accountId: "${String(200000000000 + i * 7919).padStart(12, '0')}", environment: ${['development', 'staging', 'production'][i % 3]} }`),
    ...ROLE_LINES,
    'groups:',
  ];
  for (let g = 0; g < groups; g++) {
    const grants: string[] = [];
    if (g === 0) grants.push('      ReadOnly: "*"', '      Audit: "*"');
    else {
      for (const role of LARGE_ORG_ROLES.slice(0, 5)) {
        const share = rand();
        if (share < 0.3) continue;
        const picked = keys.filter(() => rand() < share);
        if (picked.length > 0) grants.push(`      ${role}: [${picked.join(', ')}]`);
      }
    }
    lines.push(`  team-${String(g).padStart(2, '0')}:`, ...(grants.length > 0 ? ['    assume:', ...grants] : ['    assume: {}']));
  }
  return `${lines.join('\n')}\n`;
}

/** The same shape of org (6 roles in every account, `groups` groups) with every grant by organizational unit. */
function unitOrgYaml(keys: readonly string[], groups: number, rand: () => number): string {
  const children = Array.from({ length: TOP_UNITS }, (_, t) => Array.from({ length: CHILD_UNITS }, (_, c) => `ou-t${t}-c${c}`));
  const lines: string[] = [
    'organization: bigco',
    'orgId: o-bigco00001',
    'orgRootId: r-bigc',
    'region: us-east-1',
    'identity:',
    '  accountId: "100000000000"',
    'organizationalUnits:',
    ...children.flatMap((kids, t) => [
      `  ou-t${t}: { id: ${unitId(t * (CHILD_UNITS + 1))} }`,
      ...kids.map((kid, c) => `  ${kid}: { id: ${unitId(t * (CHILD_UNITS + 1) + c + 1)}, parent: ou-t${t} }`),
    ]),
    'accounts:',
    ...keys.map((k, i) => `  ${k}: { accountId: "${String(200000000000 + i * 7919).padStart(12, '0')}", environment: ${['development', 'staging', 'production'][i % 3]}, ou: ${children[i % TOP_UNITS][Math.floor(i / TOP_UNITS) % CHILD_UNITS]} }`),
    ...ROLE_LINES,
    'groups:',
  ];
  const tops = children.map((_, t) => `ou-t${t}`);
  for (let g = 0; g < groups; g++) {
    const grants: string[] = [];
    if (g === 0) grants.push(`      ReadOnly: { organizationalUnits: [${tops.join(', ')}] }`, `      Audit: { organizationalUnits: [${tops.join(', ')}] }`);
    else {
      for (const role of LARGE_ORG_ROLES.slice(0, 5)) {
        const share = rand();
        if (share < 0.3) continue;
        // Whole top-level units, or child units of the others: overlapping, irregular sets.
        const picked = children.flatMap((kids, t) => (rand() < share / 2 ? [tops[t]] : kids.filter(() => rand() < share / 3)));
        if (picked.length > 0) grants.push(`      ${role}: { organizationalUnits: [${picked.join(', ')}]${g % 7 === 3 ? ', until: "2099-12-31T23:59:59Z"' : ''} }`);
      }
    }
    lines.push(`  team-${String(g).padStart(2, '0')}:`, ...(grants.length > 0 ? ['    assume:', ...grants] : ['    assume: {}']));
  }
  return `${lines.join('\n')}\n`;
}
