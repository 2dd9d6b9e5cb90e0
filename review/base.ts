import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { runProcess } from '../stacks/process';

/** The project root: where package.json, scripts/ and node_modules are. */
const ROOT = resolve(__dirname, '..', '..');

/**
 * Files of this project that decide the synthesized output besides the org file. The workflow's
 * `paths` filter must cover them (a test checks it); when none differs at the base, the base org
 * file is synthesized with the code at hand, without building the base's code.
 */
export const OUTPUT_INPUTS = ['main.ts', 'index.ts', 'org', 'policy', 'modules', 'stacks', 'scripts', 'package.json', 'package-lock.json', 'cdktf.json', 'tsconfig.json'] as const;

/** A synthesized base in a temporary folder; `dispose` removes the folder. */
export interface SynthesizedBase {
  readonly dir: string;
  /** How the base was made: `org file only` (same code) or `full checkout` (the code differs too). */
  readonly how: 'org-file' | 'checkout';
  readonly seconds: number;
  dispose(): void;
}

const git = (cwd: string, args: string[]) => spawnSync('git', ['-C', cwd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });

function gitTop(dir: string): string | undefined {
  const top = git(dir, ['rev-parse', '--show-toplevel']);
  return top.status === 0 ? top.stdout.trim() : undefined;
}

/** Runs the cdktf app of `root` on `orgFile` into `outdir`; a failure is one error carrying the app's own message. */
async function runApp(root: string, orgFile: string, outdir: string, ref: string, shownAs: string): Promise<void> {
  const app = existsSync(join(root, 'scripts', 'app.js'))
    ? ['scripts/app.js']
    : ['-e', "require('child_process').execFileSync(process.execPath,[require.resolve('typescript/bin/tsc'),'-p','tsconfig.json'],{stdio:'inherit'});require('./dist/main.js')"];
  const env = { ...process.env, CDKTF_OUTDIR: outdir, ORG_CONFIG: orgFile, CHECKPOINT_DISABLE: '1', STACKS: '' };
  const { code, stdout, stderr } = await runProcess(process.execPath, app, { cwd: root, env });
  const output = `${stdout}${stderr}`;
  if (code !== 0) {
    // The org file is named as the user knows it, not by the temporary copy's path.
    const said = output.trim().split(orgFile).join(shownAs);
    throw new Error(`Could not synthesize the base (${ref}): ${said ? `\n${said}` : `exit ${code}`}`);
  }
}

/**
 * Synthesizes the org file as it is at git `ref` into a temporary folder. When no file of
 * OUTPUT_INPUTS differs between `ref` and the working tree (or the project is installed apart from
 * the org file's repository), only the base org file is taken from git and synthesized with the code
 * at hand; otherwise the whole tree at `ref` is checked out, built and run. Nothing is left
 * behind: the folder goes with `dispose()`, or at once when synthesis fails.
 */
export async function synthesizeGitRef(ref: string, orgFile: string): Promise<SynthesizedBase> {
  const start = process.hrtime.bigint();
  const org = resolve(orgFile);
  const top = gitTop(dirname(org));
  if (!top) throw new Error(`${org} is not in a git repository, so --base-ref ${ref} has nothing to read. Fix: pass --base DIR (a synthesized base) instead.`);
  const verify = git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (verify.status !== 0) throw new Error(`git knows no commit "${ref}" in ${top}. Fix: fetch it first (git fetch origin; in GitHub Actions, actions/checkout with fetch-depth: 0).`);
  const work = mkdtempSync(join(tmpdir(), 'cai-base-'));
  const seconds = () => Number(process.hrtime.bigint() - start) / 1e9;
  const dispose = () => rmSync(work, { recursive: true, force: true });
  try {
    const out = join(work, 'cdktf.out');
    const orgPath = relative(top, org).split('\\').join('/');
    const sameCode = gitTop(ROOT) !== top || git(top, ['diff', '--quiet', ref, '--', ...OUTPUT_INPUTS.map((p) => `:(top)${relative(top, join(ROOT, p)).split('\\').join('/')}`)]).status === 0;
    const exists = git(top, ['cat-file', '-e', `${ref}:${orgPath}`]).status === 0;
    if (!exists) {
      // No org file at the base: every stack of the head is new.
      mkdirSync(join(out, 'stacks'), { recursive: true });
      return { dir: out, how: 'org-file', seconds: seconds(), dispose };
    }
    if (sameCode) {
      const baseOrg = join(work, basename(org));
      writeFileSync(baseOrg, execFileSync('git', ['-C', top, 'show', `${ref}:${orgPath}`], { maxBuffer: 1 << 30 }));
      await runApp(ROOT, baseOrg, out, ref, `${orgPath} at ${ref}`);
      return { dir: out, how: 'org-file', seconds: seconds(), dispose };
    }
    const tree = join(work, 'tree');
    mkdirSync(tree);
    const archive = execFileSync('git', ['-C', top, 'archive', '--format=tar', ref], { maxBuffer: 1 << 30 });
    execFileSync('tar', ['-x', '-C', tree], { input: archive });
    const root = join(tree, relative(top, ROOT));
    if (!existsSync(join(root, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    await runApp(root, join(tree, orgPath), out, ref, `${orgPath} at ${ref}`);
    return { dir: out, how: 'checkout', seconds: seconds(), dispose };
  } catch (err) {
    dispose();
    throw err;
  }
}
