/**
 * The end-to-end suite against an AWS API emulator (moto_server), for one org file: apply every
 * stack (one through the real `cdktf deploy` when asked), plan again, adopt, check access through
 * STS against the simulator, drift, reorder, destroy. One emulator per suite; stacks 2 at a time.
 *
 * What runs where (each terraform command starts the AWS provider 3-5 times, ~1 s of CPU each, so
 * every org is deployed once):
 * - emulator-full-feature.test.ts: this suite on fixtures/full-feature.yaml, which turns every
 *   feature on (its first test proves it): one stack through `cdktf deploy`, apply in dependency
 *   order (it has a cross-stack dependency), the second plan, adopt, access through STS against the
 *   org file and the simulator, drift (every kind), reorder, protect and destroy. Drift, reorder,
 *   adopt and protect are properties of the generated resources, not of one org: proven here once,
 *   for every org.
 * - emulator-sandbox-cli.test.ts: `npx cross-account-iam sandbox` on the example org.yaml, which
 *   deploys every stack in its own account, plans each again (empty), checks access through STS
 *   (compared there with the org file and the simulator), and destroys (its protected role refused
 *   and left in place).
 *
 * What the emulator cannot check, and what proves it instead:
 * - `aws_accessanalyzer_analyzer` (moto answers HTTP 500) and `aws_organizations_policy_attachment`
 *   (its targets are the real organization's ids) are left out of the emulator's copy of a stack
 *   (UNSUPPORTED_IN_EMULATOR): stacks/deploy.test.ts validates them (the guarded org).
 * - moto judges the caller's identity policy (the group's) on sts:AssumeRole, not trust policies
 *   and not conditions (MFA, external id, source IP, org id): access-matrix.test.ts and
 *   perimeter.test.ts prove those with the IAM simulator.
 */
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, visit as visitYaml, YAMLMap, YAMLSeq } from 'yaml';
import { loadOrgFile } from '../../org/load';
import { readSynthesizedOrg, SynthesizedOrg } from '../../review/artifact';
import { ApiCall, callApiOrFail, Emulator, EMULATOR_INSTALL_HINT, findOnPath, startEmulator } from '../../sandbox/emulator';
import { assumeThroughApi, DeployedRole, deployedPrincipals } from '../../sandbox/access-check';
import {
  apply,
  bootstrapAccounts,
  destroy,
  inDependencyOrder,
  plan,
  prepareStacks,
  SandboxStack,
  StackPlanResult,
  StackRun,
  synthesizeForEmulator,
  terraformErrors,
  withoutEndpointOverrides,
} from '../../sandbox/deploy';
import { runTerraform, writeOfflineCliConfig } from '../../stacks/terraform';
import { EMULATOR_PROFILE, emulatorOutputValue, ENDPOINT_ENV, ENDPOINT_STATE_ENV, providerEndpoint } from '../../stacks/emulator-target';
import { Intent, readIntent } from './intent';
import { isAllowed, userCaller } from './simulator';
import { ROOT, tempDir } from './synth';

const CONCURRENCY = 2;
const MINUTE = 60_000;

export interface EmulatorSuiteOptions {
  /** Apply this suite's first stack without dependencies or left-out resources through `cdktf deploy` instead of `terraform apply`. */
  readonly cdktfDeploy?: boolean;
}

type Json = Record<string, unknown>;

/** moto_server is required in CI (CI=true): missing, the suite fails with the install hint; elsewhere it is skipped with the same hint. */
function emulatorDescribe(title: string): jest.Describe {
  if (findOnPath('moto_server') || process.env.CI === 'true') return describe;
  process.stdout.write(`${title}: skipped, moto_server was not found. ${EMULATOR_INSTALL_HINT}\n`);
  return describe.skip;
}

export function emulatorSuite(title: string, orgPath: string, options: EmulatorSuiteOptions = {}): void {
  const model = loadOrgFile(orgPath);
  const adopts = model.roles.some((r) => r.adopt) || model.groups.some((g) => g.adopt);
  const protects = model.roles.some((r) => r.protect);

  emulatorDescribe(title)(title, () => {
    let emulator: Emulator | undefined;
    let work: string;
    let outdir: string;
    let stateDir: string;
    let cli: string;
    let stacks: SandboxStack[] = [];
    const applied = new Map<string, StackPlanResult | StackRun>();
    const timeline = new Map<string, { start: number; end: number }>();
    const adoptedIds = new Map<string, string>();
    const timings: string[] = [];
    const suiteStart = Date.now();
    const timed = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
      const t = Date.now();
      try {
        return await fn();
      } finally {
        timings.push(`${label} ${((Date.now() - t) / 1000).toFixed(1)} s`);
      }
    };
    const stack = (name: string) => stacks.find((s) => s.name === name)!;
    const api = (calls: ApiCall[]) => callApiOrFail(emulator!.url, stacks[0].region, calls);

    beforeAll(async () => {
      // Fails here, with the install hint, when CI has no moto_server.
      emulator = await startEmulator();
      work = tempDir('cai-emulator-');
      outdir = join(work, 'cdktf.out');
      stateDir = join(work, 'state');
      cli = writeOfflineCliConfig(join(work, 'terraform-cli'));
      await synthesizeForEmulator(model, outdir, emulator.url, stateDir);
      stacks = prepareStacks(outdir, join(work, 'stacks'), emulator.url);
      await timed('bootstrap', () => bootstrapAccounts(emulator!.url, stacks));
      // What adopt: true will find: made by hand, its id noted to prove it is adopted in place.
      for (const s of stacks) {
        const as = { roleArn: s.deploymentRoleArn };
        const calls = s.imports.map(({ to, id }): ApiCall => (to.startsWith('aws_iam_role.') ? { as, service: 'iam', method: 'get_role', params: { RoleName: id } } : { as, service: 'iam', method: 'get_group', params: { GroupName: id } }));
        (await callApiOrFail(emulator.url, s.region, calls)).forEach((r, i) => adoptedIds.set(`${s.name} ${s.imports[i].to}`, r.result.Role?.RoleId ?? r.result.Group?.GroupId));
      }
    }, 2 * MINUTE);

    afterAll(async () => {
      await emulator?.stop();
      if (work) rmSync(work, { recursive: true, force: true });
      process.stdout.write(`${title}: ${stacks.length} stacks; ${timings.join(', ')}; suite ${((Date.now() - suiteStart) / 1000).toFixed(1)} s\n`);
    }, MINUTE);

    test('the synthesized stacks point at the emulator, with local state, and the unsupported resources are named', () => {
      expect(stacks.length).toBe(1 + model.accounts.length + (model.guardrails.organization ? 1 : 0));
      for (const s of stacks) {
        const provider = (s.json.provider?.aws as Json[])[0];
        expect({ profile: provider.profile, files: provider.shared_config_files, endpoint: providerEndpoint(provider) }).toEqual({ profile: EMULATOR_PROFILE, files: [join(stateDir, 'aws-config')], endpoint: emulator!.url });
        expect(provider.endpoints).toBeUndefined();
        expect(s.json.terraform?.backend).toEqual({ local: { path: join(stateDir, `${s.name}.tfstate`) } });
        for (const address of s.skipped) expect(address).toMatch(/^(aws_accessanalyzer_analyzer|aws_organizations_policy_attachment)\./);
      }
    });

    test(
      'every stack applies, in dependency order, each in its own account' + (options.cdktfDeploy ? ' (one through `cdktf deploy`)' : ''),
      async () => {
        // Preferably a stack the emulator takes whole, so that cdktf synthesizes it itself from the org file.
        const viaCdktf = options.cdktfDeploy ? (stacks.find((s) => s.dependencies.length === 0 && s.skipped.length === 0) ?? stacks.find((s) => s.dependencies.length === 0)) : undefined;
        if (options.cdktfDeploy) expect(viaCdktf).toBeDefined();
        const { results, notRun } = await timed('apply', () =>
          inDependencyOrder(stacks, CONCURRENCY, async (s) => {
            const start = Date.now();
            const run = s === viaCdktf ? await cdktfDeploy(s) : await apply(s, cli);
            timeline.set(s.name, { start, end: Date.now() });
            applied.set(s.name, run);
            return run;
          }),
        );
        expect(notRun).toEqual([]);
        expect(Object.fromEntries([...results].map(([n, r]) => [n, r.code === 0 ? 'applied' : terraformErrors(r)]))).toEqual(Object.fromEntries(stacks.map((s) => [s.name, 'applied'])));
        for (const s of stacks) for (const d of s.dependencies) expect(timeline.get(s.name)!.start).toBeGreaterThanOrEqual(timeline.get(d)!.end);
        // cdktf deploy says where it deployed: the emulator_target output.
        // (cdktf wraps long lines anywhere: compared without white space)
        if (viaCdktf) expect(applied.get(viaCdktf.name)!.stdout.replace(/\s+/g, '')).toContain(`emulator_target = ${emulatorOutputValue({ endpoint: emulator!.url, stateDir }, join(stateDir, `${viaCdktf.name}.tfstate`))}`.replace(/\s+/g, ''));

        // Each account holds exactly the roles its stacks declare (and the deployment role); the identity account exactly the groups.
        const { roles, groups, identity } = deployedPrincipals(stacks);
        const accounts = [...new Set(stacks.map((s) => s.accountId))];
        const listed = await api(accounts.map((a) => ({ as: { roleArn: stacks.find((s) => s.accountId === a)!.deploymentRoleArn }, service: 'iam', method: 'list_roles', params: { MaxItems: 1000 } })));
        accounts.forEach((account, i) => {
          const deployment = new Set(stacks.filter((s) => s.accountId === account).map((s) => s.deploymentRoleArn));
          const inAccount = (listed[i].result.Roles as { Arn: string }[]).map((r) => r.Arn).filter((arn) => !deployment.has(arn)).sort();
          const expected = roles.filter((r) => stack(r.stack).accountId === account).map((r) => r.arn).sort();
          expect({ account, roles: inAccount }).toEqual({ account, roles: expected });
        });
        if (identity) {
          const [g] = await api([{ as: { roleArn: identity.deploymentRoleArn }, service: 'iam', method: 'list_groups', params: { MaxItems: 1000 } }]);
          expect((g.result.Groups as { GroupName: string; Arn: string }[]).map((x) => x.Arn).sort()).toEqual(groups.map((x) => `arn:aws:iam::${identity.accountId}:group${x.path}${x.name}`).sort());
        }
      },
      8 * MINUTE,
    );

    test(
      'a second `terraform plan -detailed-exitcode` on every stack is empty',
      async () => {
        const { results } = await timed('second plan', () => inDependencyOrder(independent(stacks), CONCURRENCY, async (s) => ({ ...(await plan(s, cli)), code: 0 })));
        expect(Object.fromEntries([...results].map(([n, r]) => [n, r.exitCode === 0 ? 'no changes' : r.exitCode === 2 ? r.changes : terraformErrors(r)]))).toEqual(
          Object.fromEntries(stacks.map((s) => [s.name, 'no changes'])),
        );
      },
      5 * MINUTE,
    );

    if (adopts) {
      test('adopt: true imports the resource made by hand in place: planned as an import, never created or replaced, same id after', async () => {
        const withImports = stacks.filter((s) => s.imports.length > 0);
        expect(withImports.length).toBeGreaterThan(0);
        const ids: ApiCall[] = [];
        for (const s of withImports) {
          const run = applied.get(s.name) as StackPlanResult;
          expect(run.imports).toBe(s.imports.length);
          for (const { to, id } of s.imports) {
            const planned = run.changes.filter((c) => c.address === to);
            expect(planned).toHaveLength(1);
            expect(planned[0].importing).toBe(true);
            expect(['import', 'update', 'no-op']).toContain(planned[0].action);
            const as = { roleArn: s.deploymentRoleArn };
            ids.push(to.startsWith('aws_iam_role.') ? { as, service: 'iam', method: 'get_role', params: { RoleName: id } } : { as, service: 'iam', method: 'get_group', params: { GroupName: id } });
          }
        }
        const after = await api(ids);
        const keys = withImports.flatMap((s) => s.imports.map((i) => `${s.name} ${i.to}`));
        expect(keys.map((k, i) => [k, after[i].result.Role?.RoleId ?? after[i].result.Group?.GroupId])).toEqual(keys.map((k) => [k, adoptedIds.get(k)]));
      });
    }

    test(
      'through the STS API, a member of each group may assume exactly the roles the org file grants, as the IAM simulator says',
      async () => {
        const answers = await timed('access through STS', () => assumeThroughApi(emulator!.url, stacks));
        const intent = readIntent(orgPath);
        const synth = readSynthesizedOrg(outdir);
        const { roles } = deployedPrincipals(stacks);
        expect(answers).toHaveLength(intent.groups.length * roles.length);
        const wrong: string[] = [];
        for (const a of answers) {
          const role = roles.find((r) => r.arn === a.roleArn)!;
          const granted = intent.grants.has(`${a.group}|${role.stack}|${role.name}`);
          const simulator = await simulatorAllows(intent, synth, a.group, role);
          if (a.allowed !== granted || simulator !== granted) wrong.push(`${a.group} -> ${a.roleArn}: org file ${granted ? 'grants' : 'does not grant'}, emulator ${a.allowed ? 'allowed' : a.code}${a.message ? ` (${a.message})` : ''}, simulator ${simulator ? 'allowed' : 'denied'}`);
        }
        expect(wrong).toEqual([]);
        // As many allowed as the org file grants on deployed roles: the emulator said yes and no where it should.
        const grantedPairs = answers.filter((a) => {
          const role = roles.find((r) => r.arn === a.roleArn)!;
          return intent.grants.has(`${a.group}|${role.stack}|${role.name}`);
        }).length;
        expect(answers.filter((a) => a.allowed)).toHaveLength(grantedPairs);
        expect(answers.filter((a) => !a.allowed)).toHaveLength(answers.length - grantedPairs);
      },
      2 * MINUTE,
    );

    test(
      'drift made by hand (a managed policy attached, inline policies on a role and a group, a trust policy edited, a tag changed) is reverted by the next apply, and nothing else changes',
      async () => {
        const target = [...stacks]
          .filter((s) => Object.keys(s.json.resource?.aws_iam_role ?? {}).length > 0)
          .sort((a, b) => Object.keys(b.json.resource!.aws_iam_role).length - Object.keys(a.json.resource!.aws_iam_role).length)[0];
        const identity = stacks.find((s) => Object.keys(s.json.resource?.aws_iam_group ?? {}).length > 0);
        expect(target ?? identity).toBeDefined();
        const refersTo = (r: Json, address: string) => JSON.stringify(r).includes(`\${${address}.name}`);
        const addressOf = (s: SandboxStack, type: string, ref: string) => {
          const found = Object.entries(s.json.resource?.[type] ?? {}).find(([, r]) => refersTo(r, ref));
          if (!found) throw new Error(`${s.name} has no ${type} for ${ref}: nothing would revert drift made by hand`);
          return `${type}.${found[0]}`;
        };
        const byHand = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] });
        const strangerTrust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::777777777777:root' }, Action: 'sts:AssumeRole' }] });
        const drift: ApiCall[] = [];
        const expected = new Map<string, string[]>();
        const checks: { call: ApiCall; expect: (result: Json) => void }[] = [];

        if (target) {
          const [roleId, role] = Object.entries(target.json.resource!.aws_iam_role)[0];
          const roleName = String(role.name);
          const declaredArns = ((Object.values(target.json.resource!.aws_iam_role_policy_attachments_exclusive).find((r) => refersTo(r, `aws_iam_role.${roleId}`))!.policy_arns as string[]) ?? []).slice().sort();
          const declaredInline = Object.values(target.json.resource!.aws_iam_role_policy ?? {}).filter((r) => refersTo(r, `aws_iam_role.${roleId}`)).map((r) => String(r.name)).sort();
          const extraPolicy = ['arn:aws:iam::aws:policy/IAMReadOnlyAccess', 'arn:aws:iam::aws:policy/AWSSupportAccess'].find((p) => !declaredArns.includes(p))!;
          const as = { roleArn: target.deploymentRoleArn };
          drift.push(
            { as, service: 'iam', method: 'attach_role_policy', params: { RoleName: roleName, PolicyArn: extraPolicy } },
            { as, service: 'iam', method: 'put_role_policy', params: { RoleName: roleName, PolicyName: 'added-by-hand', PolicyDocument: byHand } },
            { as, service: 'iam', method: 'update_assume_role_policy', params: { RoleName: roleName, PolicyDocument: strangerTrust } },
            { as, service: 'iam', method: 'tag_role', params: { RoleName: roleName, Tags: [{ Key: 'ManagedBy', Value: 'someone-by-hand' }] } },
          );
          expected.set(target.name, [
            `update aws_iam_role.${roleId}`,
            `update ${addressOf(target, 'aws_iam_role_policy_attachments_exclusive', `aws_iam_role.${roleId}`)}`,
            `update ${addressOf(target, 'aws_iam_role_policies_exclusive', `aws_iam_role.${roleId}`)}`,
          ]);
          checks.push(
            { call: { as, service: 'iam', method: 'list_attached_role_policies', params: { RoleName: roleName } }, expect: (r) => expect((r.AttachedPolicies as { PolicyArn: string }[]).map((p) => p.PolicyArn).sort()).toEqual(declaredArns) },
            { call: { as, service: 'iam', method: 'list_role_policies', params: { RoleName: roleName } }, expect: (r) => expect((r.PolicyNames as string[]).slice().sort()).toEqual(declaredInline) },
            {
              call: { as, service: 'iam', method: 'get_role', params: { RoleName: roleName } },
              expect: (r) => {
                const got = r.Role as { AssumeRolePolicyDocument: unknown; Tags?: { Key: string; Value: string }[] };
                const trust = got.AssumeRolePolicyDocument;
                expect(typeof trust === 'string' ? JSON.parse(decodeURIComponent(trust)) : trust).toEqual(JSON.parse(String(role.assume_role_policy).replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{')));
                expect((got.Tags ?? []).find((t) => t.Key === 'ManagedBy')?.Value).toBe('cross-account-iam');
              },
            },
          );
        }
        if (identity) {
          const [groupId, group] = Object.entries(identity.json.resource!.aws_iam_group)[0];
          const as = { roleArn: identity.deploymentRoleArn };
          drift.push({ as, service: 'iam', method: 'put_group_policy', params: { GroupName: String(group.name), PolicyName: 'added-by-hand', PolicyDocument: byHand } });
          expected.set(identity.name, [...(expected.get(identity.name) ?? []), `update ${addressOf(identity, 'aws_iam_group_policies_exclusive', `aws_iam_group.${groupId}`)}`]);
          checks.push({ call: { as, service: 'iam', method: 'list_group_policies', params: { GroupName: String(group.name) } }, expect: (r) => expect(r.PolicyNames).toEqual([]) });
        }
        await api(drift);

        const drifted = stacks.filter((s) => expected.has(s.name));
        const runs = await timed('drift apply', () => Promise.all(drifted.map((s) => apply(s, cli))));
        expect(runs.map((r) => (r.code === 0 ? 'applied' : terraformErrors(r)))).toEqual(drifted.map(() => 'applied'));
        expect(Object.fromEntries(runs.map((r, i) => [drifted[i].name, r.changes.map((c) => `${c.action} ${c.address}`).sort()]))).toEqual(
          Object.fromEntries(drifted.map((s) => [s.name, expected.get(s.name)!.slice().sort()])),
        );
        const after = await api(checks.map((c) => c.call));
        checks.forEach((c, i) => c.expect(after[i].result as Json));
      },
      5 * MINUTE,
    );

    test(
      'reordering the org file and writing AWS managed policies as full ARNs changes no resource',
      async () => {
        const text = readFileSync(orgPath, 'utf8');
        const reordered = reorderOrgFile(text);
        expect(reordered).not.toBe(text);
        const file = join(work, 'reordered.yaml');
        writeFileSync(file, reordered);
        const out2 = join(work, 'cdktf.reordered');
        await synthesizeForEmulator(loadOrgFile(file), out2, emulator!.url, stateDir);
        const again = prepareStacks(out2, join(work, 'stacks-reordered'), emulator!.url);
        expect(again.map((s) => s.name)).toEqual(stacks.map((s) => s.name));
        // The same JSON up to what Terraform itself ignores (object key order, set order as the provider's schema declares it) plans the same;
        // any other difference must still plan no resource change against what is deployed. (The schema is read only when some JSON differs.)
        const unlike = again.filter((s) => JSON.stringify(s.json) !== JSON.stringify(stack(s.name).json));
        const sets = unlike.length > 0 ? await setAttributes(stacks[0], cli) : new Map<string, Set<string>>();
        const differ = unlike.filter((s) => JSON.stringify(canonical(s.json, sets)) !== JSON.stringify(canonical(stack(s.name).json, sets)));
        const { results } = await timed(`reordered plan (${differ.length} of ${stacks.length} stacks differ)`, () =>
          inDependencyOrder(independent(differ), CONCURRENCY, async (s) => ({ ...(await plan(s, cli)), code: 0 })),
        );
        expect(Object.fromEntries([...results].map(([n, r]) => [n, r.exitCode === 1 ? terraformErrors(r) : r.changes]))).toEqual(Object.fromEntries(differ.map((s) => [s.name, []])));
        // Outputs may only change order: a list of role ARNs follows the org file's order.
        for (const [name, r] of results) {
          const before = (stack(name).json as { output?: Record<string, { value: unknown }> }).output ?? {};
          const after = (again.find((s) => s.name === name)!.json as { output?: Record<string, { value: unknown }> }).output ?? {};
          for (const change of r.outputChanges) {
            const output = change.split(' ')[1];
            const sorted = (v: unknown) => JSON.stringify(Array.isArray(v) ? [...v].map(String).sort() : v);
            expect({ output, value: sorted(after[output]?.value) }).toEqual({ output, value: sorted(before[output]?.value) });
          }
          if (r.outputChanges.length > 0) process.stdout.write(`${title}: reordering the org file reorders outputs of ${name} (no resource changes): ${r.outputChanges.join(', ')}\n`);
        }
      },
      5 * MINUTE,
    );

    test(
      (protects ? 'protect: true makes destroy fail for that role; ' : '') + 'destroy of the rest succeeds in reverse dependency order with no DeleteConflict, and leaves nothing else behind',
      async () => {
        const runs = new Map<string, Awaited<ReturnType<typeof destroy>>>();
        const { notRun } = await timed('destroy', () =>
          inDependencyOrder(
            stacks,
            CONCURRENCY,
            async (s) => {
              const run = await destroy(s, cli);
              runs.set(s.name, run);
              return run;
            },
            { reverse: true },
          ),
        );
        expect(notRun).toEqual([]);
        expect(Object.fromEntries([...runs].map(([n, r]) => [n, r.code === 0 ? 'destroyed' : terraformErrors(r)]))).toEqual(Object.fromEntries(stacks.map((s) => [s.name, 'destroyed'])));
        for (const [name, run] of runs) {
          expect(`${name}: ${run.stdout}${run.stderr}${run.refused?.stdout ?? ''}`).not.toContain('DeleteConflict');
          const s = stack(name);
          if (s.protectedAddresses.length === 0) expect(run.refused).toBeUndefined();
          else {
            expect(run.refused?.code).toBe(1);
            for (const address of s.protectedAddresses) expect(run.refused!.stdout + run.refused!.stderr).toMatch(new RegExp(`Instance cannot be destroyed[\\s\\S]*${address.replace(/[.[\]]/g, '\\$&')}|${address.replace(/[.[\]]/g, '\\$&')}[\\s\\S]*prevent_destroy`));
            expect(run.leftInPlace).toEqual(s.protectedAddresses);
          }
        }
        if (protects) expect(stacks.some((s) => s.protectedAddresses.length > 0)).toBe(true);

        // Left behind: the deployment roles, and the protected roles only.
        const { roles, identity } = deployedPrincipals(stacks);
        const keep = new Set(stacks.flatMap((s) => s.protectedAddresses.map((a) => roles.find((r) => r.stack === s.name && `aws_iam_role.${Object.entries(s.json.resource!.aws_iam_role).find(([, x]) => x.name === r.name)![0]}` === a)!.arn)));
        const accounts = [...new Set(stacks.map((s) => s.accountId))];
        const listed = await api(accounts.map((a) => ({ as: { roleArn: stacks.find((s) => s.accountId === a)!.deploymentRoleArn }, service: 'iam', method: 'list_roles', params: { MaxItems: 1000 } })));
        const left = accounts.flatMap((a, i) => {
          const deployment = new Set(stacks.filter((s) => s.accountId === a).map((s) => s.deploymentRoleArn));
          return (listed[i].result.Roles as { Arn: string }[]).map((r) => r.Arn).filter((arn) => !deployment.has(arn));
        });
        expect(left.sort()).toEqual([...keep].sort());
        if (identity) {
          const [groups, policies] = await api([
            { as: { roleArn: identity.deploymentRoleArn }, service: 'iam', method: 'list_groups' },
            { as: { roleArn: identity.deploymentRoleArn }, service: 'iam', method: 'list_policies', params: { Scope: 'Local' } },
          ]);
          expect(groups.result.Groups).toEqual([]);
          expect(policies.result.Policies).toEqual([]);
        }
      },
      6 * MINUTE,
    );

    /** The platform team's command, as the user guide gives it, with the endpoint on. */
    function cdktfDeploy(s: SandboxStack): Promise<StackRun> {
      const start = Date.now();
      // A stack with resources the emulator cannot take is deployed from its emulator copy (--skip-synth).
      // --skip-provider-lock: `terraform providers lock` would ask the registry; the provider comes from the mirror.
      let args = ['deploy', s.name, '--auto-approve', '--skip-provider-lock', '--output', join(work, 'cdktf.deploy')];
      if (s.skipped.length > 0) {
        const prepared = join(work, 'cdktf.prepared');
        cpSync(outdir, prepared, { recursive: true });
        writeFileSync(join(prepared, 'stacks', s.name, 'cdk.tf.json'), JSON.stringify(s.json, null, 2));
        args = ['deploy', s.name, '--auto-approve', '--skip-provider-lock', '--skip-synth', '--output', prepared];
      }
      return new Promise((done, fail) => {
        const child = spawn(join(ROOT, 'node_modules', '.bin', 'cdktf'), args, {
          cwd: ROOT,
          env: { ...process.env, ...withoutEndpointOverrides(), ORG_CONFIG: orgPath, [ENDPOINT_ENV]: emulator!.url, [ENDPOINT_STATE_ENV]: stateDir, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: cli, AWS_EC2_METADATA_DISABLED: 'true', GOGC: '800', FORCE_COLOR: '0' },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.once('error', fail);
        child.once('close', (code) => done({ stack: s.name, code: code ?? 1, stdout, stderr, seconds: (Date.now() - start) / 1000 }));
      });
    }
  });
}

/**
 * What the IAM simulator says of a member of `group` calling sts:AssumeRole on `role`, over the
 * synthesized policies (the group's identity policies, the role's trust policy), with MFA present,
 * the organization's id and the role's first allowed source IP: the conditions moto does not judge.
 */
export function simulatorAllows(intent: Intent, synth: SynthesizedOrg, group: string, role: DeployedRole): Promise<boolean> {
  const deployed = synth.accounts.find((x) => x.stack === role.stack)!.roles.find((r) => r.name === role.name)!;
  // Roles the app makes for itself (the alert forwarder, HCP Terraform's deployers) are in no org file section.
  const sourceIps = intent.roles[role.name]?.sourceIps ?? [];
  // Through STS's global endpoint (us-east-1), which a break-glass role's trust always lets through.
  const context: Record<string, string> = { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '30', 'aws:RequestedRegion': 'us-east-1' };
  if (intent.orgId) context['aws:PrincipalOrgID'] = intent.orgId;
  if (sourceIps.length > 0) context['aws:SourceIp'] = sourceIps[0].split('/')[0];
  return isAllowed({
    caller: userCaller(intent.identityAccountId, 'member'),
    roleArn: role.arn,
    identityPolicies: synth.identity!.groups.find((g) => g.name === group)!.policies.map((p) => p.document),
    trustPolicy: deployed.trustPolicy,
    context,
  });
}

/** Resource attributes the AWS provider's schema declares as sets (their order means nothing to Terraform), by resource type. */
async function setAttributes(stack: SandboxStack, cli: string): Promise<Map<string, Set<string>>> {
  const run = await runTerraform(['providers', 'schema', '-json'], stack.dir, cli, { GOGC: '800' });
  if (run.code !== 0) throw new Error(`terraform providers schema failed: ${run.stderr}`);
  const schemas = JSON.parse(run.stdout) as { provider_schemas: Record<string, { resource_schemas: Record<string, { block: { attributes?: Record<string, { type?: unknown }> } }> }> };
  const sets = new Map<string, Set<string>>();
  for (const provider of Object.values(schemas.provider_schemas)) {
    for (const [type, schema] of Object.entries(provider.resource_schemas)) {
      sets.set(type, new Set(Object.entries(schema.block.attributes ?? {}).filter(([, a]) => Array.isArray(a.type) && a.type[0] === 'set').map(([name]) => name)));
    }
  }
  return sets;
}

/** A stack's JSON with object keys sorted, and set attributes and depends_on lists sorted. */
function canonical(json: unknown, sets: Map<string, Set<string>>): unknown {
  const sortDeep = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sortDeep) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep((v as Json)[k])])) : v;
  const copy = JSON.parse(JSON.stringify(json)) as { resource?: Record<string, Record<string, Json>> };
  for (const [type, resources] of Object.entries(copy.resource ?? {})) {
    for (const resource of Object.values(resources)) {
      for (const [name, value] of Object.entries(resource)) {
        if (Array.isArray(value) && (name === 'depends_on' || sets.get(type)?.has(name))) resource[name] = [...value].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      }
    }
  }
  return sortDeep(copy);
}

/** The stacks without their order: for runs that do not depend on one another (plans). */
function independent(stacks: readonly SandboxStack[]): SandboxStack[] {
  return stacks.map((s) => ({ ...s, dependencies: [] }));
}

/**
 * The org file with nothing that matters changed: every map in reverse key order (accounts,
 * roles, groups, grants, tags, trust...), the order-free lists reversed (a role's accounts, its
 * managed policies, trust principals, a grant's accounts), and AWS managed policy names written as
 * full ARNs (managed policies and permissions boundaries). Policy documents are left as they are.
 */
export function reorderOrgFile(text: string): string {
  const doc = parseDocument(text);
  // An alias must follow its anchor: with aliases, nothing is moved (the ARNs are still written out).
  let aliases = false;
  visitYaml(doc, { Alias: () => void (aliases = true) });
  const orderFree = new Set(['accounts', 'managedPolicies', 'principals', 'sourceIps', 'emails']);
  const visit = (node: unknown, key: string | undefined, depth: number, inPolicy: boolean): void => {
    if (isMap(node)) {
      const map = node as YAMLMap;
      if (!inPolicy && !aliases) map.items.reverse();
      for (const pair of map.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : '';
        visit(pair.value, k, depth + 1, inPolicy || key === 'inlinePolicies');
      }
    } else if (isSeq(node)) {
      const seq = node as YAMLSeq;
      if (!inPolicy && !aliases && key !== undefined && (orderFree.has(key) || isGrantList(key, depth))) seq.items.reverse();
      if (key === 'managedPolicies') {
        seq.items = seq.items.map((item) => (isScalar(item) && !String(item.value).startsWith('arn:') ? doc.createNode(`arn:aws:iam::aws:policy/${String(item.value)}`) : item));
      }
      for (const item of seq.items) visit(item, undefined, depth + 1, inPolicy);
    }
  };
  const boundaries = (node: unknown): void => {
    if (!isMap(node)) return;
    for (const pair of (node as YAMLMap).items) {
      if (isScalar(pair.key) && pair.key.value === 'permissionsBoundary' && isScalar(pair.value) && !String(pair.value.value).startsWith('arn:')) pair.value = doc.createNode(`arn:aws:iam::aws:policy/${String(pair.value.value)}`);
      else boundaries(pair.value);
    }
  };
  // groups.<g>.assume.<role>: [accounts] sits at depth 4.
  const isGrantList = (_key: string, depth: number) => depth === 4;
  visit(doc.contents, undefined, 0, false);
  const roles = isMap(doc.contents) ? (doc.contents as YAMLMap).get('roles') : undefined;
  if (isMap(roles)) for (const pair of (roles as YAMLMap).items) boundaries(pair.value);
  return doc.toString();
}
