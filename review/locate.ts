import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { YamlSource } from '../org/yaml-source';
import { causeKeys, FindingLocator } from './lint/sarif';

/**
 * Locates lint findings in an org file: the line and column (1-based) of the first key of
 * `causeKeys` that the file has, e.g. `mfa` under `roles.Admin.trust` for an admin role without MFA.
 * The URI is relative to `cwd` (the repository root in CI), as code scanning expects.
 */
export function orgFileLocator(file: string, cwd = process.cwd()): FindingLocator {
  const source = new YamlSource(file, readFileSync(file, 'utf8'));
  const uri = (relative(cwd, file) || file).split('\\').join('/');
  return (finding) => {
    const path = causeKeys(finding).find((p) => source.doc.hasIn(p)) ?? [];
    const { line, column } = source.position(path, 'key');
    return { uri, line, column };
  };
}
