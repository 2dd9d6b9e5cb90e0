/** A path of keys into the org file, e.g. ["groups", "developers", "assume", "Admin"]. */
export type KeyPath = readonly (string | number)[];

/** A mistake found in the org file, before it is placed on a line. */
export interface OrgIssue {
  readonly path: KeyPath;
  /** What is wrong and how to fix it, written for the person editing the file. */
  readonly message: string;
  /** Point at the key itself (unknown or duplicate keys) rather than at its value. */
  readonly at?: 'key' | 'value';
}

/** A mistake placed in the file. */
export interface OrgProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly path: string;
  readonly message: string;
}

/** `groups.developers.assume.Admin`, `roles.X.inlinePolicies.p.Statement[0]`. */
export function formatKeyPath(path: KeyPath): string {
  return path.reduce<string>((out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : out ? `${out}.${seg}` : seg), '');
}

/** Every mistake found in an org file at once. Nothing is synthesized when this is thrown. */
export class OrgConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly OrgProblem[],
  ) {
    super(formatProblems(file, problems));
    this.name = 'OrgConfigError';
  }
}

function formatProblems(file: string, problems: readonly OrgProblem[]): string {
  const head = `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the org file; nothing was synthesized.`;
  const lines = problems.map((p) => `  ${p.file}:${p.line}:${p.column} ${p.path ? `${p.path}: ` : ''}${p.message}`);
  return [head, ...lines].join('\n');
}
