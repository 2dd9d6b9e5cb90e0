import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { App } from 'cdktf';
import './quiet-cdktf-deprecation';
import { OrgModel } from '../org/model';
import { deployDependencies } from '../org/hcp-terraform';
import { buildApp, selectStacks } from './app';
import { writeSynthStamp } from './synth-stamp';

/** Where cdktf expects the output: `--output` (passed as CDKTF_OUTDIR), else `cdktf.out`. */
export function outputDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.CDKTF_OUTDIR || 'cdktf.out');
}

/** `STACKS=dev,prod` -> ['dev', 'prod']; none -> every stack. */
export function stackFilter(env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  const names = (env.STACKS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return names.length > 0 ? names : undefined;
}

export interface SynthOptions {
  /** Only these stacks (see `STACKS`). Default: all. */
  readonly stacks?: readonly string[];
  /** Threads to synthesize account stacks on. Default: the machine's cores, when the org is large enough to gain. */
  readonly threads?: number;
}

/** Below this many account stacks a second thread costs more than it saves. */
const MIN_ACCOUNTS_PER_THREAD = 150;
const WORKER = join(__dirname, 'synth-worker.js');

type ManifestStacks = Record<string, unknown>;

/**
 * Synthesizes the stacks into a folder beside `outdir`, then swaps it into place. A failure at any
 * point leaves an earlier `outdir` exactly as it was: no half-written output is ever read.
 * Large orgs are synthesized on several threads, each writing its own share of account stacks.
 */
export async function synthesizeAtomically(model: OrgModel, outdir: string, options: SynthOptions = {}): Promise<void> {
  const selection = selectStacks(model, options.stacks);
  const parent = dirname(outdir);
  mkdirSync(parent, { recursive: true });
  const staging = mkdtempSync(join(parent, `.${basename(outdir)}.staging-`));
  try {
    chmodSync(staging, 0o755);
    mkdirSync(join(staging, 'stacks'));
    const wanted = options.threads ?? availableParallelism();
    const threads = existsSync(WORKER) ? Math.max(1, Math.min(wanted, Math.floor(selection.accounts.length / MIN_ACCOUNTS_PER_THREAD))) : 1;
    const shares = split(selection.accounts.map((a) => a.key), threads);

    const workers = shares.slice(1).map(
      (accountKeys) =>
        new Promise<ManifestStacks>((done, fail) => {
          const bootstraps = selection.bootstraps?.filter((name) => accountKeys.includes(name));
          const worker = new Worker(WORKER, { workerData: { model, accountKeys, bootstraps, outdir: staging } });
          worker.once('message', done);
          worker.once('error', fail);
          worker.once('exit', (code) => code !== 0 && fail(new Error(`synth worker exited with ${code}`)));
        }),
    );
    const app = new App({ outdir: staging, stackTraces: false });
    const mine = new Set(shares[0]);
    // The bootstrap of an account stack is built beside it, on the same thread.
    const elsewhere = new Set(shares.slice(1).flat());
    buildApp(model, app, {
      ...selection,
      accounts: selection.accounts.filter((a) => mine.has(a.key)),
      ...(selection.bootstraps ? { bootstraps: selection.bootstraps.filter((name) => !elsewhere.has(name)) } : {}),
    });
    app.synth();
    const manifest = app.manifest.buildManifest();
    for (const stacks of await Promise.all(workers)) Object.assign(manifest.stacks, stacks);
    // Threads see only their own stacks: the deploy order between them is set here, from the model.
    for (const [stack, needs] of deployDependencies(model)) {
      const entry = manifest.stacks[stack] as { dependencies?: string[] } | undefined;
      if (entry) entry.dependencies = needs.filter((n) => n in manifest.stacks);
    }
    writeFileSync(join(staging, 'manifest.json'), `${JSON.stringify(sortKeys(manifest), null, 2)}`);
    // What the review commands check the folder against: the org file's hash and the tool version.
    if (existsSync(model.sourceFile)) writeSynthStamp(staging, model.sourceFile, options.stacks);

    swapIntoPlace(staging, outdir);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}

/** `items` cut into `n` contiguous shares of nearly equal size (the first may be empty of none). */
function split<T>(items: readonly T[], n: number): T[][] {
  const size = Math.ceil(items.length / n);
  return Array.from({ length: n }, (_, i) => items.slice(i * size, (i + 1) * size));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  return value;
}

/** A stack removed from the org file whose folder still holds Terraform state of live resources. */
export class OrphanedStateError extends Error {}

/**
 * Puts the new output in place of the old one. What Terraform keeps in a stack's folder (`.terraform`,
 * the lock file, a local state, plans) is carried over into the new folder: a synth only replaces
 * what it writes. The folder of a stack that is gone is removed, unless it holds a local state
 * with resources: that is refused before anything changes, since removing it would forget live
 * roles. When the cdktf CLI runs the app, it removes the folders of gone stacks itself right after
 * (and fails if one is missing), so an empty folder is left for it to remove.
 */
function swapIntoPlace(staging: string, outdir: string): void {
  const oldStacks = join(outdir, 'stacks');
  const newStacks = join(staging, 'stacks');
  const previous = listDirs(oldStacks);
  const current = new Set(listDirs(newStacks));
  const gone = previous.filter((name) => !current.has(name));
  const stranded = gone.flatMap((name) => statesWithResources(join(oldStacks, name)).map((file) => ({ name, file })));
  if (stranded.length > 0) {
    throw new OrphanedStateError(
      `${stranded.length === 1 ? 'A stack' : 'Stacks'} no longer in the org file still hold${stranded.length === 1 ? 's' : ''} Terraform state with live resources; nothing was synthesized:\n` +
        stranded.map((s) => `  ${s.name}: ${s.file}`).join('\n') +
        `\nFix: destroy ${stranded.length === 1 ? 'that stack' : 'those stacks'} first (with the org file that still has ${stranded.length === 1 ? 'it' : 'them'}: cdktf destroy <stack>), or move the state file out of ${oldStacks} if the resources should stay.`,
    );
  }
  if (process.env.SYNTH_HCL_OUTPUT !== undefined) for (const name of gone) mkdirSync(join(newStacks, name));
  const moves: [string, string][] = [];
  const old = existsSync(outdir) ? `${staging}.previous` : undefined;
  try {
    for (const name of previous.filter((n) => current.has(n))) {
      const fresh = new Set(readdirSync(join(newStacks, name)));
      for (const entry of readdirSync(join(oldStacks, name))) {
        if (fresh.has(entry)) continue;
        const move: [string, string] = [join(oldStacks, name, entry), join(newStacks, name, entry)];
        renameSync(...move);
        moves.push(move);
      }
    }
    if (old) renameSync(outdir, old);
    renameSync(staging, outdir);
  } catch (err) {
    // The earlier output was moved aside but the new one did not take its place: put it back.
    if (old && existsSync(old) && !existsSync(outdir)) renameSync(old, outdir);
    for (const [from, to] of moves.reverse()) renameSync(to, from);
    throw err;
  }
  if (old) rmSync(old, { recursive: true, force: true });
}

function listDirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
}

/** Local Terraform state files in a stack folder (any depth but `.terraform`) that record resources. */
function statesWithResources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
    if (!entry.isFile() || !/\.tfstate$/.test(entry.name) || file.includes('/.terraform/')) continue;
    try {
      const state = JSON.parse(readFileSync(file, 'utf8')) as { resources?: unknown[] };
      if ((state.resources ?? []).length > 0) out.push(file);
    } catch {
      if (statSync(file).size > 0) out.push(file);
    }
  }
  return out;
}
