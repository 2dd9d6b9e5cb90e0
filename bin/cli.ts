/**
 * `cross-account-iam`: review what will really be deployed. The commands read a synthesized folder
 * (`cdktf.out` unless another is given), not the org file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { loadOrgFile, orgFilePath } from '../org/load';
import { YamlSource } from '../org/yaml-source';
import { analyzeAccess } from '../review/access';
import { readSynthesizedOrg } from '../review/artifact';
import { diffAccess, renderDiffMarkdown } from '../review/diff';
import { FindingLocator, toSarif } from '../review/lint/sarif';
import { lintExitCode, renderLintJson, renderLintText, runLint, Suppression } from '../review/lint/run';
import { planStack, renderPlanSummary, StackPlan } from '../review/plan';
import { renderPrComment } from '../review/pr-comment';
import { writeOfflineCliConfig } from '../review/terraform';
import { renderProfiles } from '../review/profiles';
import { renderReportJson, renderReportMarkdown } from '../review/report';
import { addSandboxCommand } from './sandbox';

const DEFAULT_OUT = 'cdktf.out';
const ROOT = resolve(__dirname, '..', '..');

function load(dir: string) {
  const synth = readSynthesizedOrg(resolve(dir));
  return { synth, access: analyzeAccess(synth) };
}

function write(text: string, file?: string): void {
  if (file) writeFileSync(file, text);
  else process.stdout.write(text);
}

/** Synthesizes the org file as it is at a git ref into a temporary folder; returns that folder. */
export function synthesizeGitRef(ref: string, orgFile: string): string {
  const work = mkdtempSync(join(tmpdir(), 'cai-base-'));
  const archive = execFileSync('git', ['-C', ROOT, 'archive', '--format=tar', ref], { maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', work], { input: archive });
  symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'), 'dir');
  const out = join(work, DEFAULT_OUT);
  const env = { ...process.env, CDKTF_OUTDIR: out, ORG_CONFIG: join(work, relative(ROOT, resolve(orgFile))), CHECKPOINT_DISABLE: '1' };
  const app = existsSync(join(work, 'scripts', 'app.js'))
    ? ['scripts/app.js']
    : ['-e', "require('child_process').execFileSync(process.execPath,[require.resolve('typescript/bin/tsc'),'-p','tsconfig.json'],{stdio:'inherit'});require('./dist/main.js')"];
  const run = spawnSync(process.execPath, app, { cwd: work, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (run.status !== 0) throw new Error(`Could not synthesize ${ref} (exit ${run.status}).`);
  return out;
}

/** Lint suppressions and org-file locations, when the org file is there to read. */
function orgContext(orgOption?: string): { suppressions: Suppression[]; locate: FindingLocator } {
  const file = orgOption ? resolve(orgOption) : orgFilePath();
  if (!existsSync(file)) return { suppressions: [], locate: (f) => ({ uri: `${DEFAULT_OUT}/stacks/${f.target.stack}/cdk.tf.json` }) };
  const model = loadOrgFile(file);
  const source = new YamlSource(file, readFileSync(file, 'utf8'));
  const uri = relative(process.cwd(), file) || file;
  return {
    suppressions: [...model.lintSuppressions],
    locate: (f) => {
      const path = f.target.role ? ['roles', f.target.role] : f.target.group ? ['groups', f.target.group] : ['accounts', f.target.stack];
      return { uri, line: source.position(path, 'key').line };
    },
  };
}

export function buildCli(): Command {
  const program = new Command('cross-account-iam')
    .description('Review cross-account access in a synthesized cdktf.out: report, diff, lint, profiles.')
    .showHelpAfterError();

  program
    .command('report')
    .description('who can assume what, with the conditions; an account x role matrix; a diagram; a page per role')
    .argument('[dir]', 'synthesized folder', DEFAULT_OUT)
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'json']).default('md'))
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action((dir: string, opts: { format: string; output?: string }) => {
      const { synth, access } = load(dir);
      write(opts.format === 'json' ? renderReportJson(access) : renderReportMarkdown(synth, access), opts.output);
    });

  program
    .command('diff')
    .description('the access that changes between two synthesized folders; loosening is marked')
    .argument('[base]', 'synthesized folder of the base (or use --base-ref)')
    .argument('[head]', 'synthesized folder of the change', DEFAULT_OUT)
    .option('--base-ref <ref>', 'synthesize the base from this git ref (e.g. origin/main) into a temporary folder')
    .option('--org <file>', 'org file to synthesize at the base ref (default: ORG_CONFIG or org.yaml)')
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'json']).default('md'))
    .option('--fail-on-loosen', 'exit 1 when any change loosens access')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action((baseArg: string | undefined, headArg: string, opts: { baseRef?: string; org?: string; format: string; failOnLoosen?: boolean; output?: string }) => {
      let base = baseArg;
      let head = headArg;
      if (opts.baseRef) {
        if (baseArg && headArg === DEFAULT_OUT) head = baseArg; // `diff --base-ref main HEAD_OUT`
        base = synthesizeGitRef(opts.baseRef, opts.org ?? orgFilePath());
      }
      if (!base) throw new Error('diff needs BASE and HEAD folders, or --base-ref REF.');
      const diff = diffAccess(load(base), load(head));
      write(opts.format === 'json' ? `${JSON.stringify(diff, null, 2)}\n` : renderDiffMarkdown(diff), opts.output);
      if (opts.failOnLoosen && diff.loosened > 0) process.exitCode = 1;
    });

  program
    .command('comment')
    .description('the pull-request comment: the access diff against a base, lint findings, a summary and the folded report')
    .argument('[head]', 'synthesized folder of the change', DEFAULT_OUT)
    .option('--base <dir>', 'synthesized folder of the base')
    .option('--base-ref <ref>', 'synthesize the base from this git ref into a temporary folder')
    .option('--org <file>', 'org file (default: ORG_CONFIG or org.yaml)')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action((head: string, opts: { base?: string; baseRef?: string; org?: string; output?: string }) => {
      const base = opts.base ?? (opts.baseRef ? synthesizeGitRef(opts.baseRef, opts.org ?? orgFilePath()) : undefined);
      if (!base) throw new Error('comment needs --base DIR or --base-ref REF.');
      const after = load(head);
      const { suppressions } = orgContext(opts.org);
      write(renderPrComment(after, diffAccess(load(base), after), runLint(after.synth, after.access, suppressions)), opts.output);
    });

  program
    .command('lint')
    .description('security rules over the synthesized policies; exit 1 on error-level findings')
    .argument('[dir]', 'synthesized folder', DEFAULT_OUT)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('--org <file>', 'org file with lint.suppressions (default: ORG_CONFIG or org.yaml, when present)')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action((dir: string, opts: { format: string; org?: string; output?: string }) => {
      const { synth, access } = load(dir);
      const { suppressions, locate } = orgContext(opts.org);
      const result = runLint(synth, access, suppressions);
      const text = opts.format === 'json' ? renderLintJson(result) : opts.format === 'sarif' ? `${JSON.stringify(toSarif(result, locate), null, 2)}\n` : renderLintText(result);
      write(text, opts.output);
      process.exitCode = lintExitCode(result);
    });

  program
    .command('plan')
    .description('offline `terraform plan -refresh=false` of each stack against a new state (fake credentials, provider from the local mirror)')
    .argument('[dir]', 'synthesized folder', DEFAULT_OUT)
    .option('--stacks <names>', 'only these stacks, comma-separated')
    .option('--concurrency <n>', 'stacks planned at once', String(Math.max(1, availableParallelism())))
    .option('--format <format>', 'text or json', 'text')
    .action(async (dir: string, opts: { stacks?: string; concurrency: string; format: string }) => {
      const stacksDir = join(resolve(dir), 'stacks');
      if (!existsSync(stacksDir)) throw new Error(`${dir} holds no synthesized stacks. Run \`npx cdktf synth\` first.`);
      const wanted = opts.stacks?.split(',').map((x) => x.trim()).filter(Boolean);
      const stacks = readdirSync(stacksDir).filter((x) => !wanted || wanted.includes(x)).sort();
      const cli = writeOfflineCliConfig(mkdtempSync(join(tmpdir(), 'cai-tfrc-')));
      const plans: StackPlan[] = [];
      const queue = [...stacks];
      await Promise.all(
        Array.from({ length: Math.max(1, Number(opts.concurrency)) }, async () => {
          for (let next = queue.shift(); next; next = queue.shift()) plans.push(await planStack(join(stacksDir, next), next, cli));
        }),
      );
      plans.sort((a, b) => a.stack.localeCompare(b.stack));
      write(opts.format === 'json' ? `${JSON.stringify(plans, null, 2)}\n` : renderPlanSummary(plans));
      if (plans.some((p) => !p.ok)) process.exitCode = 1;
    });

  program
    .command('profiles')
    .description("a group's ~/.aws/config profiles, console switch-role links and assume-role commands")
    .requiredOption('--group <name>', 'the IAM group')
    .argument('[dir]', 'synthesized folder', DEFAULT_OUT)
    .option('--source-profile <name>', 'profile with the identity-account credentials', 'identity')
    .action((dir: string, opts: { group: string; sourceProfile: string }) => {
      const { synth, access } = load(dir);
      write(renderProfiles(synth, access, opts.group, { sourceProfile: opts.sourceProfile }));
    });

  addSandboxCommand(program);

  return program;
}

/** Runs the CLI; a mistake (missing folder, unknown group, bad org file) exits 2 with its message. */
export function main(argv = process.argv): void {
  const fail = (err: unknown) => {
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
