import { Finding, LintRule } from './rule';
import { LintResult } from './run';

/** Where a finding points in the repository: a file, and the line and column of the key that causes it. */
export interface FindingLocation {
  readonly uri: string;
  readonly line?: number;
  readonly column?: number;
}
export type FindingLocator = (finding: Finding) => FindingLocation;

/** The project's home; rule help lives in docs/pull-requests.md there. */
export const INFORMATION_URI = 'https://github.com/cross-account-iam/cross-account-iam';
const DOCS = `${INFORMATION_URI}/blob/main/docs/pull-requests.md`;

/** GitHub's heading anchor of `### CAI001 admin-without-mfa` in docs/pull-requests.md. */
export const ruleAnchor = (rule: LintRule) => `${rule.id.toLowerCase()}-${rule.name}`;
export const ruleHelpUri = (rule: LintRule) => `${DOCS}#${ruleAnchor(rule)}`;

/**
 * The org-file keys that cause a finding, most precise first: the locator points at the first one the
 * org file has (`roles.Admin.trust.mfa` for an admin role without MFA, the grant for a group, ...).
 */
export function causeKeys(f: Finding): (string | number)[][] {
  const { role, group } = f.target;
  const r = role ? ['roles', role] : undefined;
  const section = f.target.kind === 'permission-set' ? 'permissionSets' : f.target.kind === 'saml-role' ? 'samlRoles' : 'groups';
  const g = group ? [section, group] : undefined;
  const paths: ((string | number)[] | undefined)[] = (() => {
    switch (f.ruleId) {
      case 'CAI001':
        return [r && [...r, 'trust', 'mfa'], g && role ? [...g, 'assume', role] : undefined, r];
      case 'CAI002':
      case 'CAI003':
      case 'CAI004':
        return [r && [...r, 'trust', 'principals'], r && [...r, 'trust'], r];
      case 'CAI005':
        return [r && [...r, 'maxSessionDuration'], r && [...r, 'managedPolicies'], r];
      case 'CAI006':
        return [r && [...r, 'managedPolicies'], r && [...r, 'inlinePolicies'], r];
      case 'CAI007':
        return [r && [...r, 'inlinePolicies'], r];
      case 'CAI008':
        return [g && [...g, 'assume'], g];
      case 'CAI010':
      case 'CAI011':
        return [g && r ? [...g, 'assume', r[1], 'until'] : undefined, g && r ? [...g, 'assume', r[1]] : undefined, r];
      case 'CAI009':
        // The githubActions or oidc entry is found by the locator, which reads the org file.
        return [r && [...r, 'managedPolicies'], r];
      default:
        return [r && g ? [...g, 'assume', r[1]] : undefined, r, g];
    }
  })();
  return [...paths.filter((p): p is (string | number)[] => p !== undefined), ['accounts', f.target.stack]];
}

const level = (l: string) => (l === 'error' ? 'error' : l === 'warning' ? 'warning' : 'note');

/**
 * The lint result as SARIF 2.1.0, for GitHub code scanning: every rule with its name, short and full
 * description, help and a link to its documentation; every result at the line and column of its cause.
 *
 * @see https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
export function toSarif(result: LintResult, locate: FindingLocator, version = '0.1.0'): Record<string, unknown> {
  const ruleIndex = new Map(result.rules.map((r, i) => [r.id, i]));
  const result_ = (f: Finding, suppression?: string) => {
    const where = locate(f);
    return {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId),
      level: level(f.level),
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: where.uri },
            ...(where.line ? { region: { startLine: where.line, ...(where.column ? { startColumn: where.column } : {}) } } : {}),
          },
        },
      ],
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
            informationUri: INFORMATION_URI,
            rules: result.rules.map((r) => ({
              id: r.id,
              name: r.name,
              shortDescription: { text: r.title },
              fullDescription: { text: r.description },
              help: { text: `${r.description} Fix: ${r.fix}`, markdown: `${r.description}\n\n**Fix:** ${r.fix}\n\n[${r.id} in the docs](${ruleHelpUri(r)})` },
              helpUri: ruleHelpUri(r),
              defaultConfiguration: { level: level(r.level) },
            })),
          },
        },
        results: [...result.findings.map((f) => result_(f)), ...result.suppressed.map((s) => result_(s.finding, s.reason))],
      },
    ],
  };
}
