/** The real `npx cdktf synth`, as a user runs it: compile, run the app, write the stacks. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { snapshotDir } from '../helpers/refuse';
import { FIXTURES, ROOT, tempDir } from '../helpers/synth';

function cdktfSynth(orgConfig: string, outdir: string) {
  const { TF_CLI_CONFIG_FILE: _unused, ...env } = process.env;
  return spawnSync('npx', ['cdktf', 'synth', '--output', outdir], {
    cwd: ROOT,
    env: { ...env, ORG_CONFIG: orgConfig, CHECKPOINT_DISABLE: '1', CI: '1' },
    encoding: 'utf8',
    timeout: 180_000,
  });
}

describe('npx cdktf synth', () => {
  test('GIVEN ORG_CONFIG and --output WHEN synthesized THEN identity and one stack per account are written there', () => {
    const out = tempDir('cai-cli-');
    const run = cdktfSynth(join(FIXTURES, 'automation.yaml'), out);
    expect(run.status).toBe(0);
    expect(readdirSync(join(out, 'stacks')).sort()).toEqual(['app-dev', 'app-prod', 'build', 'identity']);
    const prod = JSON.parse(readFileSync(join(out, 'stacks', 'app-prod', 'cdk.tf.json'), 'utf8'));
    expect(Object.values(prod.resource.aws_iam_role).map((r) => (r as { name: string }).name).sort()).toEqual(['Breakglass', 'Deploy', 'Operator', 'Scanner', 'SharedCi']);
  });

  test('GIVEN an org file with a mistake THEN the exit status is non-zero, the message names file, line and key, and nothing is written', () => {
    const out = join(tempDir('cai-cli-'), 'out');
    const bad = join(FIXTURES, 'bad', 'unknown-role.yaml');
    const run = cdktfSynth(bad, out);
    expect(run.status).not.toBe(0);
    expect(`${run.stdout}${run.stderr}`).toContain(
      `${bad}:14:7 groups.developers.assume.Admn: role "Admn" is not defined under roles. Did you mean "Admin"? Fix: use one of: Admin, or define it under roles.`,
    );
    expect(existsSync(join(out, 'stacks'))).toBe(false);
  });

  test('GIVEN an earlier cdktf.out WHEN a bad org file is synthesized THEN the earlier output stays exactly as it was', () => {
    const out = tempDir('cai-cli-');
    expect(cdktfSynth(join(FIXTURES, 'minimal.yaml'), out).status).toBe(0);
    const before = snapshotDir(out);
    expect(Object.keys(before)).toContain('stacks/sandbox/cdk.tf.json');
    const run = cdktfSynth(join(FIXTURES, 'bad', 'unknown-role.yaml'), out);
    expect(run.status).not.toBe(0);
    expect(snapshotDir(out)).toEqual(before);
  });

  test('GIVEN an earlier cdktf.out WHEN an account is removed from the org file and synthesized again THEN exit 0, its folder is gone and the rest is identical', () => {
    const dir = tempDir('cai-cli-');
    const out = join(dir, 'cdktf.out');
    const text = readFileSync(join(FIXTURES, 'automation.yaml'), 'utf8');
    const file = join(dir, 'org.yaml');
    writeFileSync(file, text);
    expect(cdktfSynth(file, out).status).toBe(0);
    const before = snapshotDir(out);
    // app-dev is named by nothing but its own line and the grants to it (a grant to app-dev alone goes with it).
    const without = text.split('\n').filter((line) => !/^\s+app-dev:/.test(line) && !/: \[app-dev\]$/.test(line)).join('\n').replace(/\[app-dev, app-prod\]/g, '[app-prod]');
    writeFileSync(file, without);
    const run = cdktfSynth(file, out);
    expect(`${run.stderr}`).not.toContain('ENOENT');
    expect(run.status).toBe(0);
    expect(readdirSync(join(out, 'stacks')).sort()).toEqual(['app-prod', 'build', 'identity']);
    const after = snapshotDir(out);
    for (const stack of ['app-prod', 'build']) expect(after[`stacks/${stack}/cdk.tf.json`]).toBe(before[`stacks/${stack}/cdk.tf.json`]);
  });

  test('GIVEN a removed account whose folder holds a local state with resources WHEN synthesized THEN exit 1 inside the synth, the state is named, and the earlier output stays exactly as it was', () => {
    const dir = tempDir('cai-cli-');
    const out = join(dir, 'cdktf.out');
    const file = join(dir, 'org.yaml');
    const text = readFileSync(join(FIXTURES, 'minimal.yaml'), 'utf8');
    const withExtra = text.replace('  sandbox: { accountId: "100000000002" }', '  sandbox: { accountId: "100000000002" }\n  extra: { accountId: "100000000003" }');
    writeFileSync(file, withExtra.replace('Developer: [sandbox]', 'Developer: [sandbox, extra]'));
    expect(cdktfSynth(file, out).status).toBe(0);
    const state = join(out, 'stacks', 'extra', 'terraform.extra.tfstate');
    writeFileSync(state, '{"version":4,"resources":[{"mode":"managed","type":"aws_iam_role","name":"role_Developer"}]}');
    const before = snapshotDir(out);
    writeFileSync(file, text);
    const run = cdktfSynth(file, out);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`A stack no longer in the org file still holds Terraform state with live resources; nothing was synthesized:`);
    expect(run.stderr).toContain(`extra: ${state}`);
    expect(snapshotDir(out)).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(['cdktf.out', 'org.yaml']);
  });
});
