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
}

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

export function largeOrgYaml({ accounts, groups, seed = 42, hcpTerraform = false }: LargeOrgOptions): string {
  const rand = prng(seed);
  const keys = Array.from({ length: accounts }, (_, i) => `acct-${String(i).padStart(4, '0')}`);
  const lines: string[] = [
    'organization: bigco',
    'orgId: o-bigco00001',
    'region: us-east-1',
    'identity:',
    '  accountId: "100000000000"',
    ...(hcpTerraform ? ['deployment:', '  backend: { type: cloud, organization: bigco, project: iam, workspacePattern: "iam-{stack}" }', '  hcpTerraform: {}'] : []),
    'accounts:',
    ...keys.map((k, i) => `  ${k}: { accountId: "${String(200000000000 + i * 7919).padStart(12, '0')}", environment: ${['development', 'staging', 'production'][i % 3]} }`),
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
