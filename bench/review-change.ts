/**
 * `npm run bench:review` (part of `npm run bench`): a pull request that changes one account of a
 * 1,000-account org, reviewed as the workflow does it:
 *   synth head   `npx cdktf synth` of the change (the workflow's Synthesize step)
 *   comment      `cross-account-iam comment --base-ref <base> --plan`: synthesizes the base from git,
 *                compares the stacks, lints, plans the affected stacks offline, writes the review
 * with the comment's own split (head read and lint, which overlap the base synthesis; the rest of the
 * base synthesis; diff; plan; render). Target: comment under 30 s.
 * Two changes: one account's environment (its stack alone is affected), and one account added (its
 * new stack and the identity stack, whose group policies list accounts). Results go to bench/results/review-change.json.
 * Options: --accounts 1000
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { largeOrgYaml } from './generate-org';

const ROOT = join(__dirname, '..', '..');
const TARGET_SECONDS = 30;
/** The review of a one-account change of a 10,000-account org granting by unit. */
const UNITS_TARGET_SECONDS = 60;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const GNU_TIME = '/usr/bin/time';

/** Wall seconds, and CPU seconds of the whole process tree (user + system, from GNU time when there). */
function timed(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const withTime = existsSync(GNU_TIME);
  const start = process.hrtime.bigint();
  const [bin, argv] = withTime ? [GNU_TIME, ['-f', '__CPU__ %U %S', cmd, ...args]] : [cmd, args];
  const run = spawnSync(bin, argv, { cwd, env: { ...process.env, CHECKPOINT_DISABLE: '1', ...env }, encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  const cpu = /__CPU__ ([\d.]+) ([\d.]+)/.exec(run.stderr);
  return { seconds, cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : undefined, stderr: run.stderr.replace(/__CPU__.*\n?/, '') };
}

/** The two one-account changes measured: one account's own settings, and one account added. */
function scenarios(base: string, accounts: number, units: boolean): { name: string; org: string }[] {
  const edited = 'acct-0500';
  const added = `acct-${String(accounts).padStart(4, '0')}`;
  const line = new RegExp(`^  ${edited}: \\{ accountId: "(\\d{12})", environment: \\w+(, ou: [\\w-]+)? \\}$`, 'm');
  if (!line.test(base)) throw new Error(`${edited} not found in the generated org`);
  // With grants by unit, the new account joins a unit: its grants come with it, and the identity stack does not change.
  const unit = units ? ', ou: ou-t0-c0' : '';
  return [
    // Only that account's stack changes (its Environment tag).
    { name: `one account's environment changed (${edited})`, org: base.replace(line, (_, id: string, ou = '') => `  ${edited}: { accountId: "${id}", environment: sandbox${ou} }`) },
    // The account's stack is new, and (with grants by account) the identity stack changes.
    { name: `one account added (${added})`, org: base.replace('roles:\n', `  ${added}: { accountId: "${String(900000000000 + accounts)}", environment: production${unit} }\nroles:\n`) },
  ];
}

function main(): void {
  const accounts = Number(arg('accounts', '1000'));
  // --units: every grant by organizational unit (the 10,000-account shape); results in review-change-units.json.
  const units = process.argv.includes('--units');
  const target = units ? UNITS_TARGET_SECONDS : TARGET_SECONDS;
  const repo = mkdtempSync(join(tmpdir(), 'cai-bench-review-'));
  try {
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args]);
    git('init', '-q');
    const base = largeOrgYaml({ accounts, groups: 20, units });
    writeFileSync(join(repo, 'org.yaml'), base);
    git('add', 'org.yaml');
    git('commit', '-qm', 'base');
    const env = { ORG_CONFIG: join(repo, 'org.yaml') };
    const results = [];
    const s = (n: unknown) => `${Number(n).toFixed(1)} s`;
    for (const scenario of scenarios(base, accounts, units)) {
      writeFileSync(join(repo, 'org.yaml'), scenario.org);
      const loadAtStart = loadavg()[0];
      const head = timed(process.execPath, [join(ROOT, 'scripts', 'app.js')], repo, { ...env, CDKTF_OUTDIR: join(repo, 'cdktf.out') });
      rmSync(join(repo, 'review'), { recursive: true, force: true });
      mkdirSync(join(repo, 'review'));
      const comment = timed(
        process.execPath,
        [join(ROOT, 'bin', 'cross-account-iam.js'), 'comment', '--base-ref', 'HEAD', '--plan', '--timings', '--output', 'review/comment.md', '--step-summary', 'review/summary.md', '--full', 'review/full.md'],
        repo,
        env,
      );
      const split = JSON.parse(comment.stderr.trim().split('\n').pop()!) as Record<string, number | string[]>;
      const result = {
        change: scenario.name,
        /** Load average (1 min) when the run started and ended: other work on the machine slows every figure. */
        loadAverage: [loadAtStart, loadavg()[0]],
        synthHeadSeconds: head.seconds,
        commentSeconds: comment.seconds,
        commentCpuSeconds: comment.cpuSeconds,
        split,
        meetsTarget: comment.seconds < target,
      };
      results.push(result);
      process.stdout.write(
        [
          `Review of ${scenario.name}, ${accounts}-account org (load average ${result.loadAverage.map((l) => l.toFixed(1)).join(' -> ')})`,
          `  synth head (the workflow's synth step)      ${s(head.seconds)}`,
          `  comment --base-ref --plan                   ${s(comment.seconds)}  (target < ${target} s: ${result.meetsTarget ? 'met' : 'MISSED'}; CPU ${comment.cpuSeconds === undefined ? '?' : s(comment.cpuSeconds)})`,
          `    read and lint the head, render its report ${s(split.headAndLint)}  (while the base synthesizes)`,
          `    synth base (the rest of it)               ${s(split.synthBase)}`,
          `    diff (affected: ${(split.affected as string[]).join(', ')})`.padEnd(47) + s(split.diff),
          `    plan (${(split.planned as string[]).join(', ')})`.padEnd(47) + s(split.plan),
          `    render comment, summary, artifact         ${s(split.render)}`,
          '',
        ].join('\n'),
      );
    }
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    const out = { date: new Date().toISOString(), machine: `${cpus().length} cores, Node ${process.version}`, accounts, units, targetSeconds: target, results };
    writeFileSync(join(ROOT, 'bench', 'results', units ? 'review-change-units.json' : 'review-change.json'), `${JSON.stringify(out, null, 2)}\n`);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

main();
