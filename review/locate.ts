/**
 * Where in the org file a lint finding comes from: the line and column of the key that causes it
 * (for the text output and SARIF).
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { oidcIssuerHostPath } from '../policy/arn';
import { matchesAnyName } from './lint/rules/cai009-web-identity-any-branch';
import { YamlSource } from '../org/yaml-source';
import { Finding } from './lint/rule';
import { causeKeys, FindingLocator } from './lint/sarif';

type Entries = Record<string, { repository?: unknown; issuer?: unknown; branches?: unknown; tags?: unknown; environments?: unknown; assume?: Record<string, unknown> } | null>;

/**
 * The `githubActions` or `oidc` entry of the org file a web-identity finding is about: the entry of
 * that repository (or issuer) that grants the role, an unrestricted one first (no branches, tags or
 * environments; then one with a wildcard-only branch, tag or environment).
 */
function webIdentityEntry(source: YamlSource, f: Finding): (string | number)[] | undefined {
  const { kind, assumer, role } = f.target;
  if (!assumer || (kind !== 'github-actions' && kind !== 'oidc')) return undefined;
  const section = kind === 'github-actions' ? 'githubActions' : 'oidc';
  const node = source.doc.getIn([section]) as { toJSON?: () => unknown } | undefined;
  const entries = (node?.toJSON?.() ?? {}) as Entries;
  const matching = Object.entries(entries ?? {}).filter(([, e]) => {
    if (!e) return false;
    const same = kind === 'github-actions' ? e.repository === assumer : typeof e.issuer === 'string' && oidcIssuerHostPath(e.issuer) === assumer;
    return same && (!role || e.assume === undefined || Object.prototype.hasOwnProperty.call(e.assume, role));
  });
  const lists = (e: Entries[string]) => [e!.branches, e!.tags, e!.environments].map((v) => (Array.isArray(v) ? v.map(String) : []));
  const open =
    matching.find(([, e]) => lists(e).every((v) => v.length === 0)) ?? matching.find(([, e]) => lists(e).some((v) => v.some(matchesAnyName)));
  const found = open ?? matching[0];
  return found ? [section, found[0]] : undefined;
}

/**
 * Locates lint findings in an org file: the line and column (1-based) of the first key of
 * `causeKeys` that the file has, e.g. `mfa` under `roles.Admin.trust` for an admin role without MFA;
 * for a web identity, its `githubActions` or `oidc` entry.
 * The URI is relative to `cwd` (the repository root in CI), as code scanning expects.
 */
export function orgFileLocator(file: string, cwd = process.cwd()): FindingLocator {
  const source = new YamlSource(file, readFileSync(file, 'utf8'));
  const uri = (relative(cwd, file) || file).split('\\').join('/');
  return (finding) => {
    const path = webIdentityEntry(source, finding) ?? causeKeys(finding).find((p) => source.doc.hasIn(p)) ?? [];
    const { line, column } = source.position(path, 'key');
    return { uri, line, column };
  };
}
