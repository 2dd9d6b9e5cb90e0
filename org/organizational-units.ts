/**
 * Organizational units and the long form of a grant (`accounts`, `organizationalUnits`, `until`).
 *
 * Before the cross-reference checks run, `expandGrants` checks the units (ids, parents, each
 * account's unit, the root and org ids they need) and each long-form grant, and turns every grant
 * into the short form the checks know: the list of account keys it covers (a unit covers every
 * account of the file under it, child units included). `annotateModel` then puts back on the model
 * what the short form cannot say: which grants came through a unit (their assumer side names the
 * unit by `aws:ResourceOrgPaths`, not the account) and when each grant ends.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceorgpaths
 */
import { OrgIssue } from './errors';
import { daysLeftWords, GRANT_END_WARNING_DAYS, daysLeft, hasEnded, utcEnd } from './grant-end';
import type { AccountModel, AssumerModel, AssumerSection, GrantModel, OrganizationalUnitModel, OrgModel, UnitGrantModel } from './model';
import type { AssumeValueFile, GrantSpecFile, OrgFile } from './schema';
import { suggest } from './suggest';

/** What a long-form grant said beyond its accounts. */
interface SpecDetail {
  /** Unit keys named (existing ones only). */
  readonly units: readonly string[];
  /** Account key -> the first named unit it is under. */
  readonly unitOf: ReadonlyMap<string, string>;
  readonly until?: string;
}

type AssumerSectionKey = 'groups' | 'permissionSets' | 'samlRoles' | 'githubActions' | 'oidc';
/** An entry of an assumer section with its grants in the short form. */
type ShortEntry<E> = { [K in keyof E]: K extends 'assume' ? Record<string, '*' | string[]> : E[K] };
/** The org file with every grant in the short form (account keys or "*"): what the cross-reference checks read. */
export type ExpandedOrgFile = Omit<OrgFile, AssumerSectionKey> & { [S in AssumerSectionKey]?: Record<string, ShortEntry<NonNullable<OrgFile[S]>[string]>> };

export interface ExpandedGrants {
  /** The file with every grant in the short form (account keys or "*"). */
  readonly file: ExpandedOrgFile;
  readonly issues: OrgIssue[];
  readonly warnings: OrgIssue[];
  /** `<section>\0<assumer>\0<role>` -> what its long form said. */
  readonly details: ReadonlyMap<string, SpecDetail>;
  /** The units with their paths, parents before children (those whose path could be worked out). */
  readonly units: ReadonlyMap<string, OrganizationalUnitModel>;
}

const SECTIONS: readonly AssumerSection[] = ['groups', 'permissionSets', 'samlRoles', 'githubActions', 'oidc'];
const detailKey = (section: string, name: string, role: string) => `${section}\0${name}\0${role}`;
const isSpec = (value: AssumeValueFile | undefined): value is GrantSpecFile => typeof value === 'object' && value !== null && !Array.isArray(value);
const hint = (name: string, known: string[]) => {
  const near = suggest(name, known);
  return near ? ` Did you mean "${near}"?` : '';
};

/** The units in order, parents before children, each with its path; issues for what is wrong. */
function readUnits(file: OrgFile, issues: OrgIssue[]): Map<string, OrganizationalUnitModel> {
  const units = file.organizationalUnits ?? {};
  const keys = Object.keys(units);
  const out = new Map<string, OrganizationalUnitModel>();
  if (keys.length === 0) return out;
  const missing = [...(file.orgId ? [] : ['orgId']), ...(file.orgRootId ? [] : ['orgRootId'])];
  if (missing.length > 0) {
    issues.push({
      path: ['organizationalUnits'],
      at: 'key',
      message: `needs ${missing.join(' and ')} at the top of the file: a unit's path in policies (aws:ResourceOrgPaths) is <orgId>/<orgRootId>/<ou ids>/. Fix: set ${missing.map((k) => (k === 'orgId' ? 'orgId: o-... (aws organizations describe-organization)' : 'orgRootId: r-... (aws organizations list-roots)')).join(' and ')}.`,
    });
  }
  const byId = new Map<string, string>();
  for (const [key, unit] of Object.entries(units)) {
    const other = byId.get(unit.id);
    if (other) issues.push({ path: ['organizationalUnits', key, 'id'], message: `${unit.id} is already the id of organizationalUnits.${other}. Fix: each unit has its own id.` });
    else byId.set(unit.id, key);
    if (unit.parent !== undefined && !units[unit.parent]) {
      issues.push({ path: ['organizationalUnits', key, 'parent'], message: `"${unit.parent}" is not a key of organizationalUnits.${hint(unit.parent, keys)} Fix: name the unit this one is in, or remove parent (directly under the root).` });
    }
  }
  const root = `${file.orgId ?? 'o-unknown'}/${file.orgRootId ?? 'r-unknown'}/`;
  const pathOf = (key: string, seen: string[]): string | undefined => {
    const done = out.get(key);
    if (done) return done.orgPath;
    if (seen.includes(key)) return undefined;
    const unit = units[key];
    const parent = unit.parent === undefined ? root : units[unit.parent] ? pathOf(unit.parent, [...seen, key]) : undefined;
    if (parent === undefined) return undefined;
    const orgPath = `${parent}${unit.id}/`;
    out.set(key, { key, id: unit.id, name: unit.name ?? key, ...(unit.parent !== undefined ? { parent: unit.parent } : {}), orgPath });
    return orgPath;
  };
  for (const key of keys) {
    if (pathOf(key, []) !== undefined) continue;
    // Said for each unit of the loop (a unit under one is left without a path, and said nothing of).
    const chain = [key];
    for (let parent = units[key].parent; parent !== undefined && units[parent] && !chain.includes(parent); parent = units[parent].parent) chain.push(parent);
    const last = units[chain[chain.length - 1]].parent;
    if (last === key) {
      issues.push({ path: ['organizationalUnits', key, 'parent'], message: `makes a loop of parents: ${[...chain, key].join(' -> ')}. Fix: give one of these units the unit it is really in, or no parent (directly under the root).` });
    }
  }
  return out;
}

/**
 * Checks units and long-form grants, and returns the file with every grant as account keys.
 * `now` decides which grants have ended (refused) or end soon (warned).
 */
export function expandGrants(file: OrgFile, now: Date): ExpandedGrants {
  const issues: OrgIssue[] = [];
  const warnings: OrgIssue[] = [];
  const details = new Map<string, SpecDetail>();
  const units = readUnits(file, issues);
  const unitKeys = Object.keys(file.organizationalUnits ?? {});
  const accountKeys = Object.keys(file.accounts ?? {});

  // Each account's unit, and the accounts under each unit (child units included).
  const accountsUnder = new Map<string, string[]>();
  for (const [key, account] of Object.entries(file.accounts ?? {})) {
    if (account.ou === undefined) continue;
    if (!file.organizationalUnits?.[account.ou]) {
      issues.push({ path: ['accounts', key, 'ou'], message: `"${account.ou}" is not a key of organizationalUnits.${hint(account.ou, unitKeys)} Fix: use one of: ${unitKeys.length ? unitKeys.join(', ') : '(none defined)'}, or add it under organizationalUnits.` });
      continue;
    }
    const seen = new Set<string>();
    for (let unit: string | undefined = account.ou; unit !== undefined && !seen.has(unit) && file.organizationalUnits[unit]; unit = file.organizationalUnits[unit].parent) {
      seen.add(unit);
      const under = accountsUnder.get(unit);
      if (under) under.push(key);
      else accountsUnder.set(unit, [key]);
    }
  }

  // An account whose unit is unknown is said once, not again as a unit without accounts.
  const misplaced = Object.values(file.accounts ?? {}).some((a) => a.ou !== undefined && !file.organizationalUnits?.[a.ou]);
  const shortForm = (section: AssumerSection, name: string, assume: Record<string, AssumeValueFile>): Record<string, '*' | string[]> => {
    const out: Record<string, '*' | string[]> = {};
    for (const [role, value] of Object.entries(assume)) {
      if (!isSpec(value)) {
        out[role] = value;
        continue;
      }
      const path = [section, name, 'assume', role];
      const named: string[] = [];
      const unitOf = new Map<string, string>();
      (value.organizationalUnits ?? []).forEach((unit, i) => {
        if (!file.organizationalUnits?.[unit]) {
          issues.push({ path: [...path, 'organizationalUnits', i], message: `"${unit}" is not a key of organizationalUnits.${hint(unit, unitKeys)} Fix: use one of: ${unitKeys.length ? unitKeys.join(', ') : '(none defined: add organizationalUnits, orgId and orgRootId)'}.` });
          return;
        }
        const under = accountsUnder.get(unit) ?? [];
        if (under.length === 0 && !misplaced) {
          issues.push({
            path: [...path, 'organizationalUnits', i],
            message: `unit "${unit}" holds no account of this file (no account's ou is ${unit} or a unit inside it), so no role would be created for this grant, while its policy would name the role in every account under ${unit}. Fix: set ou: ${unit} on the accounts under it, or remove it here.`,
          });
          return;
        }
        if (!named.includes(unit)) named.push(unit);
        for (const account of under) if (!unitOf.has(account)) unitOf.set(account, unit);
      });
      if (value.accounts === '*' && value.organizationalUnits !== undefined) {
        issues.push({ path: [...path, 'organizationalUnits'], message: 'is redundant beside accounts: "*", which already grants the role in every account it lives in. Fix: remove one of them.' });
      }
      const explicit = file.roles?.[role]?.accounts;
      if (explicit !== undefined && explicit !== '*') {
        const outside = [...unitOf.keys()].filter((a) => !explicit.includes(a));
        // Said here once for the unit, not again for each of its accounts by the account checks.
        for (const account of outside) unitOf.delete(account);
        if (outside.length > 0) {
          issues.push({
            path: [...path, 'organizationalUnits'],
            message: `covers ${outside.join(', ')}, where roles.${role}.accounts does not place the role: a unit grant means every account of the file under the unit. Fix: add ${outside.join(', ')} to roles.${role}.accounts (or use "*"), or grant by accounts instead.`,
          });
        }
      }
      let until: string | undefined;
      if (value.until !== undefined) {
        until = utcEnd(value.until);
        const where = `${section}.${name}.assume.${role}`;
        if (hasEnded(until, now)) {
          issues.push({
            path: [...path, 'until'],
            message: `the grant ended at ${until} (${daysLeftWords(until, now)}): IAM already refuses it, and a grant that has ended only hides what the file really allows. Fix: remove ${where}, or give it a later until if the access must go on.`,
          });
        } else if (daysLeft(until, now) < GRANT_END_WARNING_DAYS) {
          warnings.push({ path: [...path, 'until'], message: `the grant ends at ${until} (${daysLeftWords(until, now)}). Fix: remove ${where} once it has ended, or give it a later until if the access must go on.` });
        }
      }
      const accounts: '*' | string[] = value.accounts === '*' ? '*' : [...new Set([...(value.accounts ?? []), ...accountKeys.filter((k) => unitOf.has(k))])];
      out[role] = accounts;
      details.set(detailKey(section, name, role), { units: named, unitOf, ...(until ? { until } : {}) });
    }
    return out;
  };

  const expanded: Record<string, unknown> = { ...file };
  for (const section of SECTIONS) {
    const entries = file[section] as Record<string, { assume?: Record<string, AssumeValueFile> }> | undefined;
    if (!entries) continue;
    expanded[section] = Object.fromEntries(
      Object.entries(entries).map(([name, entry]) => [name, entry && entry.assume ? { ...entry, assume: shortForm(section, name, entry.assume) } : entry]),
    );
  }
  return { file: expanded as ExpandedOrgFile, issues, warnings, details, units };
}

/** The model with what the short form could not say: units, each account's unit, grant ends and unit grants. */
export function annotateModel<M extends Omit<OrgModel, 'warnings'>>(model: M, file: OrgFile, expanded: ExpandedGrants): M {
  const units = expanded.units;
  const ordered = [...units.values()];
  const accounts: AccountModel[] = model.accounts.map((a) => {
    const ou = file.accounts[a.key]?.ou;
    const unit = ou === undefined ? undefined : units.get(ou);
    return unit ? { ...a, ou: unit.key, orgPath: unit.orgPath } : a;
  });
  if (ordered.length === 0 && expanded.details.size === 0) return model;
  const annotate = <A extends AssumerModel>(assumer: A): A => {
    let unitGrants: UnitGrantModel[] | undefined;
    const grants: GrantModel[] = assumer.grants.map((grant) => {
      const detail = expanded.details.get(detailKey(assumer.section, assumer.name, grant.role));
      if (!detail) return grant;
      const viaUnit = detail.unitOf.get(grant.account);
      return { ...grant, ...(detail.until ? { until: detail.until } : {}), ...(viaUnit ? { viaUnit } : {}) };
    });
    for (const role of new Set(assumer.grants.map((g) => g.role))) {
      const detail = expanded.details.get(detailKey(assumer.section, assumer.name, role));
      if (detail && detail.units.length > 0) (unitGrants ??= []).push({ role, units: detail.units, ...(detail.until ? { until: detail.until } : {}) });
    }
    return { ...assumer, grants, ...(unitGrants ? { unitGrants } : {}) };
  };
  const assumers = model.assumers.map(annotate);
  const groups = assumers.filter((a) => a.kind === 'iam-group');
  return { ...model, ...(ordered.length > 0 ? { orgRootId: file.orgRootId, organizationalUnits: ordered } : {}), accounts, assumers, groups };
}
