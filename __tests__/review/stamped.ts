/** Synthesis as `npx cdktf synth` does it (the output folder records the org file's hash and the version). */
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadOrgFile } from '../../org/load';
import { synthesizeAtomically } from '../../stacks/synth';
import { ROOT, tempDir } from '../helpers/synth';

/** Writes `text` as `<dir>/<name>.yaml` and synthesizes it in-process into `<dir>/<name>.out`. */
export async function synthStamped(text: string, name = 'org', dir = tempDir('cai-rv-')): Promise<{ dir: string; org: string; out: string }> {
  const org = join(dir, `${name}.yaml`);
  writeFileSync(org, text);
  const out = join(dir, `${name}.out`);
  await synthesizeAtomically(loadOrgFile(org), out);
  return { dir, org, out };
}

/**
 * Runs the compiled app in `cwd` with `env` (ORG_CONFIG, CDKTF_OUTDIR, STACKS as given, relative or
 * not), as `ORG_CONFIG=... npx cdktf synth --output ...` run there does.
 */
export function synthIn(cwd: string, env: { ORG_CONFIG?: string; CDKTF_OUTDIR: string; STACKS?: string }): void {
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'app.js')], { cwd, encoding: 'utf8', env: { ...process.env, ORG_CONFIG: '', STACKS: '', ...env } });
  if (run.status !== 0) throw new Error(`synth in ${cwd} failed: ${run.stderr}`);
}

/** Synthesizes an org file with the compiled app (threads for large orgs), as `cdktf synth` runs it. */
export function synthWithApp(org: string, out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], { env: { ...process.env, ORG_CONFIG: org, CDKTF_OUTDIR: out, STACKS: '' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`synth of ${org} failed: ${stderr}`))));
  });
}
