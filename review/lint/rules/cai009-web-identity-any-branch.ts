/**
 * CAI009: a privileged role trusted by GitHub Actions or another OIDC issuer without a branch, tag
 * or environment restriction.
 */
import { arnMatches, githubRepositoryOf, PrincipalAccess } from '../../access';
import { LintRule } from '../rule';
import { isPrivileged } from '../privilege';

const onlyWildcards = (s: string) => /^[*?]*$/.test(s);

/** A name no one gives a branch, tag or environment: a pattern that matches it matches names it was not written for. */
const PROBE = 'zz-cai009-probe';

/** A branch, tag or environment pattern that matches names it does not spell out (`*`, `**`, `*?`...). */
export const matchesAnyName = (pattern: string) => arnMatches(pattern, PROBE);

/** A `sub` pattern of a web identity that names no branch, tag or environment, and what it lets in. */
export interface OpenSubject {
  readonly sub: string;
  /** e.g. `any branch`, `any branch, tag or environment`, `any repository matching acme/*` */
  readonly scope: string;
}

/**
 * What a GitHub `sub` pattern (`repo:<owner>/<name>:...`) lets in beyond what it spells out, found
 * by matching it, as IAM's StringLike does, against the subs of runs no one names: a branch, a tag,
 * an environment and a pull request of the same repository. A repository with a wildcard lets in
 * other repositories. Undefined when it lets in none of them.
 */
function githubOpenScope(sub: string, repo: string): string | undefined {
  if (/[*?]/.test(repo)) return `any repository matching ${repo}`;
  const runs: [string, string][] = [
    ['branch', `repo:${repo}:ref:refs/heads/${PROBE}`],
    ['tag', `repo:${repo}:ref:refs/tags/${PROBE}`],
    ['environment', `repo:${repo}:environment:${PROBE}`],
  ];
  const open = runs.filter(([, probe]) => arnMatches(sub, probe)).map(([what]) => what);
  if (open.length === 3 || (open.length > 0 && arnMatches(sub, `repo:${repo}:pull_request`))) return 'any branch, tag or environment';
  if (open.length === 0) return undefined;
  return `any ${open.join(' or ')}`;
}

/**
 * The `sub` patterns of a web identity that name no branch, tag or environment. GitHub's form
 * (`repo:<owner>/<name>:...`, from GitHub Actions or an `oidc` entry for GitHub's issuer): a pattern
 * that matches a branch, tag or environment no one names (`repo:acme/app:*`, `...:ref:refs/heads/*`,
 * `...:ref*`, `...:environment:*`), or whose repository has a wildcard (`repo:acme/*`). Another
 * issuer: a `sub` that is only wildcards, or whose last `:` part is (`project_path:acme/app:*`), and
 * a trust with no `sub` condition at all.
 */
export function unrestrictedSubjects(p: PrincipalAccess): OpenSubject[] {
  const w = p.webIdentity;
  if (!w) return [];
  if (w.subjects.length === 0) return [{ sub: '(no sub condition)', scope: 'any branch, tag or environment' }];
  return w.subjects.flatMap((sub): OpenSubject[] => {
    const repo = githubRepositoryOf(sub);
    if (repo !== undefined) {
      const scope = githubOpenScope(sub, repo);
      return scope ? [{ sub, scope }] : [];
    }
    return onlyWildcards(sub) || onlyWildcards(sub.slice(sub.lastIndexOf(':') + 1)) ? [{ sub, scope: 'any branch, tag or environment' }] : [];
  });
}

/** CAI009: a privileged role trusts a web identity (GitHub Actions, OIDC) without a branch or environment restriction. */
export const webIdentityAnyBranch: LintRule = {
  id: 'CAI009',
  name: 'web-identity-any-branch',
  title: 'Privileged role assumable by any branch of a repository (web identity)',
  level: 'error',
  description:
    'A privileged role (administrator-like or PowerUserAccess) trusts GitHub Actions or another OIDC issuer with a sub that names no branch, tag or environment (repo:owner/name:*), or only wildcards for one (branches: ["*"], ref:*, environment:*): every workflow run of the repository from any branch (or tag, environment, pull request) can assume it.',
  fix: 'Restrict the githubActions entry with branches, tags or environments (an environment with required reviewers for production), or trust a less privileged role.',
  check: ({ synth, access }) => {
    const roles = new Map(synth.accounts.flatMap((a) => a.roles.map((r) => [`${a.stack}|${r.name}`, r] as const)));
    return access.principals.flatMap((p) => {
      const role = roles.get(`${p.account}|${p.role}`);
      const open = unrestrictedSubjects(p);
      if (!role || open.length === 0 || !isPrivileged(role)) return [];
      const who = p.kind === 'github-actions' ? `GitHub Actions of ${p.webIdentity!.repository ?? p.webIdentity!.issuer}` : `OIDC ${p.webIdentity!.issuer}`;
      return [
        {
          message: `${who} can assume privileged role ${p.role} in ${p.account} from ${[...new Set(open.map((o) => o.scope))].join(' or ')} (sub ${open.map((o) => o.sub).join(', ')})`,
          target: { stack: p.account, role: p.role, kind: p.kind, assumer: p.webIdentity!.repository ?? p.webIdentity!.issuer },
        },
      ];
    });
  },
};
