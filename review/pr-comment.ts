import { AccessReport } from './access';
import { SynthesizedOrg } from './artifact';
import { AccessDiff, renderDiffMarkdown } from './diff';
import { LintResult } from './lint/run';
import { renderReportMarkdown } from './report';

/** Marks the one comment the workflow keeps updating on a pull request. */
export const COMMENT_MARKER = '<!-- cross-account-iam access review -->';

/** The pull-request comment: the access diff first, then lint and a summary, the full report folded away. */
export function renderPrComment(head: { synth: SynthesizedOrg; access: AccessReport }, diff: AccessDiff, lint: LintResult): string {
  const errors = lint.findings.filter((f) => f.level === 'error');
  const groups = new Set(head.access.grants.map((g) => g.group)).size;
  return [
    COMMENT_MARKER,
    renderDiffMarkdown(diff).trimEnd(),
    '',
    '## Lint',
    '',
    lint.findings.length === 0
      ? `No findings (${lint.suppressed.length} suppressed with a reason).`
      : [`${lint.findings.length} finding(s), ${errors.length} error(s), ${lint.suppressed.length} suppressed:`, '', ...lint.findings.map((f) => `- **${f.level}** ${f.ruleId}: ${f.message}`)].join('\n'),
    '',
    '## After this change',
    '',
    `${groups} groups reach ${head.synth.accounts.length} member accounts through ${head.access.grants.length} grants; ${head.access.principals.length} named principal trusts.`,
    '',
    '<details><summary>Full access report</summary>',
    '',
    renderReportMarkdown(head.synth, head.access).replace(/^# /m, '### '),
    '</details>',
    '',
  ].join('\n');
}
