import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { App } from 'cdktf';
import { OrgModel, stackDependencies } from '../org/model';
import { buildApp, selectStacks } from './app';
import { writeSynthStamp } from '../review/stamp';

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
          const worker = new Worker(WORKER, { workerData: { model, accountKeys, outdir: staging } });
          worker.once('message', done);
          worker.once('error', fail);
          worker.once('exit', (code) => code !== 0 && fail(new Error(`synth worker exited with ${code}`)));
        }),
    );
    const app = new App({ outdir: staging, stackTraces: false });
    const mine = new Set(shares[0]);
    buildApp(model, app, { identity: selection.identity, organization: selection.organization, accounts: selection.accounts.filter((a) => mine.has(a.key)) });
    app.synth();
    const manifest = app.manifest.buildManifest();
    for (const stacks of await Promise.all(workers)) Object.assign(manifest.stacks, stacks);
    // Threads see only their own stacks: the deploy order between them is set here, from the model.
    for (const [stack, needs] of stackDependencies(model)) {
      const entry = manifest.stacks[stack] as { dependencies?: string[] } | undefined;
      if (entry) entry.dependencies = needs.filter((n) => n in manifest.stacks);
    }
    writeFileSync(join(staging, 'manifest.json'), `${JSON.stringify(sortKeys(manifest), null, 2)}`);
    // What the review commands check the folder against: the org file's hash and the tool version.
    if (existsSync(model.sourceFile)) writeSynthStamp(staging, model.sourceFile, options.stacks);

    const previous = existsSync(outdir) ? `${staging}.previous` : undefined;
    if (previous) renameSync(outdir, previous);
    renameSync(staging, outdir);
    if (previous) rmSync(previous, { recursive: true, force: true });
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
