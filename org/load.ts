import { existsSync, readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { z } from 'zod';
import { formatKeyPath, OrgConfigError, OrgIssue, OrgProblem } from './errors';
import { OrgModel } from './model';
import { resolveOrgFile } from './resolve';
import { checkQuotas } from './quotas';
import { OrgFile, OrgFileSchema } from './schema';
import { knownKeysAt, suggest } from './suggest';
import { MAX_EXPANDED_VALUES, YamlSource } from './yaml-source';

/** The org file's default name, at the project root. */
export const DEFAULT_ORG_FILE = 'org.yaml';

/** `ORG_CONFIG` when set, else `org.yaml` in the working folder. */
export function orgFilePath(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return resolvePath(cwd, env.ORG_CONFIG || DEFAULT_ORG_FILE);
}

/** Reads, validates and resolves an org file. Throws `OrgConfigError` with every mistake at once. */
export function loadOrgFile(path: string): OrgModel {
  if (!existsSync(path)) {
    throw new OrgConfigError(path, [
      {
        file: path,
        line: 1,
        column: 1,
        path: '',
        message: `the org file does not exist. Fix: create it (see docs/org-file.md), or point ORG_CONFIG at your org file, e.g. ORG_CONFIG=path/to/org.yaml.`,
      },
    ]);
  }
  return parseOrg(readFileSync(path, 'utf8'), path);
}

/** Validates and resolves org file text; `file` names it in messages. */
export function parseOrg(text: string, file: string): OrgModel {
  const source = new YamlSource(file, text);
  const place = (issue: OrgIssue): OrgProblem => ({
    file,
    ...source.position(issue.path, issue.at),
    path: formatKeyPath(issue.path),
    message: issue.message,
  });

  if (source.doc.errors.length > 0) {
    throw new OrgConfigError(
      file,
      source.doc.errors.map((e) => {
        const pos = source.lines.linePos(e.pos[0]);
        const key = /^[^:\n]+/.exec(text.slice(e.pos[0]))?.[0].trim() ?? '';
        return { file, line: pos.line, column: pos.col, path: '', message: yamlMessage(e.code, e.message, key) };
      }),
    );
  }
  const structure = source.structureProblems();
  if (structure.length > 0) {
    throw new OrgConfigError(
      file,
      structure.map((p) => {
        const pos = source.lines.linePos(p.offset);
        return { file, line: pos.line, column: pos.col, path: '', message: p.message };
      }),
    );
  }
  let data: unknown;
  try {
    // The alias count is checked above with file and line; this bound only backs it up.
    data = source.doc.toJS({ maxAliasCount: MAX_EXPANDED_VALUES });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new OrgConfigError(file, [{ file, line: 1, column: 1, path: '', message: `the YAML cannot be read: ${message}. Fix: check the anchors (&name), aliases (*name) and merge keys (<<) of the file.` }]);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new OrgConfigError(file, [{ file, line: 1, column: 1, path: '', message: 'the org file must be a YAML map with organization, region, identity, accounts, roles and groups. Fix: start from the example org.yaml.' }]);
  }

  const parsed = OrgFileSchema.safeParse(data, { error: friendlyMessage });
  if (parsed.success) {
    const { model: resolved, issues, warnings } = resolveOrgFile(parsed.data, file);
    if (!resolved) throw new OrgConfigError(file, sortProblems(issues.map(place)));
    const model: OrgModel = { ...resolved, warnings: sortProblems(warnings.map(place)) };
    const quotaIssues = checkQuotas(model);
    if (quotaIssues.length > 0) throw new OrgConfigError(file, sortProblems(quotaIssues.map(place)));
    return model;
  }
  // Report reference mistakes together with shape mistakes, so one run shows everything.
  const shapeIssues = parsed.error.issues.flatMap((i) => toIssues(i, data));
  throw new OrgConfigError(file, sortProblems([...shapeIssues, ...referenceIssues(data, file, shapeIssues)].map(place)));
}

/** Cross-reference checks on a file whose shape is wrong somewhere: best effort, never duplicating a shape issue. */
function referenceIssues(data: unknown, file: string, shapeIssues: OrgIssue[]): OrgIssue[] {
  let issues: OrgIssue[];
  try {
    issues = resolveOrgFile(data as OrgFile, file).issues;
  } catch {
    return [];
  }
  const covered = shapeIssues.map((i) => formatKeyPath(i.path));
  return issues.filter((i) => {
    const path = formatKeyPath(i.path);
    return !covered.some((c) => path === c || path.startsWith(`${c}.`) || path.startsWith(`${c}[`) || c.startsWith(`${path}.`));
  });
}

function sortProblems(problems: OrgProblem[]): OrgProblem[] {
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

function toIssues(issue: z.core.$ZodIssue, data: unknown): OrgIssue[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(OrgFileSchema, path, data);
    return issue.keys.map((key) => {
      const near = suggest(key, known);
      const fix = near ? `Did you mean "${near}"?` : `Fix: remove it; known keys here: ${known.join(', ')}.`;
      return { path: [...path, key], at: 'key' as const, message: `unknown key "${key}". ${fix}` };
    });
  }
  if (issue.code === 'invalid_key') {
    return [{ path, at: 'key', message: issue.issues.map((i) => `key ${i.message}`).join('; ') }];
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0 && !issue.message.startsWith('must')) {
    // Report the problems of the alternative the value was meant to be (same type at the top),
    // rather than "invalid input".
    const meant = issue.errors.filter((alt) => !alt.every((i) => i.code === 'invalid_type' && i.path.length === 0));
    const candidates = meant.length > 0 ? meant : issue.errors;
    const best = candidates.reduce((a, b) => (a.length <= b.length ? a : b));
    return best.flatMap((i) => toIssues({ ...i, path: [...path, ...i.path] } as z.core.$ZodIssue, data));
  }
  return [{ path, message: issue.message }];
}

const TYPE_NAMES: Record<string, string> = { string: 'a string', number: 'a number', boolean: 'true or false', object: 'a map of keys', record: 'a map of keys', array: 'a list', int: 'a whole number' };

/** Messages for the checks whose schema does not carry its own. */
function friendlyMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'is required';
    return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}, not ${describe(issue.input)}`;
  }
  if (issue.code === 'invalid_value' && issue.values.length > 0) {
    return `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, not ${describe(issue.input)}`;
  }
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function yamlMessage(code: string, message: string, key: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'DUPLICATE_KEY') return `duplicate key "${key}": it is already set earlier in the same map. Fix: keep one entry (merge the two).`;
  return `invalid YAML (${code}): ${first}. Fix: check the indentation and quoting on this line.`;
}

