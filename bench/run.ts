/**
 * `npm run bench`: synthesis time and peak memory for orgs of 10, 100 and 1,000 accounts (6 roles,
 * 20 groups), against two baselines measured in the same run:
 *   (a) floor: a process that only writes the identical JSON bytes;
 *   (b) plain cdktf: the same resources built directly with the provider bindings.
 * Each figure is the median of several runs. Results go to bench/results/latest.json.
 * At the largest size, the same org in HCP Terraform mode (bootstrap stacks and the workspaces stack) too.
 * Then the curve of orgs whose grants are all by organizational unit (6 roles, 20 groups) from 1,000
 * to 10,000 accounts: app and plain cdktf time, peak memory, and the largest group's policies
 * against IAM's limits. Options: --sizes 10,100,1000  --runs 3  --unit-sizes 1000,2500,5000,10000
 * --unit-runs 1 (--unit-sizes none skips the curve).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { BaselineInput } from './baseline-app';
import { largeOrgYaml } from './generate-org';
import { planStack } from '../review/plan';
import { writeOfflineCliConfig } from '../stacks/terraform';

const ROOT = join(__dirname, '..', '..');
const GNU_TIME = '/usr/bin/time';

interface Measure {
  readonly seconds: number;
  /** Peak resident set of the process (tree), MB; undefined without GNU time. */
  readonly rssMb?: number;
}

function measure(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Measure {
  const withTime = existsSync(GNU_TIME);
  const start = process.hrtime.bigint();
  const run = withTime
    ? spawnSync(GNU_TIME, ['-f', '__RSS_KB__ %M', cmd, ...args], { cwd: ROOT, env: { ...process.env, CHECKPOINT_DISABLE: '1', ...env }, encoding: 'utf8' })
    : spawnSync(cmd, args, { cwd: ROOT, env: { ...process.env, CHECKPOINT_DISABLE: '1', ...env }, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${run.stdout}\n${run.stderr}`);
  const rss = /__RSS_KB__ (\d+)/.exec(run.stderr ?? '');
  return { seconds, rssMb: rss ? Number(rss[1]) / 1024 : undefined };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function repeat(runs: number, fresh: () => string, once: (dir: string) => Measure): Measure {
  const results: Measure[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = fresh();
    results.push(once(dir));
    rmSync(dir, { recursive: true, force: true });
  }
  const rss = results.map((r) => r.rssMb).filter((r): r is number => r !== undefined);
  return { seconds: median(results.map((r) => r.seconds)), rssMb: rss.length ? median(rss) : undefined };
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The plain values of every resource in a synthesized output, for baseline (b). */
function baselineInput(outdir: string): BaselineInput {
  const stacks = readdirSync(join(outdir, 'stacks')).map((name) => {
    const json = JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')) as Json;
    const p = json.provider.aws?.[0];
    const res = json.resource ?? {};
    const roles = Object.entries<Json>(res.aws_iam_role ?? {}).map(([id, r]) => ({
      name: r.name,
      path: r.path,
      description: r.description,
      assumeRolePolicy: r.assume_role_policy,
      maxSessionDuration: r.max_session_duration,
      permissionsBoundary: r.permissions_boundary,
      tags: r.tags,
      policyArns: res.aws_iam_role_policy_attachments_exclusive?.[`${id}_attachments`]?.policy_arns ?? [],
      inline: Object.values<Json>(res.aws_iam_role_policy ?? {}).filter((i) => i.role === `\${aws_iam_role.${id}.name}`).map((i) => ({ name: i.name, policy: i.policy })),
      switchRoleUrl: json.output?.[`${id}_switch_role_url`]?.value ?? '',
    }));
    const policies = Object.values<Json>(res.aws_iam_policy ?? {});
    const groups = Object.values<Json>(res.aws_iam_group ?? {}).map((g) => ({
      name: g.name,
      path: g.path,
      policies: policies.filter((x) => String(x.name).startsWith(`${g.name}-assume-roles`)).map((x) => ({ name: x.name, policy: x.policy })),
    }));
    const variables = Object.values<Json>(res.tfe_variable ?? {});
    return {
      name,
      provider: p && {
        region: p.region,
        allowedAccountIds: p.allowed_account_ids,
        assumeRole: p.assume_role?.map((a: Json) => ({ roleArn: a.role_arn, sessionName: a.session_name })),
        defaultTags: p.default_tags,
      },
      oidcProviders: Object.values<Json>(res.aws_iam_openid_connect_provider ?? {}).map((o) => ({ url: o.url, clientIdList: o.client_id_list })),
      tfe: res.tfe_project && {
        organization: res.tfe_project.project.organization,
        project: res.tfe_project.project.name,
        workspaces: Object.entries<Json>(res.tfe_workspace).map(([id, w]) => ({
          name: w.name,
          description: w.description,
          tags: w.tags,
          variables: variables.filter((v) => v.workspace_id === `\${tfe_workspace.${id}.id}`).map((v) => ({ key: v.key, value: v.value })),
        })),
      },
      roles,
      groups,
    };
  });
  return { stacks };
}

/** `{ relativePath: content }` of every file of a synthesized output, for the floor. */
function floorInput(outdir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(outdir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${name.name}` : name.name;
      if (name.isDirectory()) walk(path);
      else files[path] = readFileSync(join(outdir, path), 'utf8');
    }
  };
  walk('');
  return files;
}

async function main(): Promise<void> {
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  // --sizes none: only the curve of grants by unit (its own results file; latest.json is left as it was).
  const sizesArg = arg('--sizes', '10,100,1000');
  const sizes = sizesArg === 'none' ? [] : sizesArg.split(',').map(Number);
  const runs = Number(arg('--runs', '3'));
  const work = mkdtempSync(join(tmpdir(), 'cai-bench-'));
  const fresh = () => mkdtempSync(join(work, 'out-'));
  const node = process.execPath;
  const rows: Json[] = [];

  for (const accounts of sizes) {
    const org = join(work, `org-${accounts}.yaml`);
    writeFileSync(org, largeOrgYaml({ accounts, groups: 20 }));
    const env = { ORG_CONFIG: org };
    const app = repeat(runs, fresh, (dir) => measure(node, [join(ROOT, 'dist', 'main.js')], { ...env, CDKTF_OUTDIR: join(dir, 'out') }));
    const cli = repeat(runs, fresh, (dir) => measure('npx', ['cdktf', 'synth', '--output', join(dir, 'out')], env));

    const reference = join(work, `ref-${accounts}`);
    measure(node, [join(ROOT, 'dist', 'main.js')], { ...env, CDKTF_OUTDIR: reference });
    const baselineFile = join(work, `baseline-${accounts}.json`);
    writeFileSync(baselineFile, JSON.stringify(baselineInput(reference)));
    const floorFile = join(work, `floor-${accounts}.json`);
    writeFileSync(floorFile, JSON.stringify(floorInput(reference)));
    const baseline = repeat(runs, fresh, (dir) => measure(node, [join(ROOT, 'dist', 'bench', 'baseline-app.js'), baselineFile, join(dir, 'out')]));
    const floor = repeat(runs, fresh, (dir) => measure(node, [join(ROOT, 'dist', 'bench', 'floor.js'), floorFile, join(dir, 'out')]));
    // The offline plan of single account stacks, each on its own (a sample of 10 at the largest size).
    let plans: { stack: string; seconds: number }[] | undefined;
    if (accounts === Math.max(...sizes)) {
      const cli = writeOfflineCliConfig(join(work, 'tfrc'));
      const stacks = readdirSync(join(reference, 'stacks')).filter((s) => s !== 'identity').sort();
      const sample = Array.from({ length: Math.min(10, stacks.length) }, (_, i) => stacks[Math.floor((i * stacks.length) / Math.min(10, stacks.length))]);
      plans = [];
      for (const stack of sample) {
        const plan = await planStack(join(reference, 'stacks', stack), stack, cli);
        if (!plan.ok) throw new Error(`offline plan of ${stack} failed: ${plan.error}`);
        plans.push({ stack, seconds: plan.seconds });
      }
    }
    // HCP Terraform mode at the largest size: a bootstrap stack per stack and the workspaces stack, twice the stacks.
    let hcp: Json | undefined;
    if (accounts === Math.max(...sizes)) {
      const hcpOrg = join(work, `org-${accounts}-hcp.yaml`);
      writeFileSync(hcpOrg, largeOrgYaml({ accounts, groups: 20, hcpTerraform: true }));
      const hcpApp = repeat(runs, fresh, (dir) => measure(node, [join(ROOT, 'dist', 'main.js')], { ORG_CONFIG: hcpOrg, CDKTF_OUTDIR: join(dir, 'out') }));
      const probe = fresh();
      measure(node, [join(ROOT, 'dist', 'main.js')], { ORG_CONFIG: hcpOrg, CDKTF_OUTDIR: join(probe, 'out') });
      const stacks = readdirSync(join(probe, 'out', 'stacks')).length;
      const workspaces = Object.keys((JSON.parse(readFileSync(join(probe, 'out', 'stacks', 'workspaces', 'cdk.tf.json'), 'utf8')) as Json).resource.tfe_workspace).length;
      const hcpBaselineFile = join(work, `baseline-${accounts}-hcp.json`);
      writeFileSync(hcpBaselineFile, JSON.stringify(baselineInput(join(probe, 'out'))));
      rmSync(probe, { recursive: true, force: true });
      const hcpBaseline = repeat(runs, fresh, (dir) => measure(node, [join(ROOT, 'dist', 'bench', 'baseline-app.js'), hcpBaselineFile, join(dir, 'out')]));
      hcp = { app: hcpApp, baseline: hcpBaseline, appVsBaseline: hcpApp.seconds / hcpBaseline.seconds, stacks, workspaces, appVsPlainMode: hcpApp.seconds / app.seconds };
    }
    rows.push({ accounts, roles: 6, groups: 20, app, cli, baseline, floor, appVsBaseline: app.seconds / baseline.seconds, appVsFloor: app.seconds / floor.seconds, plans, ...(hcp ? { hcpTerraform: hcp } : {}) });
    process.stderr.write(`measured ${accounts} accounts\n`);
  }
  const unitRows = unitCurve(arg('--unit-sizes', '1000,2500,5000,10000'), Number(arg('--unit-runs', '1')), work, fresh);
  rmSync(work, { recursive: true, force: true });

  const f = (m: Measure) => `${m.seconds.toFixed(2)} s / ${m.rssMb === undefined ? 'n/a' : `${Math.round(m.rssMb)} MB`}`;
  const lines = [
    `| accounts | app (node dist/main.js) | npx cdktf synth | (a) floor: write bytes | (b) plain cdktf | app / (b) | app / (a) |`,
    `| ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
    ...rows.map((r) => `| ${r.accounts} | ${f(r.app)} | ${f(r.cli)} | ${f(r.floor)} | ${f(r.baseline)} | ${r.appVsBaseline.toFixed(2)} | ${r.appVsFloor.toFixed(1)} |`),
  ];
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const small = rows.find((r) => r.accounts === 100);
  const large = rows.find((r) => r.accounts === 1000);
  const growth = small && large ? large.app.seconds / small.app.seconds : undefined;
  console.log(`Median of ${runs} runs; wall time / peak RSS of the whole process. Machine: ${machine}\n`);
  console.log(lines.join('\n'));
  if (growth !== undefined) console.log(`\nTime from 100 to 1,000 accounts grows ${growth.toFixed(1)}x.`);
  const hcpRow = rows.find((r) => r.hcpTerraform);
  if (hcpRow) {
    const h = hcpRow.hcpTerraform as Json;
    console.log(
      `HCP Terraform mode, ${hcpRow.accounts} accounts: ${h.stacks} stacks (a bootstrap per stack, ${h.workspaces} workspaces): app ${f(h.app)}, ` +
        `(b) plain cdktf ${f(h.baseline)}, app / (b) ${(h.appVsBaseline as number).toFixed(2)}; ${(h.appVsPlainMode as number).toFixed(2)}x the same org without the mode.`,
    );
  }
  const planned = rows.find((r) => r.plans)?.plans as { seconds: number }[] | undefined;
  if (planned) console.log(`Offline terraform plan (init + plan) of one account stack, ${planned.length} stacks each on its own: median ${median(planned.map((p) => p.seconds)).toFixed(2)} s, max ${Math.max(...planned.map((p) => p.seconds)).toFixed(2)} s.`);
  if (unitRows.length > 0) {
    console.log('\nGrants by organizational unit (6 roles, 20 groups, 8 units of 8 child units):\n');
    console.log('| accounts | app | (b) plain cdktf | app / (b) | largest group: policies, largest policy | identity stack JSON |');
    console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of unitRows) console.log(`| ${r.accounts} | ${f(r.app)} | ${f(r.baseline)} | ${r.appVsBaseline.toFixed(2)} | ${r.maxGroupPolicies} of 10, ${r.maxPolicySize} of 6,144 characters | ${(r.identityBytes / 2 ** 20).toFixed(1)} MB |`);
  }
  const results = { date: new Date().toISOString(), machine, runs, rows, growth100to1000: growth, unitCurve: unitRows };
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  if (unitRows.length > 0) writeFileSync(join(ROOT, 'bench', 'results', 'units-curve.json'), `${JSON.stringify({ date: results.date, machine, runs: Number(arg('--unit-runs', '1')), rows: unitRows }, null, 2)}\n`);
  if (rows.length > 0) writeFileSync(join(ROOT, 'bench', 'results', 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
}

/**
 * Orgs whose grants are all by organizational unit, at each size: app and plain cdktf (median of
 * `runs`), peak memory, and the largest group's assume-role policies (count and size, whitespace
 * removed as IAM counts it) against IAM's limits of 10 policies of 6,144 characters.
 */
function unitCurve(sizesArg: string, runs: number, work: string, fresh: () => string): Json[] {
  if (sizesArg === 'none') return [];
  const node = process.execPath;
  const rows: Json[] = [];
  for (const accounts of sizesArg.split(',').map(Number)) {
    const org = join(work, `units-${accounts}.yaml`);
    writeFileSync(org, largeOrgYaml({ accounts, groups: 20, units: true }));
    const env = { ORG_CONFIG: org };
    const app = repeat(runs, fresh, (dir) => measure(node, [join(ROOT, 'dist', 'main.js')], { ...env, CDKTF_OUTDIR: join(dir, 'out') }));
    const reference = join(work, `units-ref-${accounts}`);
    measure(node, [join(ROOT, 'dist', 'main.js')], { ...env, CDKTF_OUTDIR: reference });
    const identityFile = join(reference, 'stacks', 'identity', 'cdk.tf.json');
    const identity = JSON.parse(readFileSync(identityFile, 'utf8')) as Json;
    const byGroup = new Map<string, number>();
    let maxPolicySize = 0;
    for (const p of Object.values<Json>(identity.resource.aws_iam_policy ?? {})) {
      const group = String(p.name).replace(/-assume-roles(-\d+)?$/, '');
      byGroup.set(group, (byGroup.get(group) ?? 0) + 1);
      maxPolicySize = Math.max(maxPolicySize, String(p.policy).replace(/\s/g, '').length);
    }
    const baselineFile = join(work, `units-baseline-${accounts}.json`);
    writeFileSync(baselineFile, JSON.stringify(baselineInput(reference)));
    const identityBytes = readFileSync(identityFile).length;
    rmSync(reference, { recursive: true, force: true });
    const baseline = repeat(runs, fresh, (dir) => measure(node, [join(ROOT, 'dist', 'bench', 'baseline-app.js'), baselineFile, join(dir, 'out')]));
    rows.push({ accounts, roles: 6, groups: 20, app, baseline, appVsBaseline: app.seconds / baseline.seconds, maxGroupPolicies: Math.max(...byGroup.values()), maxPolicySize, identityBytes });
    process.stderr.write(`measured ${accounts} accounts with grants by unit\n`);
  }
  return rows;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
