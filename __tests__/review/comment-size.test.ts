/**
 * The review at 50 and 1,000 accounts with a large change (every grant changed): the comment fits
 * GitHub, the step summary fits its 1 MiB, the artifact holds everything, and Mermaid's own parser
 * accepts every diagram.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { largeOrgYaml } from '../../bench/generate-org';
import { analyzeAccess } from '../../review/access';
import { readSynthesizedOrg } from '../../review/artifact';
import { COMMENT_MARKER } from '../../review/pr-comment';
import { flatDiagram, MERMAID_MAX_TEXT, renderDiagrams } from '../../review/report';
import { EXAMPLE_ORG, ROOT, synthOrgFile, tempDir } from '../helpers/synth';
import { synthWithApp } from './stamped';

const GITHUB_COMMENT_LIMIT = 65_536;
const STEP_SUMMARY_LIMIT = 1024 * 1024;

/** Every role gets 2 h sessions: every grant and every named principal trust changes (and loosens). */
const everyGrantChanged = (org: string) =>
  org
    .replace(/accounts: "\*", /g, 'accounts: "*", maxSessionDuration: 7200, ')
    .replace('    accounts: "*"\n    managedPolicies: [PowerUserAccess]', '    accounts: "*"\n    maxSessionDuration: 7200\n    managedPolicies: [PowerUserAccess]');

/** Mermaid's parser (mermaid.parse under jsdom) on each source. */
function mermaidParse(sources: string[]): { ok: boolean; error?: string }[] {
  const run = spawnSync(process.execPath, [join(__dirname, 'mermaid-parse.mjs')], { input: JSON.stringify(sources), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

const mermaidBlocks = (md: string) => [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);

describe.each([50, 1000])('a change of every grant in a %i-account org', (accounts) => {
  let dir: string;
  let comment: string;
  let summary: string;
  let full: string;
  let changes: number;
  let grants: number;
  let principals: number;

  beforeAll(async () => {
    dir = tempDir('cai-size-');
    const base = largeOrgYaml({ accounts, groups: 20 });
    writeFileSync(join(dir, 'base.yaml'), base);
    writeFileSync(join(dir, 'org.yaml'), everyGrantChanged(base));
    await Promise.all([synthWithApp(join(dir, 'base.yaml'), join(dir, 'base.out')), synthWithApp(join(dir, 'org.yaml'), join(dir, 'cdktf.out'))]);
    mkdirSync(join(dir, 'review'));
    writeFileSync(join(dir, 'summary.md'), '');
    const run = spawnSync(
      process.execPath,
      [join(ROOT, 'bin', 'cross-account-iam.js'), 'comment', '--base', 'base.out', '--output', 'comment.md', '--step-summary', 'summary.md', '--full', 'review/full.md'],
      { cwd: dir, encoding: 'utf8', env: { ...process.env, ORG_CONFIG: '' } },
    );
    if (run.status !== 0) throw new Error(run.stderr);
    comment = readFileSync(join(dir, 'comment.md'), 'utf8');
    summary = readFileSync(join(dir, 'summary.md'), 'utf8');
    full = readFileSync(join(dir, 'review', 'full.md'), 'utf8');
    const head = readSynthesizedOrg(join(dir, 'cdktf.out'));
    const access = analyzeAccess(head);
    grants = access.grants.length;
    principals = access.principals.length;
    changes = grants + principals;
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the comment is under 65,536 characters (and bytes), summary first with the exact counts', () => {
    expect(comment.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(Buffer.byteLength(comment)).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(comment.startsWith(`${COMMENT_MARKER}\n## Access review\n\n> [!WARNING]\n> **${changes} changes LOOSEN access.**`)).toBe(true);
    expect(comment).toContain(`| access changes | ${changes} (${changes} loosen) |\n| grant conditions changed | ${grants} |\n| named principal conditions changed | ${principals} |\n`);
    expect(comment).toContain(`| stacks affected | ${accounts} of ${accounts + 1} (only these were compared): \`acct-0000\``);
  });

  test('the comment shows what fits and says how many changes are left out and where they are', () => {
    const shown = comment.match(/^\| ⚠️ \*\*LOOSENED\*\* \| /gm)!.length;
    expect(shown).toBeGreaterThan(100);
    expect(comment).toContain(`**${changes - shown} more changes not shown here: see the job summary or the access-review artifact.**`);
  });

  test('the step summary is under 1 MiB and points at the artifact for the rest; the artifact has every change', () => {
    expect(Buffer.byteLength(summary)).toBeLessThan(STEP_SUMMARY_LIMIT);
    expect(summary.startsWith('## Access review\n')).toBe(true);
    expect(full.match(/^\| ⚠️ \*\*LOOSENED\*\* \| /gm)).toHaveLength(changes);
    const inSummary = summary.match(/^\| ⚠️ \*\*LOOSENED\*\* \| /gm)!.length;
    if (inSummary < changes) expect(summary).toContain(`**${changes - inSummary} more changes not shown here: see the access-review artifact.**`);
    expect(full).not.toContain('not shown here');
  });

  test('Mermaid parses every diagram of the comment, the summary and the artifact; each is within its limits', () => {
    const sources = [...new Set([...mermaidBlocks(comment), ...mermaidBlocks(summary), ...mermaidBlocks(full)])];
    // One aggregated diagram per group (20), and one for the named principals.
    expect(mermaidBlocks(full)).toHaveLength(21);
    for (const s of sources) expect(s.length).toBeLessThan(MERMAID_MAX_TEXT);
    expect(mermaidParse(sources)).toEqual(sources.map(() => ({ ok: true, type: 'flowchart-v2' })));
  });

  test('one flat graph of this org is what Mermaid refuses (or a hairball): the report aggregates instead', () => {
    const head = readSynthesizedOrg(join(dir, 'cdktf.out'));
    const access = analyzeAccess(head);
    const flat = flatDiagram(head, access, head.identity!.groups.map((g) => g.name));
    expect(flat.edges).toBeGreaterThan(100);
    if (accounts === 1000) expect(mermaidParse([flat.source])[0].error).toMatch(/^Edge limit exceeded/);
    expect(renderDiagrams(head, access).every((d) => d.edges <= 40)).toBe(true);
  });
});

test('a small org keeps one flat hub-and-spoke diagram, which Mermaid parses', () => {
  const dir = synthOrgFile(EXAMPLE_ORG);
  try {
    const synth = readSynthesizedOrg(dir);
    const diagrams = renderDiagrams(synth, analyzeAccess(synth));
    expect(diagrams.map((d) => d.title)).toEqual(['Hub and spokes']);
    expect(diagrams[0].source).toContain('  g_developers -->|Admin, ReadOnly| a_dev\n');
    expect(mermaidParse(diagrams.map((d) => d.source))).toEqual([{ ok: true, type: 'flowchart-v2' }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
