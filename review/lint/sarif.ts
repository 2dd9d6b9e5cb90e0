import { Finding } from './rule';
import { LintResult } from './run';

/** Where a finding points in the repository: the org file line of the role or group, else the stack file. */
export type FindingLocator = (finding: Finding) => { readonly uri: string; readonly line?: number };

/**
 * The lint result as SARIF 2.1.0, for GitHub code scanning.
 *
 * @see https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
export function toSarif(result: LintResult, locate: FindingLocator, version = '0.1.0'): Record<string, unknown> {
  const ruleIndex = new Map(result.rules.map((r, i) => [r.id, i]));
  const level = (l: string) => (l === 'error' ? 'error' : l === 'warning' ? 'warning' : 'note');
  const result_ = (f: Finding, suppression?: string) => {
    const where = locate(f);
    return {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId),
      level: level(f.level),
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation: { uri: where.uri }, ...(where.line ? { region: { startLine: where.line } } : {}) } }],
      ...(suppression ? { suppressions: [{ kind: 'inSource', justification: suppression }] } : {}),
    };
  };
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'cross-account-iam',
            version,
            informationUri: 'https://github.com/cross-account-iam/cross-account-iam',
            rules: result.rules.map((r) => ({
              id: r.id,
              name: r.name,
              shortDescription: { text: r.description },
              help: { text: `${r.description} Fix: ${r.fix}` },
              defaultConfiguration: { level: level(r.level) },
            })),
          },
        },
        results: [...result.findings.map((f) => result_(f)), ...result.suppressed.map((s) => result_(s.finding, s.reason))],
      },
    ],
  };
}
