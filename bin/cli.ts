/**
 * `cross-account-iam`: review what will really be deployed. The commands read a synthesized folder
 * (`cdktf.out` unless another is given), not the org file, and first check that it was synthesized
 * from the org file at hand by this version.
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { parse as parseYaml } from 'yaml';
import { bootstrappedStack } from '../org/hcp-terraform';
import { loadOrgFile } from '../org/load';
import { suggest } from '../org/suggest';
import { AccessReport, analyzeAccess } from '../review/access';
import { AffectedStacks, affectedNames, affectedStacks, stackNames, stacksToCompare } from '../review/affected';
import { readSynthesizedOrg, SynthesizedOrg } from '../review/artifact';
import { synthesizeGitRef } from '../review/base';
import { diffAccess, renderDiffMarkdown } from '../review/diff';
import { toSarif } from '../review/lint/sarif';
import { lintExitCode, renderLintJson, renderLintText, runLint, Suppression } from '../review/lint/run';
import { orgFileLocator } from '../review/locate';
import { executeRuns, planRuns, renderRunSummary, runsExitCode } from '../review/hcp-runs';
import { planStack, renderPlanSummary, StackPlan } from '../review/plan';
import { renderPrComment, renderReview, STEP_SUMMARY_LIMIT } from '../review/pr-comment';
import { renderFederatedProfiles, renderProfiles } from '../review/profiles';
import { renderReportBlocks, renderReportJson, renderReportMarkdown } from '../review/report';
import { checkSynthStamp, orgFileToReview, toolVersion } from '../stacks/synth-stamp';
import { writeOfflineCliConfig } from '../stacks/terraform';
import { addImportCommand } from './import';
import { addSandboxCommand } from './sandbox';

const DEFAULT_OUT = 'cdktf.out';

/** A mistake of the user's (bad stack name, stale folder, ...): one line on stderr, exit 2. */
export class UsageError extends Error {}

// ---------------------------------------------------------------------------------------------
// Reading synthesized folders

/**
 * The org file a command checks: `--org`, else `ORG_CONFIG`, else the one the synthesized folder
 * `dir` records (`org.yaml` when it records none). A command finds it once and uses it throughout.
 */
const orgFileOf = (org: string | undefined, dir: string) => orgFileToReview(dir, org);

/** Checks that `dir` was synthesized from `orgFile` as it is now, by this version, then reads it. */
function load(dir: string, orgFile: string, options: { partialOk?: boolean; only?: ReadonlySet<string> } = {}) {
  checkSynthStamp(resolve(dir), orgFile, options);
  const synth = readSynthesizedOrg(resolve(dir), 'identity', options.only);
  return { synth, access: analyzeAccess(synth) };
}

function write(text: string, file?: string): void {
  if (file) {
    mkdirSync(dirname(resolve(file)), { recursive: true });
    writeFileSync(file, text);
  } else process.stdout.write(text);
}

/**
 * Lint suppressions from the org file. The folder's record proved that this very file was
 * synthesized (so validated) already: its `lint.suppressions` are read without validating it again
 * (seconds on a large org).
 */
function suppressionsOf(file: string): Suppression[] {
  if (!existsSync(file)) return [];
  const data = parseYaml(readFileSync(file, 'utf8'), { version: '1.2' }) as { lint?: { suppressions?: Suppression[] } } | null;
  return [...(data?.lint?.suppressions ?? [])];
}

interface BaseOptions {
  base?: string;
  baseRef?: string;
  org?: string;
}

/** The base folder: `--base DIR` as given, or `orgFile` synthesized from `--base-ref REF` (removed by `dispose`). */
async function openBase(opts: BaseOptions, command: string, orgFile: string): Promise<{ dir: string; dispose(): void }> {
  if (opts.base && opts.baseRef) throw new UsageError(`${command}: give --base DIR or --base-ref REF, not both.`);
  if (opts.base) {
    if (!existsSync(resolve(opts.base, 'stacks'))) throw new UsageError(`${opts.base} holds no synthesized stacks. Fix: synthesize the base into it, or use --base-ref REF.`);
    return { dir: resolve(opts.base), dispose: () => undefined };
  }
  if (opts.baseRef) return synthesizeGitRef(opts.baseRef, orgFile);
  throw new UsageError(`${command} needs the base to compare with: --base DIR or --base-ref REF (e.g. origin/main).`);
}

type Loaded = { synth: SynthesizedOrg; access: AccessReport };

/** Only the stacks in `only` of a loaded output (grants and principals are per account stack). */
function subset(loaded: Loaded, only: ReadonlySet<string>): Loaded {
  const keep = (account: string) => only.has(account);
  return {
    synth: { identity: only.has('identity') ? loaded.synth.identity : undefined, accounts: loaded.synth.accounts.filter((a) => keep(a.stack)) },
    access: {
      ...loaded.access,
      grants: loaded.access.grants.filter((g) => keep(g.account)),
      principals: loaded.access.principals.filter((p) => keep(p.account)),
      denials: loaded.access.denials.filter((d) => keep(d.account)),
    },
  };
}

/**
 * The access diff of base and head: only the affected stacks are read on the base side (and the
 * identity stack; every stack when the identity stack changed), or all with `all`. `head` is the
 * whole head, already checked and read.
 */
function compare(baseDir: string, headDir: string, head: Loaded, all: boolean) {
  const affected = affectedStacks(baseDir, resolve(headDir));
  const only = all ? undefined : stacksToCompare(affected);
  const base = readSynthesizedOrg(baseDir, 'identity', only);
  const diff = diffAccess({ synth: base, access: analyzeAccess(base) }, only ? subset(head, only) : head);
  return { affected, diff };
}

/** `names` checked against the stacks of `dir`: an unknown one is an error with the list and the closest name. */
function checkStackNames(names: readonly string[], dir: string): void {
  const known = stackNames(resolve(dir));
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length === 0) return;
  const hints = unknown.map((n) => suggest(n, known)).filter(Boolean);
  throw new UsageError(
    `No stack ${unknown.map((n) => `"${n}"`).join(', ')} in ${dir}.${hints.length ? ` Did you mean ${hints.map((h) => `"${h}"`).join(', ')}?` : ''} Stacks: ${known.join(', ')}.`,
  );
}

/** Plans `stacks` of `dir` offline, `concurrency` at a time; the CLI config folder is removed after. */
async function planStacks(dir: string, stacks: readonly string[], concurrency: number): Promise<StackPlan[]> {
  const cliDir = mkdtempSync(join(tmpdir(), 'cai-tfrc-'));
  try {
    const cli = writeOfflineCliConfig(cliDir);
    const plans: StackPlan[] = [];
    const queue = [...stacks];
    await Promise.all(
      Array.from({ length: Math.max(1, concurrency) }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) plans.push(await planStack(join(resolve(dir), 'stacks', next), next, cli));
      }),
    );
    return plans.sort((a, b) => a.stack.localeCompare(b.stack));
  } finally {
    rmSync(cliDir, { recursive: true, force: true });
  }
}

/** Seconds between laps, by name. */
function stopwatch() {
  let last = process.hrtime.bigint();
  const laps: Record<string, number> = {};
  return {
    laps,
    lap(name: string) {
      const now = process.hrtime.bigint();
      laps[name] = Number(now - last) / 1e9;
      last = now;
    },
  };
}

const intOption = (value: string, name: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a whole number of at least 1, not "${value}".`);
  return n;
};

const orgOption = () => new Option('--org <file>', 'the org file the folder was synthesized from (default: ORG_CONFIG, else the file the folder records, else org.yaml)');

// ---------------------------------------------------------------------------------------------
// Commands

export function buildCli(): Command {
  const program = new Command('cross-account-iam')
    .description('Review cross-account access in a synthesized cdktf.out (run `npx cdktf synth` first).')
    .version(toolVersion(), '-V, --version', 'print the version')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();

  program
    .command('report')
    .summary('who can assume what, with diagrams')
    .description('who can assume what, with the conditions; an account x role matrix; diagrams; a page per role')
    .argument('[dir]', 'synthesized folder', DEFAULT_OUT)
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'json']).default('md'))
    .addOption(orgOption())
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action((dir: string, opts: { format: string; org?: string; output?: string }) => {
      const { synth, access } = load(dir, orgFileOf(opts.org, dir), { partialOk: true });
      write(opts.format === 'json' ? renderReportJson(access) : renderReportMarkdown(synth, access), opts.output);
    });

  program
    .command('affected')
    .summary('the stacks whose JSON differs from a base')
    .description('the stacks whose synthesized Terraform JSON differs between the base and the head, one a line')
    .argument('[head]', 'synthesized folder of the change', DEFAULT_OUT)
    .option('--base <dir>', 'synthesized folder of the base')
    .option('--base-ref <ref>', 'synthesize the base from this git ref (e.g. origin/main) into a temporary folder')
    .addOption(orgOption())
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (head: string, opts: BaseOptions & { format: string }) => {
      const orgFile = orgFileOf(opts.org, head);
      checkSynthStamp(resolve(head), orgFile);
      const base = await openBase(opts, 'affected', orgFile);
      try {
        const affected = affectedStacks(base.dir, resolve(head));
        write(opts.format === 'json' ? `${JSON.stringify(affected, null, 2)}\n` : affectedNames(affected).map((s) => `${s}\n`).join(''));
      } finally {
        base.dispose();
      }
    });

  program
    .command('diff')
    .summary('access changes against a base, loosening marked')
    .description('the access that changes between two synthesized folders (affected stacks only, unless --all); loosening is marked')
    .argument('[base]', 'synthesized folder of the base (or use --base-ref)')
    .argument('[head]', 'synthesized folder of the change', DEFAULT_OUT)
    .option('--base-ref <ref>', 'synthesize the base from this git ref (e.g. origin/main) into a temporary folder')
    .addOption(orgOption())
    .option('--all', 'compare every stack, not only those whose JSON differs')
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'json']).default('md'))
    .option('--fail-on-loosen', 'exit 1 when any change loosens access')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (baseArg: string | undefined, headArg: string, opts: { baseRef?: string; org?: string; all?: boolean; format: string; failOnLoosen?: boolean; output?: string }) => {
      let head = headArg;
      if (opts.baseRef && baseArg && headArg === DEFAULT_OUT) head = baseArg; // `diff --base-ref main HEAD_OUT`
      const orgFile = orgFileOf(opts.org, head);
      checkSynthStamp(resolve(head), orgFile);
      const base = await openBase({ base: opts.baseRef ? undefined : baseArg, baseRef: opts.baseRef }, 'diff', orgFile);
      try {
        const affected = affectedStacks(base.dir, resolve(head));
        const only = opts.all ? undefined : stacksToCompare(affected);
        const { diff } = compare(base.dir, head, load(head, orgFile, { only }), opts.all ?? false);
        write(opts.format === 'json' ? `${JSON.stringify(diff, null, 2)}\n` : renderDiffMarkdown(diff), opts.output);
        if (opts.failOnLoosen && diff.loosened > 0) process.exitCode = 1;
      } finally {
        base.dispose();
      }
    });

  program
    .command('comment')
    .summary('the pull-request review, sized to fit GitHub')
    .description(
      'the pull-request review: a summary, then the access changes, lint findings and full report folded. ' +
        'The comment (--output) stays under GitHub\'s 65,536 characters; --step-summary gets up to 1 MiB; --full gets everything.',
    )
    .argument('[head]', 'synthesized folder of the change', DEFAULT_OUT)
    .option('--base <dir>', 'synthesized folder of the base')
    .option('--base-ref <ref>', 'synthesize the base from this git ref into a temporary folder')
    .addOption(orgOption())
    .option('--all', 'compare every stack, not only those whose JSON differs')
    .option('--plan', 'also plan the affected stacks offline (terraform plan against an empty state)')
    .option('--concurrency <n>', 'stacks planned at once', String(Math.max(1, availableParallelism())))
    .option('-o, --output <file>', 'write the comment to a file instead of stdout')
    .option('--step-summary <file>', 'append the review, cut to 1 MiB, to this file (in GitHub Actions: $GITHUB_STEP_SUMMARY)')
    .option('--full <file>', 'write the whole review, never cut (upload it as an artifact)')
    .option('--timings', 'print the seconds each step took to stderr, as JSON')
    .action(async (head: string, opts: BaseOptions & { all?: boolean; plan?: boolean; concurrency: string; output?: string; stepSummary?: string; full?: string; timings?: boolean }) => {
      const concurrency = intOption(opts.concurrency, '--concurrency');
      const clock = stopwatch();
      const orgFile = orgFileOf(opts.org, head);
      checkSynthStamp(resolve(head), orgFile);
      // The base is synthesized in a child process while this one reads and lints the head.
      const opening = openBase(opts, 'comment', orgFile);
      opening.catch(() => undefined);
      let base: { dir: string; dispose(): void } | undefined;
      try {
        const after = load(head, orgFile);
        const lint = runLint(after.synth, after.access, suppressionsOf(orgFile));
        const report = renderReportBlocks(after.synth, after.access);
        clock.lap('headAndLint');
        base = await opening;
        clock.lap('synthBase');
        const { affected, diff } = compare(base.dir, head, after, opts.all ?? false);
        clock.lap('diff');
        const plans = opts.plan ? await planStacks(head, planTargets(affected, head, opts.all ?? false), concurrency) : undefined;
        clock.lap('plan');
        const input = { head: after, diff, lint, affected, all: opts.all, plans, report };
        write(renderPrComment(input), opts.output);
        if (opts.stepSummary) appendFileSync(opts.stepSummary, renderReview(input, { limit: STEP_SUMMARY_LIMIT, fullAt: 'the access-review artifact' }));
        if (opts.full) write(renderReview(input), opts.full);
        clock.lap('render');
        if (opts.timings) process.stderr.write(`${JSON.stringify({ ...clock.laps, affected: affectedNames(affected), planned: plans?.map((p) => p.stack) ?? [] })}\n`);
        if (plans?.some((p) => !p.ok)) process.exitCode = 1;
      } finally {
        // Also when reading the head failed: the base folder is removed once its synthesis ends.
        if (base) base.dispose();
        else await opening.then((b) => b.dispose(), () => undefined);
      }
    });

  program
    .command('lint')
    .summary('security rules, at org file lines; SARIF')
    .description('security rules over the synthesized policies, located at the org file line that causes each; exit 1 on error-level findings')
    .argument('[dir]', 'synthesized folder', DEFAULT_OUT)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .addOption(orgOption())
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action((dir: string, opts: { format: string; org?: string; output?: string }) => {
      // The folder's record proves the org file is there, and is the one synthesized.
      const orgFile = orgFileOf(opts.org, dir);
      const { synth, access } = load(dir, orgFile);
      const result = runLint(synth, access, suppressionsOf(orgFile));
      const locate = orgFileLocator(orgFile);
      const text = opts.format === 'json' ? renderLintJson(result) : opts.format === 'sarif' ? `${JSON.stringify(toSarif(result, locate, toolVersion()), null, 2)}\n` : renderLintText(result, locate);
      write(text, opts.output);
      process.exitCode = lintExitCode(result);
    });

  program
    .command('plan')
    .summary('offline terraform plan of changed stacks')
    .description(
      'offline `terraform plan -refresh=false` against a new state (fake credentials, provider from the local mirror) ' +
        'of the stacks that differ from the base (--base/--base-ref), the named ones (--stacks), or all (--all)',
    )
    .argument('[dir]', 'synthesized folder', DEFAULT_OUT)
    .option('--base <dir>', 'plan the stacks that differ from this synthesized base')
    .option('--base-ref <ref>', 'plan the stacks that differ from the org file at this git ref')
    .option('--stacks <names>', 'only these stacks, comma-separated')
    .option('--all', 'every stack')
    .addOption(orgOption())
    .option('--concurrency <n>', 'stacks planned at once', String(Math.max(1, availableParallelism())))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (dir: string, opts: BaseOptions & { stacks?: string; all?: boolean; concurrency: string; format: string }) => {
      const concurrency = intOption(opts.concurrency, '--concurrency');
      const orgFile = orgFileOf(opts.org, dir);
      checkSynthStamp(resolve(dir), orgFile, { partialOk: true });
      const stacks = await stacksOfCommand('plan', 'what to plan', dir, opts, orgFile);
      const plans = await planStacks(dir, stacks, concurrency);
      write(opts.format === 'json' ? `${JSON.stringify(plans, null, 2)}\n` : stacks.length === 0 ? 'No stack to plan: no synthesized stack differs from the base.\n' : renderPlanSummary(plans));
      if (plans.some((p) => !p.ok)) process.exitCode = 1;
    });

  program
    .command('profiles')
    .summary('~/.aws/config profiles of people')
    .description(
      "~/.aws/config profiles (also read by aws-vault and granted): only config lines and # comments. A group's chain from its " +
        'identity-account credentials; a permission set\'s from an IAM Identity Center sign-in (--sso-session, or --source-profile); ' +
        "a SAML role's from the profile your SAML tool writes (--source-profile). GitHub Actions and OIDC workloads need no profile.",
    )
    .option('--group <name>', 'the IAM group')
    .option('--permission-set <name>', 'the IAM Identity Center permission set')
    .option('--saml-role <name>', 'the SAML role of the identity account')
    .argument('[dir]', 'synthesized folder', DEFAULT_OUT)
    .option('--source-profile <name>', 'profile to chain from: your identity-account credentials for a group (default identity), your sign-in for a permission set or SAML role')
    .option('--mfa-serial <arn>', 'your MFA device ARN (required when a role of the group requires MFA)')
    .option('--sso-session <name>', 'permission sets: the [sso-session NAME] of your ~/.aws/config to sign in with')
    .option('--prefix <text>', 'put before every profile name written (e.g. ps-), so that profiles of a group and of a permission set can sit side by side')
    .addOption(orgOption())
    .action((dir: string, opts: { group?: string; permissionSet?: string; samlRole?: string; sourceProfile?: string; mfaSerial?: string; ssoSession?: string; prefix?: string; org?: string }) => {
      const chosen = [opts.group, opts.permissionSet, opts.samlRole].filter((v) => v !== undefined);
      if (chosen.length !== 1) throw new UsageError('profiles: give exactly one of --group NAME, --permission-set NAME or --saml-role NAME.');
      const { synth, access } = load(dir, orgFileOf(opts.org, dir), { partialOk: true });
      try {
        if (opts.group !== undefined) write(renderProfiles(synth, access, opts.group, { sourceProfile: opts.sourceProfile, mfaSerial: opts.mfaSerial, prefix: opts.prefix }));
        else if (opts.permissionSet !== undefined) write(renderFederatedProfiles(synth, access, 'permission-set', opts.permissionSet, { ssoSession: opts.ssoSession, sourceProfile: opts.sourceProfile, prefix: opts.prefix }));
        else write(renderFederatedProfiles(synth, access, 'saml-role', opts.samlRole!, { sourceProfile: opts.sourceProfile, prefix: opts.prefix }));
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
    });

  program
    .command('hcp-runs')
    .summary('run changed stacks in HCP Terraform, in order')
    .description(
      'HCP Terraform mode (deployment.hcpTerraform): runs the stacks that differ from the base (--base/--base-ref), the named ones ' +
        '(--stacks) or all (--all) in their workspaces, with terraform init and apply (CLI-driven runs, each with its own plan and apply role): ' +
        'the workspaces stack first, then the member accounts in waves, identity, organization; a wave starts when the one before succeeded. ' +
        'Changed bootstrap stacks are not run (an admin applies them) and hold back their own stack. Prints each run with its link.',
    )
    .argument('[dir]', 'synthesized folder', DEFAULT_OUT)
    .option('--base <dir>', 'run the stacks that differ from this synthesized base')
    .option('--base-ref <ref>', 'run the stacks that differ from the org file at this git ref')
    .option('--stacks <names>', 'only these stacks, comma-separated')
    .option('--all', 'every stack')
    .option('--speculative', 'terraform plan instead of apply: a speculative plan, in the plan phase (the plan role)')
    .option('--dry-run', 'print the order of the runs, and run nothing')
    .option('--bootstraps-applied', 'an admin has applied the changed bootstrap stacks: do not hold back their stacks')
    .option('--concurrency <n>', 'runs side by side within a wave', '4')
    .option('--step-summary <file>', 'also append the summary to this file (e.g. $GITHUB_STEP_SUMMARY)')
    .addOption(orgOption())
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (dir: string, opts: BaseOptions & { stacks?: string; all?: boolean; speculative?: boolean; dryRun?: boolean; bootstrapsApplied?: boolean; concurrency: string; stepSummary?: string; format: string }) => {
      const concurrency = intOption(opts.concurrency, '--concurrency');
      const orgFile = orgFileOf(opts.org, dir);
      checkSynthStamp(resolve(dir), orgFile, { partialOk: true });
      const model = loadOrgFile(orgFile);
      if (!model.deployment.hcpTerraform) throw new UsageError(`hcp-runs: ${orgFile} does not use HCP Terraform mode. Fix: set deployment.hcpTerraform (docs/terraform-cloud.md), or deploy with cdktf deploy.`);
      // --all: every stack HCP Terraform runs (a bootstrap goes through the admin path).
      const stacks = await stacksOfCommand('hcp-runs', 'what to run', dir, opts, orgFile, (s) => bootstrappedStack(s) === undefined);
      const runs = planRuns(model, stacks, { bootstrapsApplied: opts.bootstrapsApplied });
      const results = opts.dryRun
        ? []
        : await executeRuns(model, runs, {
            outdir: resolve(dir),
            speculative: opts.speculative,
            concurrency,
            onResult: (r) => process.stderr.write(`${r.stack} (${r.workspace}): ${r.status}${r.url ? ` ${r.url}` : ''}${r.seconds !== undefined ? ` [${r.seconds.toFixed(0)} s]` : ''}\n`),
          });
      const summary = renderRunSummary(model, runs, results, { speculative: opts.speculative, dryRun: opts.dryRun, bootstrapsApplied: opts.bootstrapsApplied });
      if (opts.stepSummary) appendFileSync(opts.stepSummary, `${summary}\n`);
      write(opts.format === 'json' ? `${JSON.stringify({ ...runs, results }, null, 2)}\n` : summary);
      if (!opts.dryRun) process.exitCode = runsExitCode(runs, results);
      else if (runs.heldBack.length > 0) process.exitCode = 1;
    });

  addSandboxCommand(program);
  addImportCommand(program);

  return program;
}

/**
 * The stacks a command acts on: those named (--stacks), every one (--all, those `all` keeps), or
 * those added or changed since the base (--base, --base-ref). An unknown name is an error.
 */
async function stacksOfCommand(command: string, what: string, dir: string, opts: BaseOptions & { stacks?: string; all?: boolean }, orgFile: string, all: (stack: string) => boolean = () => true): Promise<string[]> {
  if (opts.stacks !== undefined) {
    const stacks = opts.stacks.split(/[,\s]+/).filter(Boolean);
    if (stacks.length === 0) throw new UsageError('--stacks names no stack. Fix: --stacks dev,prod (or --all).');
    checkStackNames(stacks, dir);
    return stacks;
  }
  if (opts.all) return stackNames(resolve(dir)).filter(all);
  if (!opts.base && !opts.baseRef) throw new UsageError(`${command} needs ${what}: --base DIR or --base-ref REF (the stacks that changed), --stacks NAMES, or --all.`);
  const base = await openBase(opts, command, orgFile);
  try {
    return planTargets(affectedStacks(base.dir, resolve(dir)), dir, false);
  } finally {
    base.dispose();
  }
}

/** The stacks to plan for a change: those added or changed (a removed stack has nothing to plan), or all. */
function planTargets(affected: AffectedStacks, head: string, all: boolean): string[] {
  return all ? stackNames(resolve(head)) : [...affected.changed, ...affected.added].sort();
}

// ---------------------------------------------------------------------------------------------
// Entry point

/**
 * Runs the CLI. A mistake (unknown stack, stale or missing folder, bad org file, bad option) prints
 * one message and exits 2; `--help` and `--version` exit 0.
 */
export function main(argv = process.argv): void {
  const fail = (err: unknown) => {
    if (err instanceof CommanderError) {
      // Commander has printed its message (or the help) already.
      process.exit(err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? 0 : 2);
    }
    if (!(err instanceof Error)) throw err;
    process.stderr.write(`cross-account-iam: ${err.message}\n`);
    process.exit(2);
  };
  try {
    buildCli().parseAsync(argv).catch(fail);
  } catch (err) {
    fail(err);
  }
}
