import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { OrgConfigError } from '../../org/errors';
import { loadOrgFile } from '../../org/load';
import { synthesizeAtomically } from '../../stacks/synth';
import { tempDir } from './synth';

/** Every file below `dir` with its content, to prove a folder was left exactly as it was. */
export function snapshotDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/**
 * Runs the app's own flow (load, then synthesize atomically) on org file text, over an output
 * folder that already holds an earlier synth. Expects the org file to be refused, and returns the
 * problems as `line:column path: message`. A refused file never reaches the synth: the app loads
 * and checks the whole file before it writes anything, which is what the unchanged folder below
 * shows. Failures inside the synth itself (and the rollback they need) are proven in
 * `__tests__/stacks/synth-output.test.ts`, with inputs that load and then fail.
 */
export async function refusedProblems(text: string): Promise<string[]> {
  const dir = tempDir('cai-bad-');
  const file = join(dir, 'org.yaml');
  writeFileSync(file, text);
  const outdir = join(dir, 'cdktf.out');
  mkdirSync(join(outdir, 'stacks', 'dev'), { recursive: true });
  writeFileSync(join(outdir, 'stacks', 'dev', 'cdk.tf.json'), '{"earlier":"synth"}');
  const before = snapshotDir(outdir);
  let problems: string[] | undefined;
  try {
    await synthesizeAtomically(loadOrgFile(file), outdir);
  } catch (err) {
    if (!(err instanceof OrgConfigError)) throw err;
    expect(err.problems.every((p) => p.file === file)).toBe(true);
    problems = err.problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`);
  }
  if (!problems) throw new Error('expected the org file to be refused, but it synthesized');
  expect(snapshotDir(outdir)).toEqual(before);
  expect(readdirSync(dirname(outdir)).sort()).toEqual(['cdktf.out', 'org.yaml']);
  return problems;
}
