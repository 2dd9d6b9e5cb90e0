/**
 * Live IAM -> org file, exactly, plus a report of everything left out. A role, group or web
 * identity is written only when the org file says precisely what AWS holds, so that the app's
 * synthesized policies grant the same pairs (compare.ts proves it). Everything else is left out,
 * untouched and unmanaged, with the account, the resource, what could not be said and why.
 */
import { parseOrg } from '../org/load';
import { OrgConfigError } from '../org/errors';
import { GITHUB_ACTIONS_ISSUER, GITHUB_SUB_FORMS } from '../policy/assumers';
import { LiveAccount, LiveDocument, LiveEstate, LiveGroup, LiveRole, listOf, statementsOf } from './live';
import { readTrust, TrustReading, WebIdentityTrust } from './trust';

export type ReportKind = 'left-out' | 'narrows' | 'note';

/** One thing the org file does not say, or says with a difference a person must know of. */
export interface ReportEntry {
  readonly kind: ReportKind;
  /** The account's key (or `identity`). */
  readonly account: string;
  readonly accountId: string;
  /** `role Name`, `group Name`, ... */
  readonly resource: string;
  readonly what: string;
  readonly why: string;
}

export interface MapOptions {
  readonly organization: string;
  readonly region: string;
  readonly identityAccountId: string;
  /** The deployment role, when not the default OrganizationAccountAccessRole. */
  readonly deploymentRoleName?: string;
  /** Per-account reach of the deployment role, as the org file says it (from --from-org-file). */
  readonly accountDeployment?: Readonly<Record<string, { roleName?: string; externalId?: string }>>;
  /** Accounts of the organization (AWS Organizations), when known: adding aws:PrincipalOrgID takes nothing from them. */
  readonly organizationAccountIds?: ReadonlySet<string>;
}

/** The org file as plain data, in writing order, with comments by key path (`roles.X`). */
export interface OrgDraft {
  readonly file: Record<string, unknown>;
  readonly comments: ReadonlyMap<string, string>;
}

export interface ImportedRole {
  readonly account: string;
  readonly accountId: string;
  readonly name: string;
  readonly arn: string;
}

export interface MapResult {
  readonly draft: OrgDraft;
  readonly report: readonly ReportEntry[];
  readonly imported: { readonly roles: readonly ImportedRole[]; readonly groups: readonly string[] };
}

const DEFAULT_DEPLOYMENT_ROLE = 'OrganizationAccountAccessRole';
const AWS_MANAGED = /^arn:aws:iam::aws:policy\/(.+)$/;

/** Canonical JSON (sorted keys) to compare documents. */
export function canonical(value: unknown): string {
  const sort = (v: unknown): unknown => (Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v);
  return JSON.stringify(sort(value));
}

/** One role in one account, read and judged. */
interface RoleCopy {
  readonly account: LiveAccount;
  readonly role: LiveRole;
  readonly trust: TrustReading;
  /** What the org file writes for it, shared by all its accounts. */
  readonly definition: Record<string, unknown>;
  readonly signature: string;
}

const roleKey = (accountId: string, name: string) => `${accountId}|${name.toLowerCase()}`;

/**
 * The definition of a role as the org file writes it (without accounts, adopt and who assumes it).
 * `orgAccountIds`: the identity account and the accounts of the file (inside the org, for the app).
 * `customer`: ARNs of customer managed policies adopted under `policies:` -> their name there.
 */
function roleDefinition(account: LiveAccount, role: LiveRole, trust: TrustReading, orgId: string | undefined, customer: ReadonlyMap<string, string>, orgAccountIds: ReadonlySet<string>): { definition?: Record<string, unknown>; problems: string[] } {
  const problems: string[] = [];
  const managedPolicies: string[] = [];
  // AWS managed policies by name; the account's own customer policies by their name under policies: (adopted), else by ARN.
  const refOf = (arn: string) => AWS_MANAGED.exec(arn)?.[1] ?? customer.get(arn) ?? arn;
  for (const a of role.attachedPolicies) {
    if (AWS_MANAGED.test(a.arn) || a.arn.startsWith(`arn:aws:iam::${account.accountId}:policy/`)) managedPolicies.push(refOf(a.arn));
    else problems.push(`attaches ${a.arn}, a policy of another account`);
  }
  let permissionsBoundary: string | undefined;
  if (role.permissionsBoundary) permissionsBoundary = refOf(role.permissionsBoundary);
  const inlinePolicies = Object.fromEntries([...role.inlinePolicies].sort((a, b) => a.name.localeCompare(b.name)).map((p) => [p.name, p.document]));

  // Conditions every statement of the org file's trust shares: source IPs; one external id for every named principal.
  const statements = [...(trust.people ? [trust.people] : []), ...trust.named, ...trust.web];
  const ipSets = new Set(statements.map((s) => (s.sourceIps ?? []).join(',')));
  if (ipSets.size > 1) problems.push(`trust statements with different aws:SourceIp ranges (${[...ipSets].map((s) => s || 'none').join(' / ')}): the org file's trust.sourceIps applies to every statement`);
  const externalIds = new Set(trust.named.map((n) => n.externalId ?? ''));
  if (externalIds.size > 1) problems.push(`named principals with different external ids (${[...externalIds].map((s) => s || 'none').join(' / ')}): the org file's trust.externalId applies to every named principal`);
  const externalId = trust.named[0]?.externalId;
  for (const n of trust.named) {
    const inside = orgAccountIds.has(n.arn.split(':')[4]);
    if (!inside && !n.externalId) problems.push(`trusts ${n.arn}, outside the accounts of this org file, without an external id: the org file requires one for principals outside the org`);
    if (!inside && n.orgId) problems.push(`asks aws:PrincipalOrgID of ${n.arn}, outside the accounts of this org file: the org file asks it of principals inside the org only`);
  }
  if (trust.people?.orgId && orgId && trust.people.orgId !== orgId) problems.push(`aws:PrincipalOrgID ${trust.people.orgId}, where other roles ask ${orgId}: the org file has one orgId`);
  for (const n of trust.named) if (n.orgId && orgId && n.orgId !== orgId) problems.push(`aws:PrincipalOrgID ${n.orgId} for ${n.arn}, where other roles ask ${orgId}: the org file has one orgId`);
  if (problems.length > 0) return { problems };

  const sourceIps = statements[0]?.sourceIps;
  const people = trust.people;
  const definition: Record<string, unknown> = {
    ...(role.path !== '/' ? { path: role.path } : {}),
    ...(role.description !== undefined ? { description: role.description } : {}),
    ...(role.maxSessionDuration !== 3600 ? { maxSessionDuration: role.maxSessionDuration } : {}),
    ...(managedPolicies.length ? { managedPolicies: managedPolicies.sort() } : {}),
    ...(permissionsBoundary ? { permissionsBoundary } : {}),
    ...(Object.keys(inlinePolicies).length ? { inlinePolicies } : {}),
    ...(Object.keys(role.tags).length ? { tags: Object.fromEntries(Object.entries(role.tags).sort(([a], [b]) => a.localeCompare(b))) } : {}),
  };
  const trustFile: Record<string, unknown> = {
    ...(people ? { mfa: people.mfa } : {}),
    ...(people?.mfaMaxAgeSeconds !== undefined ? { mfaMaxAgeSeconds: people.mfaMaxAgeSeconds } : {}),
    ...(trust.named.length ? { principals: [...new Set(trust.named.map((n) => n.arn))].sort() } : {}),
    ...(externalId ? { externalId } : {}),
    ...(sourceIps?.length ? { sourceIps: [...sourceIps] } : {}),
  };
  if (Object.keys(trustFile).length) definition.trust = trustFile;
  return { definition, problems };
}


/** A group's policies read as grants, or why they are more than the org file can say. */
interface GroupReading {
  /** role name -> account ids */
  readonly grants: Map<string, Set<string>>;
  /** ARNs of roles granted with an MFA condition on the group side. */
  readonly mfaOnGroupSide: Set<string>;
  readonly denies: Set<string>;
  readonly problems: string[];
  readonly notes: string[];
  readonly policyNames: string[];
}

function readGroup(group: LiveGroup, copies: ReadonlyMap<string, RoleCopy>, refused: ReadonlyMap<string, string>, readAccounts: ReadonlyMap<string, LiveAccount>): GroupReading {
  const reading: GroupReading = { grants: new Map(), mfaOnGroupSide: new Set(), denies: new Set(), problems: [], notes: [], policyNames: [] };
  const docs: { label: string; document: LiveDocument }[] = [
    ...group.inlinePolicies.map((p) => ({ label: `inline policy ${p.name}`, document: p.document })),
    ...group.attachedPolicies.map((p) => ({ label: `attached policy ${p.arn}`, document: p.document ?? { Statement: [] } })),
  ];
  reading.policyNames.push(...docs.map((d) => d.label));
  const mfaDenied: { label: string; resources: string[]; age?: number }[] = [];
  const grantArn = (arn: string, label: string, mfa: boolean): void => {
    const m = /^arn:aws:iam::(\d{12}):role(\/(?:[^/]+\/)*)([^/]+)$/.exec(arn);
    if (!m) return void reading.problems.push(`${label}: allows sts:AssumeRole on ${arn}, which is not a role ARN`);
    const account = readAccounts.get(m[1]);
    if (!account) return void reading.problems.push(`${label}: allows sts:AssumeRole on ${arn}, in account ${m[1]}, which was not imported: the org file grants roles of its accounts only`);
    const live = account.roles.find((r) => r.name.toLowerCase() === m[3].toLowerCase());
    if (!live || live.path !== m[2]) return void reading.notes.push(`${label}: allows sts:AssumeRole on ${arn}, which does not exist (no access today); not written, and the statement goes when the group's policies are replaced`);
    const key = roleKey(m[1], live.name);
    if (refused.has(key)) return void reading.problems.push(`${label}: allows sts:AssumeRole on ${arn}, a role left out (${refused.get(key)})`);
    const copy = copies.get(key);
    if (!copy) return void reading.problems.push(`${label}: allows sts:AssumeRole on ${arn}, which is not imported`);
    if (!copy.trust.people) return void reading.notes.push(`${label}: allows sts:AssumeRole on ${arn}, whose trust does not let the identity account in (no access today); not written, since writing it would open the role's trust to the identity account`);
    if (mfa && !copy.trust.people.mfa) return void reading.problems.push(`${label}: asks MFA for ${arn} on the group side, whose trust does not: the org file sets MFA per role, for every group`);
    if (mfa) reading.mfaOnGroupSide.add(arn);
    const accounts = reading.grants.get(live.name) ?? new Set<string>();
    accounts.add(m[1]);
    reading.grants.set(live.name, accounts);
  };
  for (const { label, document } of docs) {
    statementsOf(document).forEach((s, i) => {
      const where = `${label}, ${typeof s.Sid === 'string' && s.Sid ? `statement ${s.Sid}` : `statement ${i + 1}`}`;
      const actions = listOf(s.Action).map((a) => a.toLowerCase());
      const cond = (s.Condition ?? {}) as Record<string, Record<string, unknown>>;
      const condKeys = Object.entries(cond).flatMap(([op, keys]) => Object.keys(keys).map((k) => `${op.toLowerCase()} ${k.toLowerCase()}`));
      const resources = listOf(s.Resource);
      if (s.NotAction !== undefined || s.NotResource !== undefined || actions.length === 0 || actions.some((a) => a !== 'sts:assumerole')) {
        reading.problems.push(`${where}: ${s.Effect} ${s.NotAction !== undefined ? `NotAction ${listOf(s.NotAction).join(', ')}` : listOf(s.Action).join(', ')}${s.NotResource !== undefined ? ' with NotResource' : ''}: more than sts:AssumeRole on named roles; the identity stack manages a group's policies exclusively, so adopting the group would remove it`);
        return;
      }
      if (s.Effect === 'Deny') {
        if (condKeys.length === 0) {
          for (const r of resources) {
            const m = /^arn:aws:iam::\*:role(\/(?:[^/]+\/)*)([^/*?]+)$/.exec(r);
            if (!m) reading.problems.push(`${where}: denies sts:AssumeRole on ${r}: the org file denies a role by name in every account (roles.<r>.deny), nothing else`);
            else if (![...copies.values()].some((c) => `${c.role.path}${c.role.name}` === `${m[1]}${m[2]}`)) reading.problems.push(`${where}: denies sts:AssumeRole on ${r}, and no imported role has that path and name: the org file denies only roles it defines, and dropping the Deny would let the group's members reach that role wherever their other policies allow it`);
            else reading.denies.add(`${m[1]}${m[2]}`);
          }
          return;
        }
        // The app's MFA denials: redundant with a trust that requires MFA (and its age).
        const age = cond.NumericGreaterThanEquals?.['aws:MultiFactorAuthAge'] ?? cond.NumericGreaterThanEquals?.['aws:multifactorauthage'];
        if (condKeys.length === 1 && condKeys[0] === 'boolifexists aws:multifactorauthpresent' && listOf(Object.values(cond.BoolIfExists)[0]).join() === 'false') mfaDenied.push({ label: where, resources });
        else if (condKeys.length === 1 && age !== undefined) mfaDenied.push({ label: where, resources, age: Number(listOf(age)[0]) });
        else reading.problems.push(`${where}: a Deny with conditions ${condKeys.join(', ')}: the org file has no key for it`);
        return;
      }
      if (s.Effect !== 'Allow') return void reading.problems.push(`${where}: Effect ${String(s.Effect)}`);
      const mfa = condKeys.includes('bool aws:multifactorauthpresent');
      const accountsCond = condKeys.includes('stringequals aws:resourceaccount') ? listOf(Object.entries(cond.StringEquals ?? {}).find(([k]) => k.toLowerCase() === 'aws:resourceaccount')?.[1]) : undefined;
      const others = condKeys.filter((k) => k !== 'bool aws:multifactorauthpresent' && k !== 'stringequals aws:resourceaccount');
      if (others.length > 0) return void reading.problems.push(`${where}: allows sts:AssumeRole with conditions the org file has no key for: ${others.join(', ')}`);
      if (mfa && listOf(Object.entries(cond.Bool).find(([k]) => k.toLowerCase() === 'aws:multifactorauthpresent')?.[1]).join() !== 'true') return void reading.problems.push(`${where}: Bool aws:MultiFactorAuthPresent other than true`);
      for (const r of resources) {
        const packed = /^arn:aws:iam::\*:role(\/(?:[^/]+\/)*)([^/*?]+)$/.exec(r);
        if (packed && accountsCond) {
          for (const id of accountsCond) grantArn(`arn:aws:iam::${id}:role${packed[1]}${packed[2]}`, where, mfa);
        } else if (/[*?]/.test(r)) {
          reading.problems.push(`${where}: allows sts:AssumeRole on ${r}, a pattern${r === '*' ? ' (every role of every account)' : ''}: the org file grants named roles in named accounts, so it cannot say which roles this reaches now and later`);
        } else if (accountsCond) {
          reading.problems.push(`${where}: allows ${r} only in accounts ${accountsCond.join(', ')} (aws:ResourceAccount): not a form the org file writes`);
        } else grantArn(r, where, mfa);
      }
    });
  }
  for (const d of mfaDenied) {
    for (const r of d.resources) {
      const m = /^arn:aws:iam::(\d{12}):role(\/(?:[^/]+\/)*)([^/]+)$/.exec(r);
      const copy = m ? copies.get(roleKey(m[1], m[3])) : undefined;
      const people = copy?.trust.people;
      const redundant = people?.mfa && (d.age === undefined || (people.mfaMaxAgeSeconds !== undefined && people.mfaMaxAgeSeconds <= d.age));
      if (!redundant) reading.problems.push(`${d.label}: denies ${r} without MFA${d.age ? ` (or with an MFA older than ${d.age} s)` : ''}, which its trust does not require: the org file sets MFA per role`);
    }
  }
  return reading;
}

/** IAM's wildcard match (`*`, `?`), case-sensitive as for ARNs; actions case-insensitively. */
const wildcard = (pattern: string, value: string, flags = '') => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, flags).test(value);

/** Whether an Allow of `doc` names sts:AssumeRole on `roleArn` (conditions and Denies not evaluated: it may allow). */
function allowsAssume(doc: LiveDocument, roleArn: string): boolean {
  return statementsOf(doc).some(
    (s) =>
      s.Effect === 'Allow' &&
      (s.Action !== undefined ? listOf(s.Action).some((a) => wildcard(a, 'sts:AssumeRole', 'i')) : !listOf(s.NotAction).some((a) => wildcard(a, 'sts:AssumeRole', 'i'))) &&
      (s.Resource !== undefined ? listOf(s.Resource).some((r) => wildcard(r, roleArn)) : !listOf(s.NotResource).some((r) => wildcard(r, roleArn))),
  );
}

/** A GitHub Actions `sub` set of one repository as branches, tags and environments; undefined when one subject is another form. */
function githubFilter(repository: string, subjects: readonly string[]): { branches?: string[]; tags?: string[]; environments?: string[] } | undefined {
  const filter: Record<string, string[]> = {};
  for (const sub of subjects) {
    const rest = sub.slice(`repo:${repository}:`.length);
    if (!sub.startsWith(`repo:${repository}:`)) return undefined;
    if (rest === '*') {
      if (subjects.length !== 1) return undefined;
      return {};
    }
    const form = (Object.entries(GITHUB_SUB_FORMS) as [string, string][]).find(([, prefix]) => rest.startsWith(prefix));
    if (!form) return undefined;
    const value = rest.slice(form[1].length);
    if (!value || (form[0] === 'environments' && /[*?]/.test(value))) return undefined;
    (filter[form[0]] ??= []).push(value);
  }
  return Object.keys(filter).length ? Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, v.sort()])) : undefined;
}

const GITHUB_HOST = GITHUB_ACTIONS_ISSUER.replace(/^https:\/\//, '');

/** A name for an assumer entry: IAM's characters, unique case-insensitively among `taken`. */
function entryName(base: string, taken: Set<string>): string {
  const clean = base.replace(/[^\w+=,.@-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120) || 'entry';
  let name = clean;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${clean}-${n}`;
  taken.add(name.toLowerCase());
  return name;
}

/** Reads the estate into an org file draft and a report. */
export function mapEstate(live: LiveEstate, options: MapOptions): MapResult {
  const refusedRoles = new Map<string, string>();
  const refusedGroups = new Set<string>();
  const extraReport: ReportEntry[] = [];
  const roleRefusals: ReportEntry[] = [];
  const refusedPolicies = new Set<string>();
  for (let round = 0; round < 50; round++) {
    const result = build(live, options, refusedRoles, refusedGroups, extraReport, roleRefusals, refusedPolicies);
    const problems = validate(result.draft);
    if (problems.length === 0) return { ...result, report: sortReport([...roleRefusals, ...result.report, ...extraReport]) };
    let progress = false;
    for (const p of problems) {
      const [section, name] = p.path.split('.');
      const why = `the org file refuses it: ${p.path}: ${p.message}`;
      if (section === 'roles' && name) {
        for (const copy of result.imported.roles.filter((r) => r.name === name)) {
          const key = roleKey(copy.accountId, copy.name);
          if (!refusedRoles.has(key)) {
            refusedRoles.set(key, why);
            extraReport.push({ kind: 'left-out', account: copy.account, accountId: copy.accountId, resource: `role ${copy.name}`, what: 'the role', why });
            progress = true;
          }
        }
      } else if (section === 'policies' && name && !refusedPolicies.has(name)) {
        // Not adopted then: the roles attach it by ARN, and it stays unmanaged.
        refusedPolicies.add(name);
        extraReport.push({ kind: 'note', account: 'every account', accountId: '-', resource: `policy ${name}`, what: 'the customer managed policy', why: `${why}; attached by ARN instead and left unmanaged` });
        progress = true;
      } else if (section === 'groups' && name && !refusedGroups.has(name)) {
        refusedGroups.add(name);
        extraReport.push({ kind: 'left-out', account: 'identity', accountId: options.identityAccountId, resource: `group ${name}`, what: 'the group', why });
        progress = true;
      } else if ((section === 'githubActions' || section === 'oidc') && name) {
        const entry = (result.draft.file[section] as Record<string, { assume: Record<string, string[]> }>)[name];
        for (const [roleName, accounts] of Object.entries(entry?.assume ?? {})) {
          for (const key of accounts) {
            const copy = result.imported.roles.find((r) => r.name === roleName && r.account === key);
            if (copy && !refusedRoles.has(roleKey(copy.accountId, copy.name))) {
              refusedRoles.set(roleKey(copy.accountId, copy.name), why);
              extraReport.push({ kind: 'left-out', account: copy.account, accountId: copy.accountId, resource: `role ${copy.name}`, what: `its trust of ${section}.${name}`, why });
              progress = true;
            }
          }
        }
      }
    }
    if (!progress) throw new Error(`The imported org file does not validate, and the problem is not one role's or group's:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
  }
  throw new Error('The imported org file did not settle after 50 rounds of leaving out what does not validate.');
}

function validate(draft: OrgDraft): { path: string; message: string }[] {
  try {
    parseOrg(JSON.stringify(draft.file), 'imported org file');
    return [];
  } catch (err) {
    if (err instanceof OrgConfigError) return err.problems.map((p) => ({ path: p.path, message: p.message }));
    throw err;
  }
}

const sortReport = (entries: readonly ReportEntry[]) =>
  [...entries].sort((a, b) => a.account.localeCompare(b.account) || a.resource.localeCompare(b.resource) || a.kind.localeCompare(b.kind) || a.what.localeCompare(b.what) || a.why.localeCompare(b.why));

function build(live: LiveEstate, options: MapOptions, refusedRoles: Map<string, string>, refusedGroups: Set<string>, fixedReport: readonly ReportEntry[], roleRefusals: ReportEntry[], refusedPolicies: ReadonlySet<string>): Omit<MapResult, 'report'> & { report: ReportEntry[] } {
  const report: ReportEntry[] = [];
  const identityId = options.identityAccountId;
  const accounts = [...live.accounts].sort((a, b) => a.key.localeCompare(b.key));
  const orgAccountIds = new Set([identityId, ...accounts.map((a) => a.accountId)]);
  const byId = new Map(accounts.map((a) => [a.accountId, a]));
  // A role's refusals are kept across rounds (refusedRoles), and so are their report entries.
  const refuse = (account: LiveAccount, role: LiveRole, what: string, why: string) => {
    const key = roleKey(account.accountId, role.name);
    if (!refusedRoles.has(key)) refusedRoles.set(key, why);
    const entry: ReportEntry = { kind: 'left-out', account: account.key, accountId: account.accountId, resource: `role ${role.name}`, what, why };
    if (!roleRefusals.some((e) => canonical(e) === canonical(entry))) roleRefusals.push(entry);
  };

  // 1. Each role's trust, read statement by statement.
  const readings = new Map<string, { account: LiveAccount; role: LiveRole; trust: TrustReading }>();
  for (const account of accounts) {
    for (const s of account.skipped ?? []) report.push({ kind: 'left-out', account: account.key, accountId: account.accountId, resource: `role ${s.name}`, what: 'the role (not read)', why: s.why });
    for (const role of account.roles) {
      const { reading, problems } = readTrust(role.trustPolicy, identityId, account.accountId);
      if (!reading) {
        for (const p of problems) refuse(account, role, 'its trust policy', p);
        continue;
      }
      if (!reading.people && reading.named.length === 0 && reading.web.length === 0) {
        refuse(account, role, 'its trust policy', 'trusts no one the org file can name');
        continue;
      }
      for (const w of reading.web) {
        if (!account.oidcProviders.some((p) => p.arn === w.providerArn)) refuse(account, role, 'its trust policy', `trusts the OIDC provider ${w.providerArn}, which does not exist in the account`);
      }
      readings.set(roleKey(account.accountId, role.name), { account, role, trust: reading });
    }
  }
  // One orgId for the file: the one the trusts ask (the first, when they disagree; the others are left out).
  const orgIds = [...new Set([...readings.values()].flatMap(({ trust }) => [trust.people?.orgId, ...trust.named.map((n) => n.orgId)]).filter((v): v is string => v !== undefined))].sort();
  const orgId = orgIds[0];

  // Customer managed policies the roles use: adopted under policies: when every account that has one of that name has the same one.
  const byPolicyName = new Map<string, { arn: string; policy: LiveAccount['customerPolicies'][string] }[]>();
  for (const a of accounts) for (const [arn, policy] of Object.entries(a.customerPolicies)) byPolicyName.set(policy.name, [...(byPolicyName.get(policy.name) ?? []), { arn, policy }]);
  const customerNames = new Map<string, string>();
  const customerPolicies = new Map<string, LiveAccount['customerPolicies'][string]>();
  for (const [name, list] of byPolicyName) {
    const same = new Set(list.map(({ policy }) => canonical({ path: policy.path, description: policy.description ?? null, document: policy.document }))).size === 1;
    if (refusedPolicies.has(name)) continue;
    if (!same) {
      report.push({ kind: 'note', account: 'every account', accountId: '-', resource: `policy ${name}`, what: 'the customer managed policy', why: `differs between accounts (${list.map((x) => x.arn.split(':')[4]).join(', ')}): not adopted under policies:, attached by ARN and left unmanaged` });
      continue;
    }
    customerPolicies.set(name, list[0].policy);
    for (const { arn } of list) customerNames.set(arn, name);
  }

  let copies = new Map<string, RoleCopy>();
  let groupReadings = new Map<string, GroupReading>();
  // Refusals feed back (a role left out takes the groups granting it; a group left out may take a role's people statement): settle.
  for (let pass = 0; pass < 20; pass++) {
    const before = refusedRoles.size + refusedGroups.size;
    copies = new Map();
    // 2. Role definitions, per account, and their agreement across accounts (the org file defines a role once).
    const byName = new Map<string, RoleCopy[]>();
    for (const [key, { account, role, trust }] of readings) {
      if (refusedRoles.has(key)) continue;
      const { definition, problems } = roleDefinition(account, role, trust, orgId, customerNames, orgAccountIds);
      if (!definition) {
        for (const p of problems) refuse(account, role, p.startsWith('attaches ') ? 'its policies' : 'its trust policy', p);
        continue;
      }
      // MFA is said once per role but applies only where the identity account is trusted: compared among those copies below.
      const { mfa: _mfa, mfaMaxAgeSeconds: _age, ...shared } = (definition.trust ?? {}) as Record<string, unknown>;
      const copy = { account, role, trust, definition, signature: canonical({ ...definition, trust: shared }) };
      byName.set(role.name.toLowerCase(), [...(byName.get(role.name.toLowerCase()) ?? []), copy]);
    }
    for (const list of byName.values()) {
      const signatures = new Set(list.map((c) => c.signature));
      const names = new Set(list.map((c) => c.role.name));
      const mfas = new Set(list.filter((c) => c.trust.people).map((c) => `${c.trust.people!.mfa} ${c.trust.people!.mfaMaxAgeSeconds ?? '-'}`));
      if (signatures.size > 1 || names.size > 1 || mfas.size > 1) {
        const where = list.map((c) => c.account.key).join(', ');
        for (const c of list) refuse(c.account, c.role, 'the role', `${names.size > 1 ? `its name is written differently (${[...names].join(', ')})` : 'it differs'} between accounts ${where} (${describeDifference(list)}): the org file defines a role once for all its accounts`);
        continue;
      }
      for (const c of list) copies.set(roleKey(c.account.accountId, c.role.name), c);
    }

    // 3. Groups: their policies as grants, or left out whole.
    groupReadings = new Map();
    for (const group of live.identity.groups) {
      if (refusedGroups.has(group.name)) continue;
      const reading = readGroup(group, copies, refusedRoles, byId);
      if (reading.problems.length > 0) {
        refusedGroups.add(group.name);
        continue;
      }
      if (reading.grants.size === 0 && reading.denies.size === 0) continue;
      groupReadings.set(group.name, reading);
    }

    // 4. The people's statement where the app writes it: where a group grants the role, or where nothing else may assume it.
    for (const [key, c] of copies) {
      if (!c.trust.people) continue;
      const granted = [...groupReadings.values()].some((g) => g.grants.get(c.role.name)?.has(c.account.accountId));
      const others = c.trust.named.length > 0 || c.trust.web.length > 0;
      if (!granted && others && !refusedRoles.has(key)) {
        refuse(c.account, c.role, 'its statement for the identity account', `lets the identity account in (whoever there has a policy allowing it) beside ${[...c.trust.named.map((n) => n.arn), ...c.trust.web.map((w) => `OIDC ${w.host}`)].join(', ')}, but no group adopted here grants it in ${c.account.key}: the org file's trust would have no statement for the identity account there, which would take that access away`);
      }
    }
    for (const key of copies.keys()) if (refusedRoles.has(key)) copies.delete(key);
    if (refusedRoles.size + refusedGroups.size === before) break;
  }

  for (const group of live.identity.groups) {
    if (refusedGroups.has(group.name) || groupReadings.has(group.name)) continue;
    const reading = readGroup(group, copies, refusedRoles, byId);
    report.push({ kind: 'note', account: 'identity', accountId: identityId, resource: `group ${group.name}`, what: 'the group', why: `grants no role of the imported accounts${reading.notes.length ? ` (${reading.notes.join('; ')})` : ''}: nothing to adopt, left as it is` });
  }
  // Groups left out: their reasons, once.
  for (const group of live.identity.groups) {
    if (!refusedGroups.has(group.name) || fixedReport.some((e) => e.resource === `group ${group.name}`)) continue;
    const reading = readGroup(group, copies, refusedRoles, byId);
    const reasons = reading.problems.length ? reading.problems : ['it grants a role that was left out'];
    for (const why of reasons) report.push({ kind: 'left-out', account: 'identity', accountId: identityId, resource: `group ${group.name}`, what: 'the group and its grants', why });
  }

  // 5. The file.
  const comments = new Map<string, string>();
  const taken = new Set([...groupReadings.keys()].map((g) => g.toLowerCase()));
  const roles = new Map<string, { copies: RoleCopy[] }>();
  for (const c of copies.values()) roles.set(c.role.name, { copies: [...(roles.get(c.role.name)?.copies ?? []), c] });
  const roleNames = [...roles.keys()].sort((a, b) => a.localeCompare(b));

  // Web identities: one entry per (issuer, audiences, subjects), granted where a role trusts exactly that.
  type Entry = { name: string; section: 'githubActions' | 'oidc'; body: Record<string, unknown>; assume: Map<string, string[]> };
  const entries = new Map<string, Entry>();
  for (const name of roleNames) {
    for (const c of roles.get(name)!.copies) {
      // Statements of one issuer and audiences are one in the app's trust: their subjects add up.
      const merged = new Map<string, WebIdentityTrust>();
      for (const w of c.trust.web) {
        const k = `${w.host} ${w.audiences.join(' ')}`;
        const prev = merged.get(k);
        merged.set(k, prev ? { ...w, subjects: [...new Set([...prev.subjects, ...w.subjects])].sort() } : w);
      }
      for (const w of merged.values()) {
        const parts: { section: 'githubActions' | 'oidc'; key: string; body: Record<string, unknown>; base: string }[] = [];
        const repos = new Map<string, string[]>();
        const github = w.host === GITHUB_HOST && w.audiences.length === 1;
        for (const sub of github ? w.subjects : []) {
          const repo = /^repo:([^:]+\/[^:]+):/.exec(sub)?.[1] ?? '';
          repos.set(repo, [...(repos.get(repo) ?? []), sub]);
        }
        const filters = github ? [...repos].map(([repo, subs]) => ({ repo, subs, filter: repo && /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repo) ? githubFilter(repo, subs) : undefined })) : [];
        if (github && filters.every((f) => f.filter !== undefined)) {
          for (const f of filters) {
            const body = { repository: f.repo, ...f.filter, ...(w.audiences[0] !== 'sts.amazonaws.com' ? { audience: w.audiences[0] } : {}), oidcProvider: 'existing' };
            parts.push({ section: 'githubActions', key: `gh ${canonical(body)}`, body, base: f.repo.replace('/', '-') });
          }
        } else {
          const body = { issuer: `https://${w.host}`, audiences: [...w.audiences], subjects: [...w.subjects], oidcProvider: 'existing' };
          parts.push({ section: 'oidc', key: `oidc ${canonical(body)}`, body, base: w.host.split('/')[0] });
        }
        for (const p of parts) {
          let entry = entries.get(p.key);
          if (!entry) {
            entry = { name: entryName(p.base, taken), section: p.section, body: p.body, assume: new Map<string, string[]>() };
            entries.set(p.key, entry);
          }
          entry.assume.set(name, [...(entry.assume.get(name) ?? []), c.account.key]);
        }
      }
    }
  }

  const rolesFile: Record<string, unknown> = {};
  const imported: ImportedRole[] = [];
  const denies = new Map<string, string[]>();
  for (const [group, reading] of groupReadings) {
    for (const pathName of reading.denies) {
      const roleName = roleNames.find((n) => `${roles.get(n)!.copies[0].role.path}${n}` === pathName);
      if (roleName) denies.set(roleName, [...(denies.get(roleName) ?? []), group]);
    }
  }
  for (const name of roleNames) {
    const list = roles.get(name)!.copies.sort((a, b) => a.account.key.localeCompare(b.account.key));
    const first = list.find((c) => c.trust.people) ?? list[0];
    const { trust: trustDef, ...rest } = first.definition as { trust?: Record<string, unknown> };
    const trustFile = { ...(trustDef ?? {}) };
    // MFA settings matter only where the identity account is trusted.
    if (!list.some((c) => c.trust.people)) {
      delete trustFile.mfa;
      delete trustFile.mfaMaxAgeSeconds;
    }
    rolesFile[name] = {
      accounts: list.map((c) => c.account.key),
      adopt: true,
      ...rest,
      ...(denies.has(name) ? { deny: denies.get(name)!.sort() } : {}),
      ...(Object.keys(trustFile).length ? { trust: trustFile } : {}),
    };
    for (const c of list) imported.push({ account: c.account.key, accountId: c.account.accountId, name, arn: c.role.arn });
    const notes: string[] = [];
    if (list.some((c) => c.trust.people && !c.trust.people.usersOnly)) notes.push(`trusted the identity account as a whole in ${list.filter((c) => c.trust.people && !c.trust.people.usersOnly).map((c) => c.account.key).join(', ')}: now its IAM users only (see the report)`);
    const shared = sharedDocuments(name, first.role, copies);
    if (shared.length) notes.push(...shared);
    if (notes.length) comments.set(`roles.${name}`, notes.join('\n'));
    for (const c of list) {
      if (c.trust.people && !c.trust.people.usersOnly) {
        const losing = live.identity.roles?.filter((r) => r.policies.some((d) => allowsAssume(d, c.role.arn))).map((r) => r.name).sort();
        const who =
          losing === undefined
            ? 'roles of the identity account lose this role'
            : losing.length === 0
              ? 'no role of the identity account has a policy allowing it today, so no one loses access now'
              : `roles of the identity account whose policies allow it (conditions not evaluated) lose it: ${losing.join(', ')}`;
        report.push({
          kind: losing?.length === 0 ? 'note' : 'narrows',
          account: c.account.key,
          accountId: c.account.accountId,
          resource: `role ${name}`,
          what: `its trust of the identity account ${identityId}`,
          why: `the live trust lets in every principal of ${identityId} whose own policies allow it, its roles included; the org file's trust lets in its IAM users only (ArnLike aws:PrincipalArn arn:aws:iam::${identityId}:user/*), as this project always writes it: ${who}`,
        });
      }
      if (orgId && c.trust.people && !c.trust.people.orgId) {
        const known = options.organizationAccountIds?.has(identityId);
        report.push({ kind: known ? 'note' : 'narrows', account: c.account.key, accountId: c.account.accountId, resource: `role ${name}`, what: `aws:PrincipalOrgID ${orgId} added to its statement for the identity account`, why: `other roles ask it, and the org file's orgId applies to every role; ${known ? `the identity account is in ${orgId}, so no one loses access` : `whoever is outside ${orgId} loses access (the identity account is expected in it)`}` });
      }
      for (const n of c.trust.named) {
        if (orgId && !n.orgId && orgAccountIds.has(n.arn.split(':')[4])) {
          const known = options.organizationAccountIds?.has(n.arn.split(':')[4]);
          report.push({ kind: known ? 'note' : 'narrows', account: c.account.key, accountId: c.account.accountId, resource: `role ${name}`, what: `aws:PrincipalOrgID ${orgId} added for ${n.arn}`, why: `the org file's orgId applies to principals inside the org; ${known ? `account ${n.arn.split(':')[4]} is in ${orgId}, so it loses nothing` : `${n.arn} loses access if its account is outside ${orgId}`}` });
        }
      }
    }
  }

  const groupsFile: Record<string, unknown> = {};
  for (const [group, reading] of [...groupReadings].sort(([a], [b]) => a.localeCompare(b))) {
    const live1 = live.identity.groups.find((g) => g.name === group)!;
    const assume: Record<string, string[]> = {};
    for (const name of roleNames) {
      const ids = reading.grants.get(name);
      if (ids) assume[name] = accounts.filter((a) => ids.has(a.accountId)).map((a) => a.key);
    }
    groupsFile[group] = { ...(live1.path !== '/' ? { path: live1.path } : {}), adopt: true, ...(Object.keys(assume).length ? { assume } : {}) };
    if (reading.policyNames.length) comments.set(`groups.${group}`, `replaced at the first apply by ${group}-assume-roles (same grants): ${reading.policyNames.join('; ')}`);
    for (const n of reading.notes) report.push({ kind: 'note', account: 'identity', accountId: identityId, resource: `group ${group}`, what: 'a statement not written', why: n });
  }
  const sections: Record<string, Record<string, unknown>> = { githubActions: {}, oidc: {} };
  for (const entry of [...entries.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    const name = entry.name;
    sections[entry.section][name] = { ...entry.body, assume: Object.fromEntries([...entry.assume].map(([r, accs]) => [r, [...new Set(accs)].sort()])) };
  }

  const usedPolicies = [...new Set(Object.values(rolesFile).flatMap((r) => {
    const role = r as { managedPolicies?: string[]; permissionsBoundary?: string };
    return [...(role.managedPolicies ?? []), ...(role.permissionsBoundary ? [role.permissionsBoundary] : [])];
  }))].filter((n) => customerPolicies.has(n)).sort((a, b) => a.localeCompare(b));
  const policiesFile = Object.fromEntries(
    usedPolicies.map((n) => {
      const p = customerPolicies.get(n)!;
      return [n, { document: p.document, ...(p.description !== undefined ? { description: p.description } : {}), ...(p.path !== '/' ? { path: p.path } : {}), adopt: true }];
    }),
  );
  const deploymentRole = options.deploymentRoleName && options.deploymentRoleName !== DEFAULT_DEPLOYMENT_ROLE ? options.deploymentRoleName : undefined;
  const file: Record<string, unknown> = {
    organization: options.organization,
    ...(orgId ? { orgId } : {}),
    region: options.region,
    identity: { accountId: identityId },
    ...(deploymentRole ? { deployment: { roleName: deploymentRole } } : {}),
    accounts: Object.fromEntries(accounts.map((a) => [a.key, { accountId: a.accountId, ...(options.accountDeployment?.[a.key] ? { deployment: options.accountDeployment[a.key] } : {}) }])),
    ...(Object.keys(policiesFile).length ? { policies: policiesFile } : {}),
    ...(Object.keys(rolesFile).length ? { roles: rolesFile } : {}),
    ...(Object.keys(groupsFile).length ? { groups: groupsFile } : {}),
    ...(Object.keys(sections.githubActions).length ? { githubActions: sections.githubActions } : {}),
    ...(Object.keys(sections.oidc).length ? { oidc: sections.oidc } : {}),
  };
  return { draft: { file, comments }, report, imported: { roles: imported, groups: [...groupReadings.keys()].sort() } };
}

/** Which part of a role's definition differs between accounts, in words. */
function describeDifference(list: readonly RoleCopy[]): string {
  const keys = [...new Set(list.flatMap((c) => Object.keys(c.definition)))].sort();
  const differ = keys.filter((k) => new Set(list.map((c) => canonical(c.definition[k] ?? null))).size > 1);
  const mfas = new Set(list.filter((c) => c.trust.people).map((c) => `${c.trust.people!.mfa} ${c.trust.people!.mfaMaxAgeSeconds ?? '-'}`));
  if (mfas.size > 1) return 'trust.mfa, trust.mfaMaxAgeSeconds';
  return differ.length ? `${differ.join(', ')}` : 'name';
}

/** "inline policy X: the same document as role Y's Z" for documents several roles share. */
function sharedDocuments(name: string, role: LiveRole, copies: ReadonlyMap<string, RoleCopy>): string[] {
  const notes: string[] = [];
  for (const p of role.inlinePolicies) {
    const doc = canonical(p.document);
    const others = [...new Set([...copies.values()].filter((c) => c.role.name !== name && c.role.inlinePolicies.some((q) => canonical(q.document) === doc)).map((c) => c.role.name))].sort();
    if (others.length) notes.push(`inline policy ${p.name}: the same document as ${others.map((o) => `role ${o}`).join(', ')}`);
  }
  return notes;
}

