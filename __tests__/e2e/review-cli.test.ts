/** The `cross-account-iam` command as a user or CI runs it, on synthesized fixture orgs. */
import { execFileSync, spawnSync } from 'node:child_process';
import Ajv from 'ajv-draft-04';
import sarifSchema from '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli } from '../../bin/cli';
import { COMMENT_MARKER } from '../../review/pr-comment';
import { STAMP_FILE } from '../../stacks/synth-stamp';
import { DIFF_BASE, DIFF_HEAD } from '../helpers/diff-orgs';
import { EXAMPLE_ORG, ROOT, tempDir } from '../helpers/synth';
import { synthStamped } from '../review/stamped';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Runs the command with its own empty TMPDIR, and says what it left there. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT) {
  const tmp = tempDir('cai-clitmp-');
  const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'cross-account-iam.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, TMPDIR: tmp, ...env }, timeout: 240_000 });
  const leftBehind = readdirSync(tmp);
  rmSync(tmp, { recursive: true, force: true });
  return { ...run, leftBehind };
}

describe('cross-account-iam CLI', () => {
  let base: { dir: string; org: string; out: string };
  let head: { dir: string; org: string; out: string };
  let example: { dir: string; org: string; out: string };
  const made: string[] = [];

  beforeAll(async () => {
    const dir = tempDir('cai-cli-');
    made.push(dir);
    base = await synthStamped(DIFF_BASE, 'base', dir);
    head = await synthStamped(DIFF_HEAD, 'head', dir);
    example = await synthStamped(readFileSync(EXAMPLE_ORG, 'utf8'), 'org', tempDir('cai-cli-example-'));
    made.push(example.dir);
  }, 120_000);
  afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

  test('report prints Markdown, and --format json the grants', () => {
    const md = cli(['report', head.out, '--org', head.org]);
    expect(md.status).toBe(0);
    expect(md.stdout).toContain('| prod (444444444444) | `ReadOnly` | MFA, session ≤ 1 h |');
    const json = JSON.parse(cli(['report', head.out, '--format', 'json', '--org', head.org]).stdout);
    expect(json.grants.map((g: { group: string; role: string; account: string }) => `${g.group} ${g.role}@${g.account}`).sort()).toEqual([
      'developers Operator@dev',
      'developers ReadOnly@dev',
      'developers ReadOnly@prod',
    ]);
  });

  test('diff exits 0, or 1 with --fail-on-loosen when a change loosens access', () => {
    const plain = cli(['diff', base.out, head.out, '--org', head.org]);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain('> **2 changes LOOSEN access.**');
    expect(cli(['diff', base.out, head.out, '--org', head.org, '--fail-on-loosen']).status).toBe(1);
    expect(cli(['diff', base.out, base.out, '--org', base.org, '--fail-on-loosen']).status).toBe(0);
    expect(JSON.parse(cli(['diff', base.out, head.out, '--org', head.org, '--format', 'json']).stdout).loosened).toBe(2);
  });

  test('affected lists the stacks whose JSON differs; diff reads only those unless --all, with the same result here', () => {
    expect(cli(['affected', head.out, '--base', base.out, '--org', head.org]).stdout).toBe('dev\nidentity\nprod\n');
    expect(cli(['affected', base.out, '--base', base.out, '--org', base.org]).stdout).toBe('');
    expect(cli(['diff', base.out, head.out, '--org', head.org, '--all', '--format', 'json']).stdout).toBe(cli(['diff', base.out, head.out, '--org', head.org, '--format', 'json']).stdout);
  });

  test('lint exits 1 on an error-level finding, prints file:line:col of the cause, and writes SARIF on request', async () => {
    const risky = await synthStamped(DIFF_BASE.replace('    managedPolicies: [PowerUserAccess]\n', '    managedPolicies: [AdministratorAccess]\n    trust: { mfa: false }\n'));
    made.push(risky.dir);
    const sarifFile = join(risky.dir, 'lint.sarif');
    const run = cli(['lint', risky.out, '--format', 'sarif', '--output', sarifFile, '--org', risky.org], {}, risky.dir);
    expect(run.status).toBe(1);
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8'));
    const validate = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, validateFormats: false, logger: false }).compile(sarifSchema);
    expect({ valid: validate(sarif), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
    expect(sarif.runs[0].tool.driver.version).toBe(VERSION);
    const admin = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'CAI001');
    // `mfa` of `trust: { mfa: false }` under roles.Operator: line 15 of the org file, column 14.
    expect(readFileSync(risky.org, 'utf8').split('\n')[14]).toBe('    trust: { mfa: false }');
    expect(admin.locations).toEqual([{ physicalLocation: { artifactLocation: { uri: 'org.yaml' }, region: { startLine: 15, startColumn: 14 } } }]);
    const text = cli(['lint', risky.out, '--org', risky.org], {}, risky.dir);
    expect(text.stdout).toContain('org.yaml:15:14: error CAI001 admin-without-mfa: group developers can assume administrator-like role Operator in dev without MFA\n');
    expect(cli(['lint', base.out, '--org', base.org]).status).toBe(0);
  });

  test('lint reads suppressions with their reason from the org file', () => {
    const run = cli(['lint', example.out, '--org', example.org], {}, example.dir);
    expect(run.stdout).toContain(
      'org.yaml:94:5: suppressed CAI008: group SecAuditors can assume a role in every one of the 4 member accounts (reason: Security auditors review every account by design (read-only SecurityAudit).)',
    );
    expect(readFileSync(example.org, 'utf8').split('\n')[93]).toBe('    assume:');
  });

  test('profiles prints a profile per role of the group, and asks for the MFA device when a role needs it', () => {
    const run = cli(['profiles', '--group', 'developers', head.out, '--org', head.org, '--mfa-serial', 'arn:aws:iam::111111111111:mfa/alice']);
    expect(run.status).toBe(0);
    expect(run.stdout.match(/^\[profile /gm)).toHaveLength(3);
    const noMfa = cli(['profiles', '--group', 'developers', head.out, '--org', head.org]);
    expect(noMfa.status).toBe(2);
    expect(noMfa.stderr).toBe(
      'cross-account-iam: 2 of the 3 roles of developers require MFA (dev-ReadOnly, prod-ReadOnly). Fix: pass your MFA device\'s ARN, e.g. --mfa-serial arn:aws:iam::111111111111:mfa/<your-user-name> (aws iam list-mfa-devices shows it).\n',
    );
    expect(cli(['profiles', '--group', 'nobody-here', head.out, '--org', head.org]).status).toBe(2);
  });

  test('comment: the summary first, then the changes folded; the step summary is appended and the full review written', () => {
    const out = tempDir('cai-comment-');
    made.push(out);
    writeFileSync(join(out, 'summary.md'), 'earlier step\n');
    const run = cli(['comment', head.out, '--base', base.out, '--org', head.org, '--step-summary', join(out, 'summary.md'), '--full', join(out, 'full.md')]);
    expect(run.status).toBe(0);
    expect(run.stdout.startsWith(`${COMMENT_MARKER}\n## Access review\n\n> [!WARNING]\n> **2 changes LOOSEN access.**`)).toBe(true);
    expect(run.stdout).toContain('| grants added | 1 |\n| grants removed | 1 |\n| grant conditions changed | 1 |');
    expect(run.stdout).toContain('| stacks affected | 3 of 3 (only these were compared): `dev`, `identity`, `prod` |');
    expect(run.stdout).toContain('| ⚠️ **LOOSENED** | access granted | `developers -> ReadOnly @ prod` | MFA, session ≤ 1 h |');
    expect(run.stdout).toContain('| after this change | 1 groups reach 2 member accounts through 3 grants; 1 named principal trusts |');
    expect(run.stdout).toContain('<details><summary>Full access report</summary>');
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary.startsWith('earlier step\n## Access review\n')).toBe(true);
    expect(readFileSync(join(out, 'full.md'), 'utf8')).toBe(run.stdout.slice(`${COMMENT_MARKER}\n`.length));
  });

  test('every review command refuses a folder synthesized from another org file, with the command that fixes it', () => {
    const fix = `Fix: synthesize it again: \`ORG_CONFIG=base.yaml npx cdktf synth --output head.out\`.`;
    for (const args of [['report', 'head.out'], ['lint', 'head.out'], ['profiles', '--group', 'developers', 'head.out'], ['diff', 'base.out', 'head.out'], ['comment', 'head.out', '--base', 'base.out'], ['plan', 'head.out', '--all']]) {
      const run = cli([...args, '--org', 'base.yaml'], {}, head.dir);
      expect({ args, status: run.status, stdout: run.stdout }).toEqual({ args, status: 2, stdout: '' });
      expect(run.stderr).toMatch(/^cross-account-iam: head\.out was not synthesized from base\.yaml as it is now \(recorded: head\.yaml, SHA-256 [0-9a-f]{12}\.\.\.; now [0-9a-f]{12}\.\.\.\)\. /);
      expect(run.stderr.endsWith(`${fix}\n`)).toBe(true);
    }
  });

  test('a folder from another version, or without the record, is refused too', () => {
    const dir = tempDir('cai-stale-');
    made.push(dir);
    execFileSync('cp', ['-r', head.out, join(dir, 'old.out')]);
    const stamp = JSON.parse(readFileSync(join(dir, 'old.out', STAMP_FILE), 'utf8'));
    writeFileSync(join(dir, 'old.out', STAMP_FILE), JSON.stringify({ ...stamp, version: '0.0.1' }));
    expect(cli(['report', join(dir, 'old.out'), '--org', head.org]).stderr).toBe(
      `cross-account-iam: ${join(dir, 'old.out')} was synthesized by cross-account-iam 0.0.1, not by this version (${VERSION}). Fix: synthesize it again: \`ORG_CONFIG=${head.org} npx cdktf synth --output ${join(dir, 'old.out')}\`.\n`,
    );
    rmSync(join(dir, 'old.out', STAMP_FILE));
    expect(cli(['report', join(dir, 'old.out'), '--org', head.org]).stderr).toContain(`was not synthesized by cross-account-iam ${VERSION} (it has no ${STAMP_FILE})`);
  });

  test('--version prints the version; the top-level help lists every command on one line', () => {
    expect(cli(['--version'])).toMatchObject({ status: 0, stdout: `${VERSION}\n` });
    const help = cli(['--help']);
    expect(help.status).toBe(0);
    const commands = buildCli().commands.map((c) => c.name());
    expect(commands).toEqual(expect.arrayContaining(['report', 'affected', 'diff', 'comment', 'lint', 'plan', 'profiles']));
    const lines = help.stdout.slice(help.stdout.indexOf('Commands:')).split('\n').slice(1).filter(Boolean);
    expect(lines.map((l) => l.trim().split(' ')[0])).toEqual([...commands, 'help']);
    for (const l of lines) expect(l).toMatch(/^ {2}\S.* {2,}\S/);
  });

  test('plan refuses an unknown stack name with the stacks and a suggestion, once, planning nothing', () => {
    const run = cli(['plan', head.out, '--org', head.org, '--stacks', 'dev,prd']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`cross-account-iam: No stack "prd" in ${head.out}. Did you mean "prod"? Stacks: dev, identity, prod.\n`);
    expect(cli(['plan', head.out, '--org', head.org]).stderr).toBe('cross-account-iam: plan needs what to plan: --base DIR or --base-ref REF (the stacks that changed), --stacks NAMES, or --all.\n');
  });

  test('plan of the stacks that changed leaves no CLI config behind', () => {
    const run = cli(['plan', head.out, '--org', head.org, '--base', base.out, '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as { stack: string; ok: boolean }[]).map((p) => [p.stack, p.ok])).toEqual([
      ['dev', true],
      ['identity', true],
      ['prod', true],
    ]);
    expect(run.leftBehind).toEqual([]);
  }, 240_000);

  describe('--base-ref', () => {
    // A repository of its own: the org file's history is the base; the project's code is unchanged.
    let repo: string;
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { encoding: 'utf8' });
    beforeAll(() => {
      repo = tempDir('cai-repo-');
      made.push(repo);
      git('init', '-q');
      writeFileSync(join(repo, 'org.yaml'), 'organization: [broken\n');
      git('add', 'org.yaml');
      git('commit', '-qm', 'broken');
      writeFileSync(join(repo, 'org.yaml'), DIFF_BASE);
      git('commit', '-qam', 'base');
      writeFileSync(join(repo, 'org.yaml'), DIFF_HEAD);
      execFileSync('cp', ['-r', head.out, join(repo, 'cdktf.out')]);
      // The head's record names head.yaml; the content is what counts.
    });

    test('diff --base-ref synthesizes the base from git into a temporary folder, and removes it', () => {
      const run = cli(['diff', '--base-ref', 'HEAD', '--format', 'json'], {}, repo);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect((JSON.parse(run.stdout) as { loosened: number }).loosened).toBe(2);
      expect(run.leftBehind).toEqual([]);
    });

    test('a base that does not synthesize is one clean error, with the org file\'s own message, and nothing left behind', () => {
      const run = cli(['diff', '--base-ref', 'HEAD~1'], {}, repo);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.startsWith('cross-account-iam: Could not synthesize the base (HEAD~1): \n')).toBe(true);
      expect(run.stderr.match(/cross-account-iam:/g)).toHaveLength(1);
      expect(run.stderr.match(/org\.yaml at HEAD~1:2:1 invalid YAML/g)).toHaveLength(1);
      expect(run.stderr).not.toContain('cai-base-');
      expect(run.leftBehind).toEqual([]);
    });

    test('an unknown ref says how to fetch it', () => {
      const run = cli(['comment', '--base-ref', 'origin/nope'], {}, repo);
      expect(run.status).toBe(2);
      expect(run.stderr).toBe(`cross-account-iam: git knows no commit "origin/nope" in ${repo}. Fix: fetch it first (git fetch origin; in GitHub Actions, actions/checkout with fetch-depth: 0).\n`);
    });
  });
});
