/**
 * What every cross-reference check of the org file shares: the parsed file, and the lookups over
 * it that several checks (and the model) need, computed once. Computing them reports nothing: each
 * check decides what is wrong.
 */
import type { OrgIssue, KeyPath } from '../errors';
import type { AssumerSection, GrantModel, OrgModel } from '../model';
import type { ExpandedOrgFile } from '../organizational-units';
import { suggest } from '../suggest';

/** One check of the file: its issues, each with the key path it is about, in file order where it can. */
export type FileCheck = (ctx: CheckContext) => OrgIssue[];

/** One check of the resolved model, for rules that need what the model works out (e.g. the stacks). */
export type ModelCheck = (model: Omit<OrgModel, 'warnings'>, ctx: CheckContext) => OrgIssue[];

/** One assumer of any kind (group, permission set, SAML role, GitHub Actions, OIDC): they all have an assume map. */
export interface AssumerEntry {
  readonly section: AssumerSection;
  readonly name: string;
  readonly assume: Record<string, '*' | string[]>;
}

export interface CheckContext {
  /** The file with every grant as account keys (org/organizational-units.ts turned units into accounts). */
  readonly file: ExpandedOrgFile;
  /** The org file's path, as messages and the model name it. */
  readonly sourceFile: string;
  /** The account keys, in file order. */
  readonly accountKeys: string[];
  readonly knownAccounts: ReadonlySet<string>;
  /** Each account key's place in the file: grants are listed in that order. */
  readonly accountOrder: ReadonlyMap<string, number>;
  /** The role names, in file order. */
  readonly roleNames: string[];
  /** Every assumer, in the order of the sections: groups, permissionSets, samlRoles, githubActions, oidc. */
  readonly assumerEntries: readonly AssumerEntry[];
  /** The key of the member account that is also the identity account, if any. */
  readonly identityIsMemberKey: string | undefined;
  /** The account ids this file names (identity and members): principals of other accounts are outside the org. */
  readonly orgAccountIds: ReadonlySet<string>;
  /** Where each role lives (defined accounts only): its own `accounts`, else wherever assumers grant it. */
  readonly roleAccounts: ReadonlyMap<string, string[]>;
}

/** The lookups of `file`, computed once for all checks and the model. */
export function checkContext(file: ExpandedOrgFile, sourceFile: string): CheckContext {
  const accountKeys = Object.keys(file.accounts);
  const assumerEntries: AssumerEntry[] = [
    ...Object.entries(file.groups ?? {}).map(([name, g]) => ({ section: 'groups' as const, name, assume: g.assume ?? {} })),
    ...Object.entries(file.permissionSets ?? {}).map(([name, p]) => ({ section: 'permissionSets' as const, name, assume: p?.assume ?? {} })),
    ...Object.entries(file.samlRoles ?? {}).map(([name, r]) => ({ section: 'samlRoles' as const, name, assume: r?.assume ?? {} })),
    ...Object.entries(file.githubActions ?? {}).map(([name, g]) => ({ section: 'githubActions' as const, name, assume: g?.assume ?? {} })),
    ...Object.entries(file.oidc ?? {}).map(([name, o]) => ({ section: 'oidc' as const, name, assume: o?.assume ?? {} })),
  ];
  const ctx = {
    file,
    sourceFile,
    accountKeys,
    knownAccounts: new Set(accountKeys),
    accountOrder: new Map(accountKeys.map((k, i) => [k, i])),
    roleNames: Object.keys(file.roles ?? {}),
    assumerEntries,
    identityIsMemberKey: Object.entries(file.accounts).find(([, a]) => a.accountId === file.identity.accountId)?.[0],
    orgAccountIds: new Set([file.identity.accountId, ...Object.values(file.accounts).map((a) => a.accountId)]),
  };
  return { ...ctx, roleAccounts: roleAccountsOf(ctx) };
}

function roleAccountsOf(ctx: Omit<CheckContext, 'roleAccounts'>): Map<string, string[]> {
  const { file, accountKeys, knownAccounts } = ctx;
  const roleAccounts = new Map<string, string[]>();
  for (const [name, role] of Object.entries(file.roles ?? {})) {
    if (role.accounts !== undefined) roleAccounts.set(name, selectAccounts(ctx, role.accounts, ['roles', name, 'accounts'], accountKeys, 'accounts').keys);
  }
  const implied = new Map<string, Set<string>>();
  for (const entry of ctx.assumerEntries) {
    for (const [roleName, sel] of Object.entries(entry.assume)) {
      if (!file.roles?.[roleName] || roleAccounts.has(roleName)) continue;
      const set = implied.get(roleName) ?? new Set<string>();
      for (const key of sel === '*' ? accountKeys : sel) if (knownAccounts.has(key)) set.add(key);
      implied.set(roleName, set);
    }
  }
  for (const name of ctx.roleNames) {
    if (!roleAccounts.has(name)) roleAccounts.set(name, accountKeys.filter((k) => implied.get(name)?.has(k)));
  }
  return roleAccounts;
}

/**
 * The accounts a selection (`"*"` or a list of account keys at `path`) names among `allowed`, and an
 * issue for each key that is not a defined account, or not one of `allowed` (named `fixTarget`).
 */
export function selectAccounts(
  ctx: Pick<CheckContext, 'accountKeys' | 'knownAccounts'>,
  sel: '*' | string[],
  path: KeyPath,
  allowed: string[],
  fixTarget: string,
): { keys: string[]; issues: OrgIssue[] } {
  const { accountKeys, knownAccounts } = ctx;
  if (sel === '*') return { keys: allowed, issues: [] };
  const allowedSet = allowed === accountKeys ? knownAccounts : new Set(allowed);
  const out = new Set<string>();
  const issues: OrgIssue[] = [];
  sel.forEach((key, i) => {
    if (!knownAccounts.has(key)) {
      issues.push({ path: [...path, i], message: `account "${key}" is not defined under accounts.${didYouMean(key, accountKeys)} Fix: use one of: ${listOrNone(accountKeys)}, or add it under accounts.` });
    } else if (!allowedSet.has(key)) {
      issues.push({ path: [...path, i], message: `account "${key}" is not one of ${fixTarget}. Fix: add ${key} to ${fixTarget}, or remove it here.` });
    } else {
      out.add(key);
    }
  });
  return { keys: [...out], issues };
}

/**
 * The grants an assumer's assume map makes (defined roles, in accounts where the role lives), in
 * account order then role name, and an issue for each name that is not so.
 */
export function assumerGrants(ctx: CheckContext, entry: AssumerEntry): { grants: GrantModel[]; issues: OrgIssue[] } {
  const { file, accountKeys, roleNames } = ctx;
  const grants: GrantModel[] = [];
  const issues: OrgIssue[] = [];
  for (const [roleName, sel] of Object.entries(entry.assume)) {
    const path = [entry.section, entry.name, 'assume', roleName];
    if (!file.roles?.[roleName]) {
      issues.push({ path, at: 'key', message: `role "${roleName}" is not defined under roles.${didYouMean(roleName, roleNames)} Fix: use one of: ${listOrNone(roleNames)}, or define it under roles.` });
      continue;
    }
    const where = ctx.roleAccounts.get(roleName) ?? [];
    const explicit = file.roles[roleName].accounts !== undefined;
    const selected = explicit ? selectAccounts(ctx, sel, path, where, `roles.${roleName}.accounts`) : selectAccounts(ctx, sel, path, accountKeys, 'accounts');
    issues.push(...selected.issues);
    for (const account of selected.keys) grants.push({ role: roleName, account });
  }
  grants.sort((a, b) => ctx.accountOrder.get(a.account)! - ctx.accountOrder.get(b.account)! || a.role.localeCompare(b.role));
  return { grants, issues };
}

/** ` Did you mean "x"?` when a known name is close to `name`, else nothing. */
export function didYouMean(name: string, known: string[]): string {
  const near = suggest(name, known);
  return near ? ` Did you mean "${near}"?` : '';
}

/** The names joined for a "use one of" fix, or `(none defined)`. */
export function listOrNone(names: string[]): string {
  return names.length ? names.join(', ') : '(none defined)';
}
