/**
 * `npx cross-account-iam sandbox`, as a new user runs it: one command, the whole flow, nothing left
 * behind. It runs on the example org.yaml, and is that org's end-to-end deploy (the full-feature
 * org's, with drift, reorder, adopt and `cdktf deploy`, is emulator-full-feature.test.ts; see
 * ../helpers/emulator-suite.ts): every stack applied in its own account (the example org has no
 * cross-stack dependency, so any order is the dependency order), planned again with
 * `-detailed-exitcode` (empty), a member of each group calling sts:AssumeRole on every role (the
 * answers must be the org file's, read by the tests' own oracle, and the IAM simulator's), and
 * destroyed, the protected role refused and left in place.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadOrgFile } from '../../org/load';
import { readSynthesizedOrg } from '../../review/artifact';
import { EMULATOR_INSTALL_HINT, findOnPath } from '../../sandbox/emulator';
import { MOTO_PLUS_DECODING, MOTO_RESOURCE_MATCHING } from '../../sandbox/emulator-quirks';
import { runProcess } from '../../stacks/process';
import { deployedPrincipals } from '../../sandbox/access-check';
import { prepareStacks, synthesizeForEmulator } from '../../sandbox/deploy';
import { simulatorAllows } from '../helpers/emulator-suite';
import { readIntent } from '../helpers/intent';
import { EXAMPLE_ORG, FIXTURES, ROOT, tempDir } from '../helpers/synth';

const BIN = join(ROOT, 'bin', 'cross-account-iam.js');

const run = (args: string[], env: NodeJS.ProcessEnv = process.env) => runProcess(process.execPath, [BIN, ...args], { cwd: ROOT, env });

const withMoto = findOnPath('moto_server') || process.env.CI === 'true' ? test : test.skip;

describe('cross-account-iam sandbox', () => {
  withMoto(
    'on the example org: starts moto, deploys each stack in its own account, plans again (empty), checks access through STS against the org file and the simulator, tears everything down (exit 0)',
    async () => {
      const running = run(['sandbox', '--org', EXAMPLE_ORG]);

      // What the command must say, from the org file: the same synthesis for an emulator (any URL), read by the tests' own oracle.
      // (Worked out while the command runs; on a failure here the command is still waited for, leaving nothing running.)
      const expectations = async () => {
        const work = tempDir('cai-sandbox-expect-');
        await synthesizeForEmulator(loadOrgFile(EXAMPLE_ORG), join(work, 'cdktf.out'), 'http://127.0.0.1:5000', join(work, 'state'));
        const stacks = prepareStacks(join(work, 'cdktf.out'), join(work, 'stacks'), 'http://127.0.0.1:5000');
        const synth = readSynthesizedOrg(join(work, 'cdktf.out'));
        const intent = readIntent(EXAMPLE_ORG);
        const { roles } = deployedPrincipals(stacks);
        expect(stacks.map((s) => s.dependencies)).toEqual(stacks.map(() => []));
        expect(new Set(stacks.map((s) => s.accountId)).size).toBe(stacks.length);
        expect(stacks.filter((s) => s.protectedAddresses.length > 0).length).toBeGreaterThan(0);
        const access: string[] = [];
        for (const group of intent.groups) {
          const granted = roles.filter((r) => intent.grants.has(`${group}|${r.stack}|${r.name}`));
          for (const role of roles) {
            const simulator = await simulatorAllows(intent, synth, group, role);
            expect({ group, role: role.arn, simulator }).toEqual({ group, role: role.arn, simulator: granted.includes(role) });
          }
          access.push(`  ${group}: may assume ${granted.length === 0 ? 'nothing' : granted.map((r) => r.arn).join(', ')}; refused on ${roles.length - granted.length} other roles`);
        }
        expect(access.some((line) => !line.includes('may assume nothing'))).toBe(true);
        return { stacks, intent, roles, access };
      };
      const { stacks, intent, roles, access } = await expectations().catch(async (err: unknown) => {
        await running;
        throw err;
      });
      const { code, stdout, stderr } = await running;
      expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
      const lines = stdout.split('\n');
      const pid = Number(/^Emulator: http:\/\/127\.0\.0\.1:\d+ \(moto_server, pid (\d+), started here\)$/m.exec(stdout)?.[1]);
      const folder = /^Synthesized .* in (\/.*)\/cdktf\.out; Terraform state is local, in \1\/state \(the org file's backend is not used\)\.$/m.exec(stdout)?.[1];
      expect(pid).toBeGreaterThan(0);
      expect(folder).toBeDefined();
      const resources = (s: (typeof stacks)[number]) => Object.values(s.json.resource ?? {}).reduce((n, r) => n + Object.keys(r).length, 0);
      const expected: (string | RegExp)[] = [
        ...[...new Set(stacks.map((s) => s.deploymentRoleArn))].map((arn) => `Bootstrap: account ${arn.split(':')[4]}: deployment role ${arn}`),
        // Every resource of the emulator's copy created, in the stack's own account.
        ...stacks.map((s) => new RegExp(`^Applied ${s.name} in account ${s.accountId}: ${resources(s)} created \\[[\\d.]+ s\\]$`)),
        ...stacks.map((s) => `Planned ${s.name} again: no changes`),
        `Access through the STS API (a user in each group, ${intent.groups.length * roles.length} sts:AssumeRole calls; the emulator judges the group's policy, not trust policies or conditions):`,
        ...access,
        '  every answer matches the org file',
        ...stacks.map((s) =>
          s.protectedAddresses.length === 0 ? `Destroyed ${s.name}` : `Destroyed ${s.name}; left in place (protect: true refused the destroy, so they were taken out of the state): ${s.protectedAddresses.join(', ')}`,
        ),
        /^Torn down: emulator stopped, work folder removed\. All steps held \([\d.]+ s\)\.$/,
      ];
      const missing = expected.filter((e) => !lines.some((l) => (typeof e === 'string' ? l === e : e.test(l))));
      expect({ missing, stdout: missing.length > 0 ? stdout : '' }).toEqual({ missing: [], stdout: '' });
      expect(lines.filter((l) => /^(Applied|Planned|Destroyed) /.test(l))).toHaveLength(3 * stacks.length);
      expect(stdout).not.toMatch(/WRONG|FAILED|DeleteConflict/);
      expect(stderr).toContain('EMULATOR TARGET (CROSS_ACCOUNT_IAM_ENDPOINT is set): NOT A DEPLOYMENT TO AWS');
      expect(() => process.kill(pid, 0)).toThrow();
      expect(existsSync(folder!)).toBe(false);
    },
    8 * 60_000,
  );

  withMoto(
    'on names moto matches unlike AWS (a + in a path, x.y next to x-y, an unbalanced ( that makes it fail): its answers on them and its decoding of + are named as the emulator\'s, not as failures (exit 0)',
    async () => {
      const dir = tempDir('cai-sandbox-quirks-');
      const file = join(dir, 'org.yaml');
      writeFileSync(
        file,
        [
          'organization: quirks',
          'region: eu-west-1',
          'identity: { accountId: "100000000001" }',
          'accounts:',
          '  dev: { accountId: "100000000002" }',
          'roles:',
          '  Admin: { path: /team+a/, managedPolicies: [ReadOnlyAccess] }',
          '  x.y: { managedPolicies: [ReadOnlyAccess] }',
          '  x-y: { accounts: [dev], managedPolicies: [ReadOnlyAccess] }',
          '  Paren: { path: "/a(b/", managedPolicies: [ReadOnlyAccess] }',
          'groups:',
          '  ops:',
          '    assume: { Admin: [dev], x.y: [dev] }',
          '  auditors:',
          '    assume: { Paren: [dev] }',
          '',
        ].join('\n'),
      );
      const { code, stdout, stderr } = await run(['sandbox', '--org', file]);
      expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
      const lines = stdout.split('\n');
      const expected = [
        'Planned dev again: no changes',
        // moto hands back the group's policy with "team a" for "team+a"; AWS would not.
        `Planned identity again: no changes but the emulator's: update aws_iam_policy.group_ops_policy_ops-assume-roles (${MOTO_PLUS_DECODING})`,
        '  ops: may assume arn:aws:iam::100000000002:role/x.y; refused on 1 other roles',
        // moto refuses team+a/Admin, which the policy allows, and allows x-y, which it does not.
        `  ops: not judged by the emulator: arn:aws:iam::100000000002:role/team+a/Admin, arn:aws:iam::100000000002:role/x-y (${MOTO_RESOURCE_MATCHING})`,
        // An unbalanced ( in the auditors' policy makes moto fail their calls (HTTP 500): every one is set aside, judged from the policy.
        '  auditors: may assume nothing; refused on 0 other roles',
        '  every answer the emulator could judge matches the org file (6 not judged)',
      ];
      expect({ missing: expected.filter((e) => !lines.includes(e)), stdout }).toEqual({ missing: [], stdout });
      const auditors = lines.find((l) => l.startsWith('  auditors: not judged by the emulator: '));
      expect(auditors?.split(': ')[2].split(' (')[0].split(', ').sort()).toEqual(
        ['team+a/Admin', 'x.y', 'x-y', 'a(b/Paren'].map((r) => `arn:aws:iam::100000000002:role/${r}`).sort(),
      );
      expect(stdout).not.toMatch(/WRONG|FAILED/);
      expect(lines.at(-2)).toMatch(/^Torn down: emulator stopped, work folder removed\. All steps held \([\d.]+ s\)\.$/);
      rmSync(dir, { recursive: true, force: true });
    },
    4 * 60_000,
  );

  test('without moto_server on PATH: exit 2 with the install hint, nothing started', async () => {
    const { code, stderr } = await run(['sandbox', '--org', join(FIXTURES, 'minimal.yaml')], { ...process.env, PATH: dirname(process.execPath) });
    expect({ code, stderr }).toEqual({ code: 2, stderr: `cross-account-iam: moto_server was not found. ${EMULATOR_INSTALL_HINT}\n` });
  });

  test('--endpoint where nothing answers: exit 2 naming the URL', async () => {
    const { code, stderr } = await run(['sandbox', '--org', join(FIXTURES, 'minimal.yaml'), '--endpoint', 'http://127.0.0.1:9']);
    expect({ code, stderr }).toEqual({
      code: 2,
      stderr: 'cross-account-iam: No emulator answers at http://127.0.0.1:9. Start one (e.g. `moto_server -H 127.0.0.1 -p 5000`) or leave out the URL to start one here.\n',
    });
  });
});
