import { AccessReport } from './access';
import { AffectedStacks, affectedNames } from './affected';
import { SynthesizedOrg } from './artifact';
import { AccessChange, AccessDiff, diffRow, DIFF_TABLE_HEADER } from './diff';
import { LintResult } from './lint/run';
import { StackPlan } from './plan';
import { renderReportBlocks } from './report';

/** Marks the one comment the workflow keeps updating on a pull request. */
export const COMMENT_MARKER = '<!-- cross-account-iam access review -->';

/** GitHub refuses a comment body over 65,536 characters; the comment stays under this many UTF-8 bytes (never more characters than bytes). */
export const COMMENT_LIMIT = 60_000;
/** GitHub's limit for one step's `$GITHUB_STEP_SUMMARY` is 1 MiB; the summary stays under this many bytes. */
export const STEP_SUMMARY_LIMIT = 1_000_000;

export interface ReviewInput {
  readonly head: { readonly synth: SynthesizedOrg; readonly access: AccessReport };
  readonly diff: AccessDiff;
  readonly lint: LintResult;
  /** The stacks the change touches, when the base was compared stack by stack. */
  readonly affected?: AffectedStacks;
  /** Every stack was compared (`--all`), not only the affected ones. */
  readonly all?: boolean;
  /** The head's report blocks (renderReportBlocks), when already rendered. */
  readonly report?: readonly string[];
  /** The offline plans of the affected stacks, when run. */
  readonly plans?: readonly StackPlan[];
}

export interface ReviewOptions {
  /** Most UTF-8 bytes of the whole text; details are cut to fit. Default: no limit. */
  readonly limit?: number;
  /** Where the reader finds what was cut, e.g. "the job summary or the access-review artifact". */
  readonly fullAt?: string;
  /** Starts with COMMENT_MARKER (the pull-request comment). */
  readonly marker?: boolean;
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Lines `rows` under `header` within `budget` bytes, cut between rows; when cut, a last line says how
 * many were left out and where they are.
 */
function fit(header: readonly string[], rows: readonly string[], budget: number, more: (n: number) => string): string[] {
  const out = [...header];
  let used = bytes(header.join('\n')) + 1;
  const reserve = bytes(more(rows.length)) + 4;
  for (let i = 0; i < rows.length; i++) {
    const size = bytes(rows[i]) + 1;
    if (used + size + (i < rows.length - 1 ? reserve : 0) > budget) return [...out, '', more(rows.length - i)];
    out.push(rows[i]);
    used += size;
  }
  return out;
}

/** `2 stacks: 14 to add, 0 to change, 0 to destroy` (and the failures). */
function planSummary(plans: readonly StackPlan[]): string {
  const ok = plans.filter((p) => p.ok);
  const sum = (k: 'add' | 'change' | 'destroy') => ok.reduce((n, p) => n + p[k], 0);
  const failed = plans.filter((p) => !p.ok).map((p) => p.stack);
  return `${plural(plans.length, 'stack')}: ${sum('add')} to add, ${sum('change')} to change, ${sum('destroy')} to destroy${failed.length ? `; **failed: ${failed.join(', ')}**` : ''}`;
}

const COUNTED: [string, AccessChange['kind'][]][] = [
  ['grants added', ['grant-added']],
  ['grants removed', ['grant-removed']],
  ['grant conditions changed', ['grant-changed']],
  ['named principals trusted', ['principal-added']],
  ['named principals removed', ['principal-removed']],
  ['named principal conditions changed', ['principal-changed']],
  ['denies added', ['deny-added']],
  ['denies removed', ['deny-removed']],
  ['roles added', ['role-added']],
  ['roles removed', ['role-removed']],
  ['role permissions changed', ['permissions-changed']],
  ["roles trusting the identity account's IAM users, added or removed", ['people-trusted', 'people-untrusted']],
];

/**
 * The review of a change as Markdown: a summary first (grants added, removed, loosened; lint counts;
 * affected stacks), then the details folded: every access change (loosening first), the lint findings,
 * and the full access report. With `limit`, details are cut between rows to fit, each cut saying how
 * much is left out and where to find it; the summary is never cut.
 */
export function renderReview(input: ReviewInput, options: ReviewOptions = {}): string {
  const { head, diff, lint, affected } = input;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const fullAt = options.fullAt ?? 'the full report';
  const count = (kinds: AccessChange['kind'][]) => diff.changes.filter((c) => kinds.includes(c.kind)).length;
  const errors = lint.findings.filter((f) => f.level === 'error').length;
  const warnings = lint.findings.filter((f) => f.level === 'warning').length;
  const notes = lint.findings.length - errors - warnings;
  const kinds = (kind: string) => new Set(head.access.grants.filter((g) => g.kind === kind).map((g) => g.group)).size;
  const groups = kinds('iam-group');
  const federated = [kinds('permission-set') ? plural(kinds('permission-set'), 'permission set') : '', kinds('saml-role') ? plural(kinds('saml-role'), 'SAML role') : ''].filter(Boolean);
  const names = affected ? affectedNames(affected) : [];
  const shownStacks = names.slice(0, 30).map((s) => `\`${s}\``).join(', ') + (names.length > 30 ? ` and ${names.length - 30} more` : '');

  const summary = [
    ...(options.marker ? [COMMENT_MARKER] : []),
    '## Access review',
    '',
    diff.loosened > 0
      ? `> [!WARNING]\n> **${plural(diff.loosened, 'change')} LOOSEN${diff.loosened === 1 ? 'S' : ''} access.** Review each line marked ⚠️ LOOSENED.`
      : diff.changes.length === 0
        ? 'No change in who can assume what.'
        : 'No change loosens access.',
    '',
    '| | |',
    '| --- | --- |',
    `| access changes | ${diff.changes.length} (${diff.loosened} loosen) |`,
    ...COUNTED.map(([title, kinds]) => [title, count(kinds)] as const)
      .filter(([, n]) => n > 0)
      .map(([title, n]) => `| ${title} | ${n} |`),
    `| lint | ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${notes} note${notes === 1 ? '' : 's'}, ${lint.suppressed.length} suppressed |`,
    ...(affected
      ? [
          `| stacks affected | ${names.length} of ${affected.changed.length + affected.added.length + affected.unchanged}${affected.removed.length ? ` (+${affected.removed.length} removed)` : ''}${input.all ? '' : ' (only these were compared)'}: ${shownStacks || 'none'} |`,
        ]
      : []),
    ...(input.plans ? [`| offline plan | ${planSummary(input.plans)} |`] : []),
    `| after this change | ${groups} groups${federated.length ? `, ${federated.join(', ')}` : ''} reach ${head.synth.accounts.length} member accounts through ${head.access.grants.length} grants; ${head.access.principals.length} named principal trusts |`,
    '',
  ];
  const closing = ['</details>', ''];
  let left = limit - bytes(summary.join('\n')) - 64;

  const section = (title: string, header: string[], rows: string[], share: number, what: string, whatMany = `${what}s`): string[] => {
    if (rows.length === 0) return [];
    const open = [`<details><summary>${title}</summary>`, ''];
    const budget = Math.max(0, Math.floor(left * share) - bytes([...open, ...closing].join('\n')) - 2);
    const body = fit(header, rows, budget, (n) => `**${n} more ${n === 1 ? what : whatMany} not shown here: see ${fullAt}.**`);
    const text = [...open, ...body, '', ...closing];
    left -= bytes(text.join('\n')) + 1;
    return text;
  };

  const changeRows = [...diff.changes].sort((a, b) => Number(b.loosens) - Number(a.loosens)).map(diffRow);
  const changes = section(`Access changes (${diff.changes.length}, ${diff.loosened} loosen)`, [...DIFF_TABLE_HEADER], changeRows, 0.6, 'change');
  const planRows = (input.plans ?? []).map((p) =>
    p.ok ? `| ${p.stack} | ${p.add} | ${p.change} | ${p.destroy} |` : `| ${p.stack} | plan failed: ${(p.error ?? '').trim().split('\n')[0].replace(/\|/g, '\\|')} | | |`,
  );
  const planPart = section('Offline plan of the affected stacks', ['| stack | to add | to change | to destroy |', '| --- | --- | --- | --- |'], planRows, 0.3, 'stack');
  const byId = new Map(lint.rules.map((r) => [r.id, r]));
  const lintRows = [
    ...lint.findings.map((f) => `- **${f.level}** ${f.ruleId} ${byId.get(f.ruleId)?.name ?? ''}: ${f.message}`),
    ...lint.suppressed.map((s) => `- suppressed ${s.finding.ruleId}: ${s.finding.message} (reason: ${s.reason})`),
  ];
  const lintPart = section(`Lint (${lint.findings.length} finding${lint.findings.length === 1 ? '' : 's'}, ${lint.suppressed.length} suppressed)`, [], lintRows, 0.5, 'finding');
  const report = (input.report ?? renderReportBlocks(head.synth, head.access)).map((b) => b.replace(/^# /m, '### '));
  const reportPart = section('Full access report', [], report, 1, 'part of the report', 'parts of the report');
  return `${[...summary, ...changes, ...planPart, ...lintPart, ...reportPart].join('\n').trimEnd()}\n`;
}

/** The pull-request comment: the review within COMMENT_LIMIT, pointing at the job summary and artifact for the rest. */
export function renderPrComment(input: ReviewInput, fullAt = 'the job summary or the access-review artifact'): string {
  return renderReview(input, { limit: COMMENT_LIMIT, fullAt, marker: true });
}
