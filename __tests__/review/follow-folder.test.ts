/**
 * The review commands follow the synthesized folder: with no --org and no ORG_CONFIG they check it
 * against the org file it records, and every refusal's fix synthesizes that file (or the one named)
 * into that same folder. Run as a user runs them: `npx cross-account-iam` in a project folder.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256, STAMP_FILE } from '../../stacks/synth-stamp';
import { DIFF_BASE, DIFF_HEAD } from '../helpers/diff-orgs';
import { ROOT, tempDir } from '../helpers/synth';
import { synthIn } from './stamped';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** `npx cross-account-iam ARGS` in `cwd`, with no ORG_CONFIG or STACKS but those in `env`. */
function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  const inherited = { ...process.env };
  delete inherited.ORG_CONFIG;
  delete inherited.STACKS;
  const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'cross-account-iam.js'), ...args], { cwd, encoding: 'utf8', env: { ...inherited, ...env }, timeout: 120_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A project folder with org.yaml and other.yaml, other.yaml synthesized into `out` as `ORG_CONFIG=other.yaml npx cdktf synth --output out` does. */
function project(): string {
  const dir = tempDir('cai-follow-');
  made.push(dir);
  writeFileSync(join(dir, 'org.yaml'), DIFF_BASE);
  writeFileSync(join(dir, 'other.yaml'), DIFF_HEAD);
  synthIn(dir, { ORG_CONFIG: 'other.yaml', CDKTF_OUTDIR: 'out' });
  return dir;
}

const hash12 = (file: string) => sha256(readFileSync(file)).slice(0, 12);
const refused = (stderr: string) => ({ status: 2, stdout: '', stderr: `cross-account-iam: ${stderr}\n` });

describe('review commands follow the synthesized folder', () => {
  let p: string;
  beforeAll(() => {
    p = project();
    synthIn(p, { ORG_CONFIG: 'other.yaml', CDKTF_OUTDIR: 'part', STACKS: 'dev' });
  }, 120_000);

  test('with no --org and no ORG_CONFIG, the commands read the folder made from other.yaml', () => {
    const report = cli(['report', 'out'], p);
    expect({ status: report.status, stderr: report.stderr }).toEqual({ status: 0, stderr: '' });
    expect(report.stdout).toContain('| prod (444444444444) | `ReadOnly` | MFA, session ≤ 1 h |');
    // lint locates its findings in other.yaml, the file the folder records.
    const lint = cli(['lint', 'out'], p);
    expect({ status: lint.status, stderr: lint.stderr }).toEqual({ status: 0, stderr: '' });
    expect(lint.stdout).toMatch(/^other\.yaml:24:5: note CAI008 group-reaches-every-account: group developers /);
    expect(cli(['affected', 'out', '--base', 'out'], p)).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(cli(['profiles', '--group', 'developers', 'out', '--mfa-serial', 'arn:aws:iam::111111111111:mfa/alice'], p)).toMatchObject({ status: 0, stderr: '' });
    // A folder of some stacks (STACKS=dev): what reads some stacks reads it.
    expect(cli(['report', 'part'], p)).toMatchObject({ status: 0, stderr: '' });
  });

  test('org.yaml holding the bytes the folder records is read, as before (--base-ref reads it from the git repository at hand)', () => {
    const r = tempDir('cai-follow-same-');
    made.push(r);
    writeFileSync(join(r, 'org.yaml'), DIFF_HEAD);
    cpSync(join(p, 'out'), join(r, 'out'), { recursive: true });
    const lint = cli(['lint', 'out'], r);
    expect({ status: lint.status, stderr: lint.stderr }).toEqual({ status: 0, stderr: '' });
    expect(lint.stdout).toMatch(/^org\.yaml:24:5: note CAI008 /);
  });

  test('ORG_CONFIG or --org naming another file: refused, saying which file the folder was made from; the fix synthesizes the file named into it', () => {
    const why = `out was not synthesized from org.yaml as it is now (recorded: other.yaml, SHA-256 ${hash12(join(p, 'other.yaml'))}...; now ${hash12(join(p, 'org.yaml'))}...). To review it as it is, give --org other.yaml (unchanged since).`;
    expect(cli(['report', 'out'], p, { ORG_CONFIG: 'org.yaml' })).toEqual(refused(`${why} Fix: synthesize it again: \`ORG_CONFIG=org.yaml npx cdktf synth --output out\`.`));
    expect(cli(['report', 'out', '--org', 'org.yaml'], p)).toEqual(refused(`${why} Fix: synthesize it again: \`npx cdktf synth --output out\`.`));
    // --org wins over ORG_CONFIG, as the hint says.
    expect(cli(['report', 'out', '--org', 'other.yaml'], p, { ORG_CONFIG: 'org.yaml' })).toMatchObject({ status: 0, stderr: '' });
    expect(cli(['report', 'out', '--org', 'gone.yaml'], p)).toEqual(
      refused(`There is no org file at ${join(p, 'gone.yaml')} to check out against. Fix: name the org file it was synthesized from with --org FILE (or ORG_CONFIG): other.yaml.`),
    );
  });

  test('the recorded file changed since: the fix synthesizes that file into that folder', () => {
    const q = project();
    const then = hash12(join(q, 'other.yaml'));
    appendFileSync(join(q, 'other.yaml'), '# edited\n');
    const fix = 'Fix: synthesize it again: `ORG_CONFIG=other.yaml npx cdktf synth --output out`.';
    for (const args of [['report', 'out'], ['lint', 'out'], ['diff', 'out', 'out'], ['plan', 'out', '--all']]) {
      expect({ args, ...cli(args, q) }).toEqual({ args, ...refused(`out was synthesized from other.yaml, which has changed since (SHA-256 ${then}... then, ${hash12(join(q, 'other.yaml'))}... now). ${fix}`) });
    }
  });

  test('the recorded file moved or deleted: refused with the file, the synth of it into that folder, and --org for the moved file', () => {
    const q = project();
    renameSync(join(q, 'other.yaml'), join(q, 'moved.yaml'));
    expect(cli(['report', 'out'], q)).toEqual(
      refused('out was synthesized from other.yaml, which is not there any more. Fix: put it back and synthesize it again: `ORG_CONFIG=other.yaml npx cdktf synth --output out`, or, if it moved, name it with --org FILE.'),
    );
    expect(cli(['report', 'out', '--org', 'moved.yaml'], q)).toMatchObject({ status: 0, stderr: '' });
  });

  test('run from another working folder: the recorded path is followed, and the fix names the files by their full paths', () => {
    const q = project();
    const elsewhere = tempDir('cai-follow-cwd-');
    made.push(elsewhere);
    expect(cli(['report', join(q, 'out')], elsewhere)).toMatchObject({ status: 0, stderr: '' });
    const then = hash12(join(q, 'other.yaml'));
    appendFileSync(join(q, 'other.yaml'), '# edited\n');
    expect(cli(['report', join(q, 'out')], elsewhere)).toEqual(
      refused(
        `${join(q, 'out')} was synthesized from ${join(q, 'other.yaml')}, which has changed since (SHA-256 ${then}... then, ${hash12(join(q, 'other.yaml'))}... now). ` +
          `Fix: synthesize it again: \`ORG_CONFIG=${join(q, 'other.yaml')} npx cdktf synth --output ${join(q, 'out')}\`.`,
      ),
    );
  });

  test('a project moved as a whole: the org file is found from the folder', () => {
    const q = project();
    const moved = `${q}-moved`;
    renameSync(q, moved);
    made.push(moved);
    expect(cli(['report', 'out'], moved)).toMatchObject({ status: 0, stderr: '' });
  });

  test('a stamp of the earlier format (the path as given, relative) is followed from the project and from a folder below it', () => {
    cpSync(join(p, 'out'), join(p, 'legacy'), { recursive: true });
    const stamp = JSON.parse(readFileSync(join(p, 'legacy', STAMP_FILE), 'utf8'));
    writeFileSync(join(p, 'legacy', STAMP_FILE), JSON.stringify({ tool: stamp.tool, version: stamp.version, orgFile: 'other.yaml', orgSha256: stamp.orgSha256 }));
    expect(cli(['report', 'legacy'], p)).toMatchObject({ status: 0, stderr: '' });
    mkdirSync(join(p, 'sub'), { recursive: true });
    expect(cli(['report', join('..', 'legacy')], join(p, 'sub'))).toMatchObject({ status: 0, stderr: '' });
  });

  test('the stamp keeps the fields earlier readers use, and adds the absolute path and the path from the folder', () => {
    const stamp = JSON.parse(readFileSync(join(p, 'out', STAMP_FILE), 'utf8'));
    expect(stamp).toEqual({
      tool: 'cross-account-iam',
      version: VERSION,
      orgFile: join(p, 'other.yaml'),
      orgSha256: sha256(readFileSync(join(p, 'other.yaml'))),
      orgPath: join(p, 'other.yaml'),
      orgFromFolder: join('..', 'other.yaml'),
    });
    expect(JSON.parse(readFileSync(join(p, 'part', STAMP_FILE), 'utf8')).stacks).toEqual(['dev']);
  });

  test('a folder of some stacks, for a command that needs every stack: the fix synthesizes the recorded file, whole, into it', () => {
    const fix = 'ORG_CONFIG=other.yaml npx cdktf synth --output part';
    const why = 'part holds only the stacks dev (STACKS was set); this command needs every stack. Fix: synthesize it again:';
    expect(cli(['lint', 'part'], p)).toEqual(refused(`${why} \`${fix}\`.`));
    expect(cli(['lint', 'part'], p, { STACKS: 'dev' })).toEqual(refused(`${why} \`STACKS= ${fix}\`.`));
  });

  test('a folder of another version: the fix synthesizes the recorded file into it', () => {
    cpSync(join(p, 'out'), join(p, 'old'), { recursive: true });
    const stamp = JSON.parse(readFileSync(join(p, 'old', STAMP_FILE), 'utf8'));
    writeFileSync(join(p, 'old', STAMP_FILE), JSON.stringify({ ...stamp, version: '0.0.1' }));
    expect(cli(['report', 'old'], p)).toEqual(
      refused(`old was synthesized by cross-account-iam 0.0.1, not by this version (${VERSION}). Fix: synthesize it again: \`ORG_CONFIG=other.yaml npx cdktf synth --output old\`.`),
    );
  });

  test('a folder with no record is checked against ORG_CONFIG or org.yaml, as before', () => {
    cpSync(join(p, 'out'), join(p, 'bare'), { recursive: true });
    rmSync(join(p, 'bare', STAMP_FILE));
    expect(cli(['report', 'bare'], p)).toEqual(
      refused(`bare was not synthesized by cross-account-iam ${VERSION} (it has no ${STAMP_FILE}). Fix: synthesize it again: \`npx cdktf synth --output bare\`.`),
    );
    expect(cli(['report', 'bare'], p, { ORG_CONFIG: 'other.yaml' }).stderr).toContain('Fix: synthesize it again: `ORG_CONFIG=other.yaml npx cdktf synth --output bare`.');
  });
});
