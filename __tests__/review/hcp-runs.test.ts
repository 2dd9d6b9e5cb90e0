/**
 * Runs in HCP Terraform from CI (`hcp-runs`): the order (workspaces, member waves, identity,
 * organization), a failed wave stopping the next, bootstraps left to an admin and holding back their
 * stack, and the summary with each run's link. Terraform is a stand-in script here: HCP Terraform
 * cannot be reached from these machines, and the runs' own credentials are proven by the simulator.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadOrgFile } from '../../org/load';
import { executeRuns, planRuns, renderRunSummary, runsExitCode } from '../../review/hcp-runs';
import { FIXTURES, ROOT, tempDir } from '../helpers/synth';
import { synthesizeAtomically } from '../../stacks/synth';

const ORG = join(FIXTURES, 'hcp-terraform.yaml');
const model = loadOrgFile(ORG);

/** A terraform that logs each call, prints a run link like HCP Terraform's, and fails for the stacks in FAIL. */
function fakeTerraform(): { bin: string; log: string } {
  const dir = tempDir('cai-fake-tf-');
  const log = join(dir, 'calls.log');
  const bin = join(dir, 'terraform');
  writeFileSync(
    bin,
    `#!/bin/sh
stack=$(basename "\${1#-chdir=}")
echo "$stack $2 TF_IN_AUTOMATION=$TF_IN_AUTOMATION" >> "${log}"
if [ "$2" != init ]; then
  echo "Running $2 in HCP Terraform."
  echo "To view this run in a browser, visit:"
  echo "https://app.terraform.io/app/acme-platform/iam-$stack/runs/run-abc$stack"
fi
case ",$FAIL," in *",$stack,"*) if [ "$2" != init ]; then echo "Error: AccessDenied: not authorized to perform iam:CreateRole" >&2; exit 1; fi;; esac
exit 0
`,
  );
  chmodSync(bin, 0o755);
  return { bin, log };
}

describe('the order of runs', () => {
  test('workspaces first, then members by their trusts, identity, organization; only the stacks asked for', () => {
    expect(planRuns(model, ['organization', 'dev', 'identity', 'tooling', 'prod', 'workspaces'])).toEqual({
      waves: [['workspaces'], ['tooling'], ['dev', 'prod'], ['identity'], ['organization']],
      waveNumbers: [1, 2, 3, 4, 5],
      bootstraps: [],
      heldBack: [],
      waiting: [],
    });
    expect(planRuns(model, ['prod', 'identity']).waves).toEqual([['prod'], ['identity']]);
  });

  test('a changed bootstrap is an admin\'s to apply, and holds back its own stack and every later wave until then', () => {
    expect(planRuns(model, ['bootstrap-dev', 'dev', 'prod', 'identity', 'organization'])).toEqual({
      waves: [['prod']],
      // Numbered as in the org's whole order (and the workspaces' wave tags): workspaces 1, tooling 2, dev and prod 3.
      waveNumbers: [3],
      bootstraps: ['bootstrap-dev'],
      heldBack: ['dev'],
      waiting: ['identity', 'organization'],
    });
    expect(planRuns(model, ['bootstrap-dev', 'dev', 'prod', 'identity'], { bootstrapsApplied: true })).toEqual({ waves: [['dev', 'prod'], ['identity']], waveNumbers: [3, 4], bootstraps: ['bootstrap-dev'], heldBack: [], waiting: [] });
    expect(runsExitCode(planRuns(model, ['bootstrap-dev', 'prod']), [])).toBe(0);
    const applied = planRuns(model, ['bootstrap-dev', 'dev'], { bootstrapsApplied: true });
    const summary = renderRunSummary(model, applied, [], { dryRun: true, bootstrapsApplied: true });
    expect(summary).toContain('\nBootstrap stacks `bootstrap-dev`: applied by an admin (--bootstraps-applied), so their stacks run.\n');
    expect(summary).not.toContain('An admin applies');
  });

  test('an unknown stack is an error naming the stacks', () => {
    expect(() => planRuns(model, ['qa'])).toThrow('No stack "qa" in HCP Terraform mode. Stacks: workspaces, tooling, dev, prod, identity, organization, bootstrap-tooling, bootstrap-dev, bootstrap-prod, bootstrap-identity, bootstrap-organization.');
  });
});

describe('the runs', () => {
  test('go wave after wave with init then apply, and the summary links each run', async () => {
    const { bin, log } = fakeTerraform();
    const plan = planRuns(model, ['workspaces', 'dev', 'prod', 'tooling', 'identity', 'organization']);
    const results = await executeRuns(model, plan, { outdir: tempDir(), terraform: bin, concurrency: 1, env: { ...process.env, FAIL: '' } });
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(
      ['workspaces', 'tooling', 'dev', 'prod', 'identity', 'organization'].flatMap((s) => [`${s} init TF_IN_AUTOMATION=1`, `${s} apply TF_IN_AUTOMATION=1`]),
    );
    expect(results.map((r) => [r.stack, r.workspace, r.wave, r.status, r.url])).toEqual([
      ['workspaces', 'iam-workspaces', 1, 'applied', 'https://app.terraform.io/app/acme-platform/iam-workspaces/runs/run-abcworkspaces'],
      ['tooling', 'iam-tooling', 2, 'applied', 'https://app.terraform.io/app/acme-platform/iam-tooling/runs/run-abctooling'],
      ['dev', 'iam-dev', 3, 'applied', 'https://app.terraform.io/app/acme-platform/iam-dev/runs/run-abcdev'],
      ['prod', 'iam-prod', 3, 'applied', 'https://app.terraform.io/app/acme-platform/iam-prod/runs/run-abcprod'],
      ['identity', 'iam-identity', 4, 'applied', 'https://app.terraform.io/app/acme-platform/iam-identity/runs/run-abcidentity'],
      ['organization', 'iam-organization', 5, 'applied', 'https://app.terraform.io/app/acme-platform/iam-organization/runs/run-abcorganization'],
    ]);
    expect(runsExitCode(plan, results)).toBe(0);
    expect(renderRunSummary(model, plan, results).split('\n').slice(0, 6)).toEqual([
      '## HCP Terraform runs',
      '',
      '| wave | stack | workspace | result | run |',
      '| --- | --- | --- | --- | --- |',
      '| 1 | `workspaces` | `iam-workspaces` | ✅ applied | [run](https://app.terraform.io/app/acme-platform/iam-workspaces/runs/run-abcworkspaces) |',
      '| 2 | `tooling` | `iam-tooling` | ✅ applied | [run](https://app.terraform.io/app/acme-platform/iam-tooling/runs/run-abctooling) |',
    ]);
  });

  test('a failed run stops the later waves: identity never grants roles a member run did not make', async () => {
    const { bin } = fakeTerraform();
    const plan = planRuns(model, ['dev', 'prod', 'identity', 'organization']);
    const results = await executeRuns(model, plan, { outdir: tempDir(), terraform: bin, env: { ...process.env, FAIL: 'dev' } });
    expect(results.map((r) => [r.stack, r.status]).sort()).toEqual([['dev', 'failed'], ['identity', 'not run'], ['organization', 'not run'], ['prod', 'applied']]);
    expect(results.find((r) => r.stack === 'dev')).toMatchObject({
      url: 'https://app.terraform.io/app/acme-platform/iam-dev/runs/run-abcdev',
      detail: expect.stringContaining('terraform apply: ') as unknown as string,
    });
    expect(results.find((r) => r.stack === 'dev')!.detail).toContain('Error: AccessDenied: not authorized to perform iam:CreateRole');
    expect(runsExitCode(plan, results)).toBe(1);
    expect(renderRunSummary(model, plan, results)).toContain('| 4 | `identity` | `iam-identity` | ⏭️ not run (an earlier wave failed) |  |');
  });

  test('--speculative plans instead (the plan phase, the plan role)', async () => {
    const { bin, log } = fakeTerraform();
    const results = await executeRuns(model, planRuns(model, ['dev']), { outdir: tempDir(), terraform: bin, speculative: true, env: { ...process.env, FAIL: '' } });
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(['dev init TF_IN_AUTOMATION=1', 'dev plan TF_IN_AUTOMATION=1']);
    expect(results[0].status).toBe('planned');
  });
});

describe('the hcp-runs command', () => {
  /** The org file synthesized as `cdktf synth` does (the folder records the file's hash). */
  async function stamped(org: string): Promise<string> {
    const out = join(tempDir('cai-hcp-'), 'cdktf.out');
    await synthesizeAtomically(loadOrgFile(org), out);
    return out;
  }

  test('prints the order of a folder\'s runs, bootstraps left to an admin, and appends it to the step summary', async () => {
    const out = await stamped(ORG);
    const summary = join(tempDir(), 'summary.md');
    const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'cross-account-iam.js'), 'hcp-runs', out, '--org', ORG, '--stacks', 'bootstrap-dev,dev,identity', '--dry-run', '--step-summary', summary], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(
      [
        '## HCP Terraform runs (dry run: the order, nothing run)',
        '',
        'No stack to run.',
        '',
        '> [!IMPORTANT]',
        '> 1 bootstrap stack to apply: `bootstrap-dev`. HCP Terraform never runs it: an admin applies it through the deployment role: `npx cdktf deploy bootstrap-dev` (docs/terraform-cloud.md).',
        "> Held back until then: `dev`. Then run again with --bootstraps-applied (the workflow's `bootstraps-applied` input).",
        '> Waiting for them, as later waves: `identity`.',
        '',
      ].join('\n'),
    );
    expect(readFileSync(summary, 'utf8')).toBe(`${run.stdout}\n`);
  });

  test('an org file not in HCP Terraform mode is refused with the fix', async () => {
    const out = await stamped(join(FIXTURES, 'minimal.yaml'));
    const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'cross-account-iam.js'), 'hcp-runs', out, '--org', join(FIXTURES, 'minimal.yaml'), '--all'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`cross-account-iam: hcp-runs: ${join(FIXTURES, 'minimal.yaml')} does not use HCP Terraform mode. Fix: set deployment.hcpTerraform (docs/terraform-cloud.md), or deploy with cdktf deploy.\n`);
  });
});
