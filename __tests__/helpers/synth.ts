import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { loadOrgFile, parseOrg } from '../../org/load';
import { buildApp } from '../../stacks/app';

export const ROOT = join(__dirname, '..', '..');
export const EXAMPLE_ORG = join(ROOT, 'org.yaml');
export const FIXTURES = join(ROOT, '__tests__', 'fixtures');

/** A fresh temporary folder. */
export function tempDir(prefix = 'cai-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Synthesizes an org file to disk, as `cdktf synth` would, and returns the output folder. */
export function synthOrgFile(path: string, outdir = tempDir('cai-out-')): string {
  const app = new App({ outdir });
  buildApp(loadOrgFile(path), app);
  app.synth();
  return outdir;
}

/** Builds the app of org file text in memory (for stack tests). */
export function buildFromText(text: string) {
  const app = new App({ outdir: tempDir('cai-mem-') });
  return { app, ...buildApp(parseOrg(text, 'org.yaml'), app) };
}
