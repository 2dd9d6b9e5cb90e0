/**
 * 1,000 accounts, 6 roles, 20 groups: every policy stays within IAM's default limits, and a sample
 * of pairs judged by the IAM simulator over the synthesized JSON equals the org file's intent.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { policySize } from '../../policy/document';
// IAM's default quotas, written out rather than read from the code under test.
import { readSynthesizedOrg, SynthesizedOrg } from '../../review/artifact';
import { validateStack, writeOfflineCliConfig } from '../../stacks/terraform';
import { readIntent, Intent } from '../helpers/intent';
import { largeOrgYaml, prng } from '../../bench/generate-org';
import { isAllowed, userCaller } from '../helpers/simulator';
import { ROOT, tempDir } from '../helpers/synth';

describe('a 1,000-account org', () => {
  let out: string;
  let synth: SynthesizedOrg;
  let intent: Intent;

  beforeAll(() => {
    const dir = tempDir('cai-large-');
    const file = join(dir, 'org.yaml');
    writeFileSync(file, largeOrgYaml({ accounts: 1000, groups: 20 }));
    // The compiled app, as `cdktf synth` runs it: large orgs are synthesized on every core.
    out = join(dir, 'cdktf.out');
    const run = spawnSync(process.execPath, [join(ROOT, 'dist', 'main.js')], { env: { ...process.env, ORG_CONFIG: file, CDKTF_OUTDIR: out }, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr);
    synth = readSynthesizedOrg(out);
    intent = readIntent(file);
  }, 300_000);

  test('synthesizes identity and 1,000 account stacks with 6 roles each', () => {
    expect(synth.accounts).toHaveLength(1000);
    expect(synth.accounts.every((a) => a.roles.length === 6)).toBe(true);
    expect(synth.identity!.groups).toHaveLength(20);
  });

  test('every group policy is within 6,144 characters and no group has more than 10', () => {
    const sizes = synth.identity!.groups.map((g) => ({ group: g.name, count: g.policies.length, largest: Math.max(...g.policies.map((p) => policySize(JSON.stringify(p.document)))) }));
    for (const s of sizes) {
      expect(s.count).toBeLessThanOrEqual(10);
      expect(s.largest).toBeLessThanOrEqual(6144);
    }
    // The grants really are large: written out as ARNs they would not fit.
    const pairs = intent.grants.size;
    expect(pairs).toBeGreaterThan(20_000);
  });

  test('every trust policy is within 2,048 characters', () => {
    for (const account of synth.accounts) for (const role of account.roles) expect(policySize(JSON.stringify(role.trustPolicy))).toBeLessThanOrEqual(2048);
  });

  test('a sample of 800 group x account x role pairs: allowed exactly when granted', async () => {
    const rand = prng(7);
    const accountKeys = Object.keys(intent.accounts);
    const roles = Object.keys(intent.roles);
    const wrong: string[] = [];
    let granted = 0;
    for (let i = 0; i < 800; i++) {
      const group = intent.groups[Math.floor(rand() * intent.groups.length)];
      const account = accountKeys[Math.floor(rand() * accountKeys.length)];
      const role = roles[Math.floor(rand() * roles.length)];
      const expected = intent.grants.has(`${group}|${account}|${role}`);
      if (expected) granted++;
      const deployed = synth.accounts.find((a) => a.stack === account)!.roles.find((r) => r.name === role)!;
      const allowed = await isAllowed({
        caller: userCaller(intent.identityAccountId, 'alice'),
        roleArn: deployed.arn,
        identityPolicies: synth.identity!.groups.find((g) => g.name === group)!.policies.map((p) => p.document),
        trustPolicy: deployed.trustPolicy,
        context: { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '10', 'aws:PrincipalOrgID': intent.orgId! },
      });
      if (allowed !== expected) wrong.push(`${group} -> ${role}@${account}: ${allowed}`);
    }
    expect(wrong).toEqual([]);
    expect(granted).toBeGreaterThan(100);
  });

  test('terraform validate passes on the identity stack and a sample of account stacks', async () => {
    const cli = writeOfflineCliConfig(tempDir('cai-tf-'));
    // The identity stack is the large one; account stacks are all alike, so one stands for them.
    const sample = ['identity', 'acct-0999'];
    for (const stack of sample) expect(readdirSync(join(out, 'stacks'))).toContain(stack);
    const results = await Promise.all(sample.map(async (stack) => ({ stack, ...(await validateStack(join(out, 'stacks', stack), cli)) })));
    expect(results.map((r) => [r.stack, r.valid, r.output])).toEqual(sample.map((stack) => [stack, true, '']));
  });
});
