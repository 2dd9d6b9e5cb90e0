/**
 * CDK Terrain (cdktn), the community fork of the archived CDK for Terraform, as a team that moved
 * runs it: its CLI 0.24 on Node 22 (it needs 22.19 or later), first with this app unchanged, then
 * with cdktn's libraries in place of cdktf's. Both must write what `cdktf synth` writes.
 * The pinned packages are installed once per machine into a cache outside the repository.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { snapshotDir } from '../helpers/refuse';
import { CDKTN_CLI, CDKTN_LIBRARIES, HAS_NODE_22_PACKAGE, NODE_22, installPinned } from '../helpers/pinned-packages';
import { loadOrgFile } from '../../org/load';
import { synthesizeAtomically } from '../../stacks/synth';
import { EXAMPLE_ORG, FIXTURES, ROOT, tempDir } from '../helpers/synth';

/** Runs a CDK CLI's `synth` of an org file (the example by default), as `npm run synth` does, into a new folder. */
function synth(cli: string, cwd: string, path: string, org = EXAMPLE_ORG) {
  const out = join(tempDir('cai-cdktn-'), 'cdktf.out');
  // No Terraform CLI config: synth reads none, and cdktn warns about one that is named but missing.
  const { TF_CLI_CONFIG_FILE: _unused, ...env } = process.env;
  const run = spawnSync(cli, ['synth', '--output', out], {
    cwd,
    env: { ...env, PATH: path, ORG_CONFIG: org, CHECKPOINT_DISABLE: '1', CI: '1' },
    encoding: 'utf8',
    timeout: 180_000,
  });
  expect({ status: run.status, error: run.error, stderr: run.status === 0 ? '' : run.stderr }).toEqual({ status: 0, error: undefined, stderr: '' });
  return snapshotDir(out);
}

let cdktfOutput: Record<string, string> | undefined;
/** What the default toolchain (cdktf-cli, cdktf, this machine's Node) writes: the reference. */
function cdktfSynth() {
  cdktfOutput ??= synth(join(ROOT, 'node_modules', '.bin', 'cdktf'), ROOT, process.env.PATH ?? '');
  return cdktfOutput;
}

/** The tools' folder: cdktn-cli and Node 22, with both on the front of PATH. */
function cdktnTools() {
  const { folder, installed, seconds } = installPinned([CDKTN_CLI, NODE_22]);
  if (installed) process.stdout.write(`installed ${CDKTN_CLI} ${NODE_22} in ${seconds.toFixed(1)} s\n`);
  const bin = join(folder, 'node_modules', '.bin');
  return { cdktn: join(bin, 'cdktn'), path: `${bin}:${process.env.PATH ?? ''}` };
}

const stacks = (files: Record<string, string>) => Object.keys(files).filter((f) => f.endsWith('cdk.tf.json')).sort();

(HAS_NODE_22_PACKAGE ? describe : describe.skip)('CDK Terrain (cdktn-cli 0.24 on Node 22)', () => {
  test('GIVEN this app unchanged WHEN `cdktn synth` runs it on Node 22 THEN every file it writes is byte for byte what `cdktf synth` writes', () => {
    const { cdktn, path } = cdktnTools();
    const node = spawnSync('node', ['--version'], { env: { ...process.env, PATH: path }, encoding: 'utf8' });
    expect(node.stdout.trim()).toBe(`v${NODE_22.split('@')[1]}`);

    const terrain = synth(cdktn, ROOT, path);
    const reference = cdktfSynth();
    expect(stacks(terrain)).toEqual(['stacks/dev/cdk.tf.json', 'stacks/identity/cdk.tf.json', 'stacks/prod/cdk.tf.json', 'stacks/staging/cdk.tf.json', 'stacks/tooling/cdk.tf.json']);
    // Everything: the stacks, cdktf's manifest, and the stamp naming the org file.
    expect(terrain).toEqual(reference);
  });

  test("GIVEN cdktn's libraries in place of cdktf's (npm aliases, no source change) WHEN the org with every kind of stack is synthesized THEN every stack is what cdktf writes, but for the library's version stamp, the AWS provider source spelled in full, and the layout of empty lists", async () => {
    const { cdktn, path } = cdktnTools();
    const { folder, installed, seconds } = installPinned(CDKTN_LIBRARIES);
    if (installed) process.stdout.write(`installed ${CDKTN_LIBRARIES.join(' ')} in ${seconds.toFixed(1)} s\n`);

    // The compiled app in a folder of its own, whose node_modules holds the aliased libraries and,
    // for every other dependency, the project's own copy: what `npm install` makes after the switch.
    spawnSync(process.execPath, [join(ROOT, 'scripts', 'ensure-built.js')], { stdio: 'inherit' });
    const app = tempDir('cai-cdktn-app-');
    for (const f of ['dist', 'scripts', 'cdktf.json', 'package.json']) cpSync(join(ROOT, f), join(app, f), { recursive: true, preserveTimestamps: true });
    const aliased = new Set(CDKTN_LIBRARIES.map((spec) => spec.slice(0, spec.indexOf('@', 1))));
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const name of new Set([...aliased, ...Object.keys(pkg.dependencies)])) {
      const target = join(aliased.has(name) ? join(folder, 'node_modules') : join(ROOT, 'node_modules'), name);
      mkdirSync(dirname(join(app, 'node_modules', name)), { recursive: true });
      symlinkSync(target, join(app, 'node_modules', name), 'dir');
    }
    const library = JSON.parse(readFileSync(join(app, 'node_modules', 'cdktf', 'package.json'), 'utf8')) as { name: string; version: string };
    expect(library).toMatchObject({ name: 'cdktn', version: '0.24.0' });

    // hcp-terraform.yaml has every kind of stack: account stacks with `moved` blocks, the
    // bootstrap stacks (whose apply policies are read from the built stacks' resources) and the
    // workspaces stack, made with the tfe bindings (cdktf's: cdktn has none) running on cdktn.
    const org = join(FIXTURES, 'hcp-terraform.yaml');
    const terrain = synth(cdktn, app, path, org);
    const reference = join(tempDir('cai-cdktf-'), 'cdktf.out');
    await synthesizeAtomically(loadOrgFile(org), reference);
    const expected = snapshotDir(reference);
    expect(stacks(terrain)).toEqual(stacks(expected));
    expect(stacks(terrain)).toHaveLength(11);
    const cdktfVersion = (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'cdktf', 'package.json'), 'utf8')) as { version: string }).version;
    for (const file of stacks(terrain)) {
      // The differences, all expected: each stack records the version of the library that wrote it;
      // cdktn's AWS bindings name their provider `hashicorp/aws`, which Terraform (and OpenTofu)
      // read as the same provider as cdktf's shorthand `aws`, so a plan or a state does not change;
      // and cdktf writes an empty list or object over two lines, cdktn as `[]` and `{}`.
      expect(terrain[file]).toContain('"version": "0.24.0"');
      const normalized = terrain[file].replace('"version": "0.24.0"', `"version": "${cdktfVersion}"`).replace('"source": "hashicorp/aws"', '"source": "aws"');
      const layout = (text: string) => text.replace(/\[\s+\]/g, '[]').replace(/\{\s+\}/g, '{}');
      expect({ file, text: normalized }).toEqual({ file, text: layout(expected[file]) });
    }
  });
});
