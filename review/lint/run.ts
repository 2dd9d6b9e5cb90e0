import { AccessReport } from '../access';
import { SynthesizedOrg } from '../artifact';
import { RULES } from './pack';
import { Finding, LintRule } from './rule';
import type { FindingLocator } from './sarif';

/** A finding accepted on purpose, with the reason, as written in the org file's `lint.suppressions`. */
export interface Suppression {
  readonly rule: string;
  readonly role?: string;
  readonly group?: string;
  readonly account?: string;
  readonly reason: string;
}

export interface LintResult {
  readonly findings: readonly Finding[];
  readonly suppressed: readonly { readonly finding: Finding; readonly reason: string }[];
  readonly rules: readonly LintRule[];
}

const matches = (s: Suppression, f: Finding) =>
  s.rule === f.ruleId &&
  (s.role === undefined || s.role === f.target.role) &&
  (s.group === undefined || s.group === f.target.group) &&
  (s.account === undefined || s.account === f.target.stack);

/** Runs every rule over a synthesized org; suppressed findings are kept apart with their reason. */
export function runLint(synth: SynthesizedOrg, access: AccessReport, suppressions: readonly Suppression[] = [], rules: readonly LintRule[] = RULES): LintResult {
  const orgAccountIds = new Set([...(synth.identity ? [synth.identity.accountId] : []), ...synth.accounts.map((a) => a.accountId)]);
  const all = rules.flatMap((rule) => rule.check({ synth, access, orgAccountIds }).map((f) => ({ ...f, ruleId: rule.id, level: rule.level })));
  const findings: Finding[] = [];
  const suppressed: { finding: Finding; reason: string }[] = [];
  for (const finding of all) {
    const s = suppressions.find((x) => matches(x, finding));
    if (s) suppressed.push({ finding, reason: s.reason });
    else findings.push(finding);
  }
  return { findings, suppressed, rules };
}

/** Exit status of `lint`: 1 when an error-level finding is left. */
export function lintExitCode(result: LintResult): number {
  return result.findings.some((f) => f.level === 'error') ? 1 : 0;
}

/**
 * One finding a line, compilers' style: `org.yaml:33:7: error CAI001 admin-without-mfa: message`,
 * then the fix; editors and CI logs link the location.
 */
export function renderLintText(result: LintResult, locate?: FindingLocator): string {
  const byId = new Map(result.rules.map((r) => [r.id, r]));
  const where = (f: Finding) => {
    if (!locate) return '';
    const l = locate(f);
    return `${l.uri}${l.line ? `:${l.line}${l.column ? `:${l.column}` : ''}` : ''}: `;
  };
  const lines = result.findings.map((f) => `${where(f)}${f.level} ${f.ruleId} ${byId.get(f.ruleId)!.name}: ${f.message}\n    fix: ${byId.get(f.ruleId)!.fix}`);
  for (const s of result.suppressed) lines.push(`${where(s.finding)}suppressed ${s.finding.ruleId}: ${s.finding.message} (reason: ${s.reason})`);
  const errors = result.findings.filter((f) => f.level === 'error').length;
  lines.push(`${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}), ${result.suppressed.length} suppressed`);
  return `${lines.join('\n')}\n`;
}

export function renderLintJson(result: LintResult): string {
  return `${JSON.stringify({ findings: result.findings, suppressed: result.suppressed }, null, 2)}\n`;
}
