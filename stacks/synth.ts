import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { App } from 'cdktf';
import { OrgModel } from '../org/model';
import { buildApp } from './app';

/** Where cdktf expects the output: `--output` (passed as CDKTF_OUTDIR), else `cdktf.out`. */
export function outputDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.CDKTF_OUTDIR || 'cdktf.out');
}

/**
 * Synthesizes every stack into a folder beside `outdir`, then swaps it into place. A failure at any
 * point leaves an earlier `outdir` exactly as it was: no half-written output is ever read.
 */
export function synthesizeAtomically(model: OrgModel, outdir: string): void {
  const parent = dirname(outdir);
  mkdirSync(parent, { recursive: true });
  const staging = mkdtempSync(join(parent, `.${basename(outdir)}.staging-`));
  try {
    chmodSync(staging, 0o755);
    const app = new App({ outdir: staging });
    buildApp(model, app);
    app.synth();
    const previous = existsSync(outdir) ? `${staging}.previous` : undefined;
    if (previous) renameSync(outdir, previous);
    renameSync(staging, outdir);
    if (previous) rmSync(previous, { recursive: true, force: true });
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}
