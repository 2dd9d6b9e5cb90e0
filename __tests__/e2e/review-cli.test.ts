/** The `cross-account-iam` command as a user or CI runs it, on synthesized fixture orgs. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMENT_MARKER } from '../../review/pr-comment';
import { DIFF_BASE, DIFF_HEAD, synthText } from '../helpers/diff-orgs';
import { EXAMPLE_ORG, ROOT, synthOrgFile, tempDir } from '../helpers/synth';

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [join(ROOT, 'bin', 'cross-account-iam.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 180_000 });
}

describe('cross-account-iam CLI', () => {
  const base = synthText(DIFF_BASE);
  const head = synthText(DIFF_HEAD);

  test('report prints Markdown, and --format json the grants', () => {
    const md = cli(['report', head]);
    expect(md.status).toBe(0);
    expect(md.stdout).toContain('| prod (444444444444) | `ReadOnly` | MFA, session ≤ 1 h |');
    const json = JSON.parse(cli(['report', head, '--format', 'json']).stdout);
    expect(json.grants.map((g: { group: string; role: string; account: string }) => `${g.group} ${g.role}@${g.account}`).sort()).toEqual([
      'developers Operator@dev',
      'developers ReadOnly@dev',
      'developers ReadOnly@prod',
    ]);
  });

  test('diff exits 0, or 1 with --fail-on-loosen when a change loosens access', () => {
    const plain = cli(['diff', base, head]);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain('> **2 changes LOOSEN access.**');
    expect(cli(['diff', base, head, '--fail-on-loosen']).status).toBe(1);
    expect(cli(['diff', base, base, '--fail-on-loosen']).status).toBe(0);
    expect(JSON.parse(cli(['diff', base, head, '--format', 'json']).stdout).loosened).toBe(2);
  });

  test('lint exits 1 on an error-level finding and writes SARIF on request', () => {
    const risky = synthText(DIFF_BASE.replace('    managedPolicies: [PowerUserAccess]\n', '    managedPolicies: [AdministratorAccess]\n    trust: { mfa: false }\n'));
    const dir = tempDir('cai-lint-');
    const sarifFile = join(dir, 'lint.sarif');
    const run = cli(['lint', risky, '--format', 'sarif', '--output', sarifFile, '--org', join(dir, 'none.yaml')]);
    expect(run.status).toBe(1);
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain('CAI001');
    expect(cli(['lint', base, '--org', join(dir, 'none.yaml')]).status).toBe(0);
  });

  test('lint reads suppressions with their reason from the org file', () => {
    const run = cli(['lint', synthOrgFile(EXAMPLE_ORG), '--org', EXAMPLE_ORG]);
    expect(run.stdout).toContain('suppressed CAI008: group SecAuditors can assume a role in every one of the 4 member accounts (reason: Security auditors review every account by design (read-only SecurityAudit).)');
  });

  test('profiles prints a profile per role of the group', () => {
    const run = cli(['profiles', '--group', 'developers', head]);
    expect(run.status).toBe(0);
    expect(run.stdout.match(/^\[profile /gm)).toHaveLength(3);
    expect(cli(['profiles', '--group', 'nobody-here', head]).status).toBe(2);
  });

  test('comment builds the pull-request body: marker, diff, lint and summary', () => {
    const run = cli(['comment', head, '--base', base, '--org', join(tempDir(), 'none.yaml')]);
    expect(run.status).toBe(0);
    expect(run.stdout.startsWith(`${COMMENT_MARKER}\n## Access changes`)).toBe(true);
    expect(run.stdout).toContain('| ⚠️ **LOOSENED** | access granted | `developers -> ReadOnly @ prod` | MFA, session ≤ 1 h |');
    expect(run.stdout).toContain('1 groups reach 2 member accounts through 3 grants; 1 named principal trusts.');
    expect(run.stdout).toContain('<details><summary>Full access report</summary>');
  });

  test('diff --base-ref synthesizes the base from git: the committed example org against itself changes nothing', () => {
    const out = synthOrgFile(EXAMPLE_ORG);
    const run = cli(['diff', '--base-ref', 'HEAD', out], { ORG_CONFIG: EXAMPLE_ORG });
    expect(run.stderr).not.toContain('Could not synthesize');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('## Access changes\n\nNo change in who can assume what.\n');
  });
});
