import { accountRootArn, oidcIssuerHostPath, permissionSetOfPattern } from '../policy/arn';
import { describeGitHubFilter, GITHUB_ACTIONS_ISSUER, GITHUB_SUB_FORMS } from '../policy/assumers';
import { ConditionKey, ConditionOperator, oidcConditionKey } from '../policy/condition';
import { PolicyJson, SynthesizedIdentity, SynthesizedOrg, SynthesizedRole } from './artifact';

/**
 * Who can get where, read from the synthesized policies (what will be deployed), not from the
 * org file. People reach a role when their own side allows `sts:AssumeRole` on the role's ARN and
 * the role's trust lets them in: IAM users through their group's policies, Identity Center
 * permission sets through the policy the identity stack outputs, SAML roles through their policies.
 * Conditions are those of both halves. Workloads and third parties (named principals, GitHub
 * Actions, OIDC) are decided by the trust alone. Trust statements are told apart by what they
 * hold (principal type, `aws:PrincipalArn` values, condition keys), not by their Sid.
 */

/** People: the kinds of assumer that have a side of their own in the identity account. */
export type PeopleKind = 'iam-group' | 'permission-set' | 'saml-role';
/** Trusted by the role's trust alone: a role, user or account named by ARN, a web identity, a SAML provider. */
export type PrincipalKind = 'role' | 'user' | 'account' | 'github-actions' | 'oidc' | 'saml-provider';

export interface Grant {
  /** The group, permission set or SAML role, by its name in the org file. */
  readonly group: string;
  readonly kind: PeopleKind;
  /** One line for people: "IAM group platform", "IAM Identity Center permission set PlatformAdmins", "SAML role OktaEngineers (Okta)". */
  readonly description: string;
  readonly account: string;
  readonly accountId: string;
  readonly environment?: string;
  readonly role: string;
  readonly roleArn: string;
  /**
   * AWS requires MFA (by the trust, the group policy, or both). Always false for permission sets
   * and SAML roles: AWS sets no MFA key for federated people, whose MFA is their identity provider's.
   */
  readonly mfa: boolean;
  /** Longest MFA age allowed, seconds, when limited. */
  readonly mfaMaxAgeSeconds?: number;
  /** `aws:PrincipalOrgID` the caller must belong to. */
  readonly orgId?: string;
  readonly sourceIps?: readonly string[];
  /** The regions whose STS endpoints may be called (`aws:RequestedRegion`): a break-glass role's. */
  readonly regions?: readonly string[];
  /** The role's maximum session, seconds. */
  readonly maxSessionDuration: number;
  readonly region?: string;
  /** `sts:ExternalId` the role's trust requires of people, when it does. */
  readonly externalId?: string;
  /** The grant ends then (`aws:CurrentTime` DateLessThan, UTC): IAM refuses it after. */
  readonly until?: string;
  /** Granted through organizational units: the `aws:ResourceOrgPaths` patterns that reach this account. */
  readonly orgPaths?: readonly string[];
}

/** The token a web identity must present: the OIDC provider's `aud` and `sub` claims. */
export interface WebIdentityCondition {
  /** The issuer's host and path, as IAM names the provider and its condition keys (`token.actions.githubusercontent.com`). */
  readonly issuer: string;
  readonly audiences: readonly string[];
  /** `sub` patterns (StringLike); empty when the trust asks for none. */
  readonly subjects: readonly string[];
  /** GitHub Actions: the repository the subjects name (`acme/infra`). */
  readonly repository?: string;
}

/** A principal trusted by the role's trust alone: CI, third parties, web identities. */
export interface PrincipalAccess {
  /** The trusted principal's ARN (`...:root` for a whole account); the OIDC or SAML provider's ARN for a federated principal. */
  readonly principal: string;
  readonly kind: PrincipalKind;
  /** One line for people: "role arn:...", "GitHub Actions, repo acme/infra, branch main", "OIDC gitlab.example.com, sub ...". */
  readonly description: string;
  readonly account: string;
  readonly accountId: string;
  readonly role: string;
  readonly roleArn: string;
  readonly externalId?: string;
  readonly orgId?: string;
  readonly sourceIps?: readonly string[];
  /** The whole account is trusted, with no `aws:PrincipalArn` condition. */
  readonly wholeAccount: boolean;
  readonly maxSessionDuration: number;
  /** Web identities: the token's conditions. */
  readonly webIdentity?: WebIdentityCondition;
  /** The trust lets it in until then (`aws:CurrentTime` DateLessThan, UTC). */
  readonly until?: string;
}

/**
 * People who may never assume a role, whatever else allows it (the role's `deny` list): a group's or
 * SAML role's policy denies it without condition, or a permission set is denied by its policy or by a
 * Deny statement in the role's trust.
 */
export interface Denial {
  /** The group, permission set or SAML role, by its name in the org file. */
  readonly group: string;
  readonly kind: PeopleKind;
  readonly description: string;
  readonly account: string;
  readonly role: string;
  readonly roleArn: string;
}

export interface AccessReport {
  readonly identityAccountId?: string;
  readonly grants: readonly Grant[];
  readonly principals: readonly PrincipalAccess[];
  /** People who may never assume a role, whatever else allows it. */
  readonly denials: readonly Denial[];
  /**
   * The roles whose trust lets in the identity account's IAM users, by account: whoever there has an
   * identity policy allowing it (a group of the org file, or an admin of the hub) may assume them.
   */
  readonly peopleTrusts?: readonly { readonly account: string; readonly role: string; readonly roleArn: string }[];
}

type Statement = Record<string, unknown>;
type ConditionBlock = Record<string, Record<string, unknown>>;

/** A policy element that is one value or a list of them, as a list. */
export const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
export const statementsOf = (doc: PolicyJson): Statement[] => (Array.isArray(doc.Statement) ? [...doc.Statement] : [doc.Statement as Statement]);
const conditionsOf = (s: Statement): ConditionBlock => (s.Condition as ConditionBlock | undefined) ?? {};
const conditionValues = (c: ConditionBlock, op: string, key: string): string[] | undefined => (c[op]?.[key] === undefined ? undefined : list(c[op][key]));
const principalsOf = (s: Statement, type: 'AWS' | 'Federated'): string[] => (s.Principal === '*' && type === 'AWS' ? ['*'] : list((s.Principal as Record<string, unknown> | undefined)?.[type]));

/** IAM's wildcard match (`*` any run, `?` one character) of a Resource or ARN pattern. */
export function arnMatches(pattern: string, value: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === value;
  let re = PATTERNS.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    PATTERNS.set(pattern, re);
  }
  return re.test(value);
}
/** Compiled patterns: a large org checks every group statement against every role. */
const PATTERNS = new Map<string, RegExp>();

/** The actions that allow or deny `sts:AssumeRole`. */
export const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:*', '*'];
const WEB_IDENTITY_ACTIONS = ['sts:AssumeRoleWithWebIdentity', 'sts:*', '*'];
const SAML_ACTIONS = ['sts:AssumeRoleWithSAML', 'sts:*', '*'];
const deniesAssume = (s: Statement) => s.Effect === 'Deny' && s.Condition === undefined && list(s.Action).some((a) => ASSUME_ACTIONS.includes(a));
const allowsAssume = (s: Statement) => s.Effect === 'Allow' && list(s.Action).some((a) => ASSUME_ACTIONS.includes(a));

/** The MFA and session conditions one statement puts on a call. */
function mfaOf(c: ConditionBlock): { mfa: boolean; maxAge?: number } {
  const present = conditionValues(c, ConditionOperator.Bool, ConditionKey.MfaPresent)?.includes('true') ?? false;
  const age = conditionValues(c, ConditionOperator.NumericLessThan, ConditionKey.MfaAge) ?? conditionValues(c, ConditionOperator.NumericLessThanEquals, ConditionKey.MfaAge);
  return { mfa: present || age !== undefined, maxAge: age ? Number(age[0]) : undefined };
}

/** A people side's statements that allow AssumeRole, with their resources and account condition read once. */
interface AssumeStatement {
  readonly statement: Statement;
  readonly resources: readonly string[];
  readonly accounts?: ReadonlySet<string>;
  /** `aws:ResourceOrgPaths` patterns (ForAnyValue:StringLike): the organizational units it reaches. */
  readonly orgPaths?: readonly string[];
  /** `aws:CurrentTime` DateLessThan: when it stops applying. */
  readonly until?: string;
}

/** When a statement stops applying (`DateLessThan aws:CurrentTime`), if it does. */
const untilOf = (c: ConditionBlock) => conditionValues(c, ConditionOperator.DateLessThan, ConditionKey.CurrentTime)?.[0];

function assumeStatements(policies: readonly PolicyJson[]): AssumeStatement[] {
  return policies.flatMap((doc) =>
    statementsOf(doc)
      .filter(allowsAssume)
      .map((statement) => {
        const c = conditionsOf(statement);
        const accounts = conditionValues(c, ConditionOperator.StringEquals, ConditionKey.ResourceAccount);
        const orgPaths = conditionValues(c, ConditionOperator.ForAnyValueStringLike, ConditionKey.ResourceOrgPaths);
        const until = untilOf(c);
        return { statement, resources: list(statement.Resource), accounts: accounts ? new Set(accounts) : undefined, ...(orgPaths ? { orgPaths } : {}), ...(until ? { until } : {}) };
      }),
  );
}

/**
 * The statement of a people side that lets it call AssumeRole on the role `roleArn` of account
 * `accountId` (under organizational path `orgPath`, if any), if any: one that never ends rather than
 * one that does, else the one that ends last.
 */
function sideAllows(statements: readonly AssumeStatement[], accountId: string, roleArn: string, orgPath?: string): AssumeStatement | undefined {
  let best: AssumeStatement | undefined;
  for (const s of statements) {
    if (!s.resources.some((r) => arnMatches(r, roleArn)) || (s.accounts && !s.accounts.has(accountId))) continue;
    if (s.orgPaths && (orgPath === undefined || !s.orgPaths.some((p) => arnMatches(p, orgPath)))) continue;
    if (!s.until) return s;
    if (!best || (best.until !== undefined && s.until > best.until)) best = s;
  }
  return best;
}

/** The resources that identity policies' unconditional Denies of AssumeRole name. */
const deniedResources = (policies: readonly PolicyJson[]) => policies.flatMap((doc) => statementsOf(doc).filter(deniesAssume).flatMap((st) => list(st.Resource)));

/**
 * Whether identity policies (a group's, a SAML role's) let their holder call `sts:AssumeRole` on
 * `roleArn`, as far as they decide it, the person's own conditions (MFA) taken as met: an Allow
 * naming the role whose account condition holds, and no unconditional Deny naming it.
 */
export function identityPoliciesAllow(policies: readonly PolicyJson[], roleArn: string, orgPath?: string): boolean {
  return sideAllows(assumeStatements(policies), roleArn.split(':')[4], roleArn, orgPath) !== undefined && !deniedResources(policies).some((r) => arnMatches(r, roleArn));
}

const externalIdOf = (c: ConditionBlock) => conditionValues(c, ConditionOperator.StringEquals, ConditionKey.ExternalId)?.[0];
/** `aws:PrincipalArn` values of a statement (ArnEquals, ArnLike, or their String forms). */
const principalArnsOf = (c: ConditionBlock): string[] | undefined => {
  const found = [ConditionOperator.ArnEquals, ConditionOperator.ArnLike, ConditionOperator.StringEquals, ConditionOperator.StringLike].flatMap((op) => conditionValues(c, op, ConditionKey.PrincipalArn) ?? []);
  return found.length > 0 ? found : undefined;
};

/** The provider name of a SAML provider ARN (`Okta`). */
const providerName = (arn: string) => arn.split('/').pop() ?? arn;

export const describeGroup = (name: string) => `IAM group ${name}`;
export const describePermissionSet = (name: string) => `IAM Identity Center permission set ${name}`;
export const describeSamlRole = (name: string, providerArn?: string) => `SAML role ${name}${providerArn ? ` (${providerName(providerArn)})` : ''}`;

/** GitHub's subject forms of one repository, in words: `branch main`, `tag v*`, `environment production`, or every run. */
export function describeGitHubSubjects(repository: string, subjects: readonly string[]): string {
  const filter: { branches: string[]; tags: string[]; environments: string[] } = { branches: [], tags: [], environments: [] };
  const forms = Object.entries(GITHUB_SUB_FORMS) as [keyof typeof filter, string][];
  const other: string[] = [];
  let any = false;
  for (const sub of subjects) {
    const rest = sub.slice(`repo:${repository}:`.length);
    const form = forms.find(([, prefix]) => rest.startsWith(prefix));
    if (!sub.startsWith(`repo:${repository}:`) || /^[*?]*$/.test(rest)) {
      if (/^[*?]*$/.test(rest)) any = true;
      else other.push(`sub ${sub}`);
    } else if (form) filter[form[0]].push(rest.slice(form[1].length));
    else other.push(`sub ${rest}`);
  }
  if (any) return describeGitHubFilter({});
  const named = filter.branches.length + filter.tags.length + filter.environments.length > 0;
  return [...(named ? [describeGitHubFilter(filter)] : []), ...other].join(', ');
}

/** The repository of a GitHub Actions `sub` (`repo:<owner>/<name>:...`), wildcards kept; undefined for another form. */
export const githubRepositoryOf = (sub: string) => /^repo:([^:]+)(?::|$)/.exec(sub)?.[1];

const GITHUB_HOST = oidcIssuerHostPath(GITHUB_ACTIONS_ISSUER);

/** Principals, federated or by ARN, that one Allow statement of a trust lets in. */
function readWebIdentity(s: Statement, common: Omit<PrincipalAccess, 'principal' | 'kind' | 'description' | 'wholeAccount'>): PrincipalAccess[] {
  const c = conditionsOf(s);
  return principalsOf(s, 'Federated').flatMap((provider): PrincipalAccess[] => {
    const oidc = /:oidc-provider\/(.+)$/.exec(provider)?.[1];
    if (oidc && list(s.Action).some((a) => WEB_IDENTITY_ACTIONS.includes(a))) {
      const audiences = [ConditionOperator.StringEquals, ConditionOperator.StringLike].flatMap((op) => conditionValues(c, op, oidcConditionKey(oidc, 'aud')) ?? []);
      const subjects = [ConditionOperator.StringLike, ConditionOperator.StringEquals].flatMap((op) => conditionValues(c, op, oidcConditionKey(oidc, 'sub')) ?? []);
      const github = oidc === GITHUB_HOST || oidc.startsWith(`${GITHUB_HOST}/`) || (s.Sid === 'GitHubActions' && subjects.length > 0 && subjects.every((sub) => githubRepositoryOf(sub)));
      const base = { ...common, principal: provider, wholeAccount: false };
      if (!github || subjects.length === 0) {
        const subs = subjects.length ? `sub ${subjects.join(' or ')}` : '**any sub**';
        return [{ ...base, kind: 'oidc', description: `OIDC ${oidc}, ${subs}`, webIdentity: { issuer: oidc, audiences, subjects } }];
      }
      // One entry per repository: a role trusted by two repositories lists both.
      const byRepo = new Map<string, string[]>();
      for (const sub of subjects) {
        const repo = githubRepositoryOf(sub) ?? '';
        byRepo.set(repo, [...(byRepo.get(repo) ?? []), sub]);
      }
      return [...byRepo].map(([repository, subs]) => ({
        ...base,
        kind: 'github-actions' as const,
        description: repository ? `GitHub Actions, repo ${repository}, ${describeGitHubSubjects(repository, subs)}` : `GitHub Actions, sub ${subs.join(' or ')}`,
        webIdentity: { issuer: oidc, audiences, subjects: subs, ...(repository ? { repository } : {}) },
      }));
    }
    if (provider.includes(':saml-provider/') && list(s.Action).some((a) => SAML_ACTIONS.includes(a))) {
      return [{ ...common, principal: provider, wholeAccount: false, kind: 'saml-provider', description: `SAML sign-in through provider ${providerName(provider)}` }];
    }
    return [];
  });
}

/** `role arn:...`, `user arn:...`, `every principal of account 123...`. */
function describeArn(arn: string): { kind: PrincipalKind; description: string } {
  if (arn === '*') return { kind: 'account', description: 'any principal of any account ("*")' };
  const account = /^(\d{12})$/.exec(arn)?.[1] ?? /^arn:aws:iam::(\d{12}):root$/.exec(arn)?.[1];
  if (account) return { kind: 'account', description: `every principal of account ${account}` };
  const kind = /^arn:aws:iam::[\d*?]+:(role|user)\//.exec(arn)?.[1] as 'role' | 'user' | undefined;
  return { kind: kind ?? 'role', description: `${kind ?? 'principal'} ${arn}` };
}

/** A people assumer with its own side in the identity account. */
interface PeopleSide {
  readonly kind: PeopleKind;
  readonly name: string;
  readonly description: string;
  /** Undefined when its policy is not in the synthesized output (a permission set without an output): the trust alone decides. */
  readonly statements?: readonly AssumeStatement[];
  readonly denied: readonly string[];
  readonly arn?: string;
}

function peopleSides(identity: SynthesizedIdentity | undefined): { groups: PeopleSide[]; permissionSets: Map<string, PeopleSide>; samlRoles: Map<string, PeopleSide> } {
  const side = (kind: PeopleKind, name: string, description: string, policies: readonly PolicyJson[] | undefined, arn?: string): PeopleSide => ({
    kind,
    name,
    description,
    statements: policies ? assumeStatements(policies) : undefined,
    denied: deniedResources(policies ?? []),
    arn,
  });
  return {
    groups: (identity?.groups ?? []).map((g) => side('iam-group', g.name, describeGroup(g.name), g.policies.map((p) => p.document))),
    permissionSets: new Map((identity?.permissionSets ?? []).map((p) => [p.name, side('permission-set', p.name, describePermissionSet(p.name), [p.policy])])),
    samlRoles: new Map((identity?.samlRoles ?? []).map((r) => [r.arn, side('saml-role', r.name, describeSamlRole(r.name, r.providerArn), r.policies.map((p) => p.document), r.arn)])),
  };
}

/** How a trust's statements let people of the identity account in, read by their `aws:PrincipalArn` values. */
interface TrustReading {
  /** The statement that lets the identity account's IAM users in (no `aws:PrincipalArn`, or one matching users). */
  readonly users?: Statement;
  /** Permission sets named, with the statement that names them. */
  readonly permissionSets: Map<string, Statement>;
  /** SAML roles of the identity stack named, by ARN. */
  readonly samlRoles: Map<string, Statement>;
  /** Permission sets and SAML roles a Deny statement names. */
  readonly deniedPermissionSets: Set<string>;
  readonly deniedArns: string[];
  /** The statements, and values, left for named principals. */
  readonly named: { statement: Statement; arns?: string[] }[];
}

function readTrust(role: SynthesizedRole, identityAccountId: string | undefined, samlRoles: ReadonlyMap<string, PeopleSide>): TrustReading {
  const reading: TrustReading = { permissionSets: new Map(), samlRoles: new Map(), deniedPermissionSets: new Set(), deniedArns: [], named: [] };
  let users: Statement | undefined;
  const identityRoot = identityAccountId ? accountRootArn(identityAccountId) : undefined;
  const sampleUser = identityAccountId ? `arn:aws:iam::${identityAccountId}:user/someone` : undefined;
  for (const s of statementsOf(role.trustPolicy)) {
    const roots = principalsOf(s, 'AWS');
    const fromIdentity = identityAccountId !== undefined && (roots.includes(identityRoot!) || roots.includes(identityAccountId));
    const arns = principalArnsOf(conditionsOf(s));
    if (s.Effect === 'Deny' && list(s.Action).some((a) => ASSUME_ACTIONS.includes(a))) {
      for (const arn of arns ?? []) {
        const ps = permissionSetOfPattern(arn);
        if (ps && ps.accountId === identityAccountId) reading.deniedPermissionSets.add(ps.name);
        else reading.deniedArns.push(arn);
      }
      continue;
    }
    if (!allowsAssume(s) || roots.length === 0) continue;
    if (fromIdentity && arns === undefined) {
      // The identity account as a whole: its users (people in groups) are let in.
      users ??= s;
      continue;
    }
    if (!fromIdentity || arns === undefined) {
      reading.named.push({ statement: s, arns });
      continue;
    }
    const rest: string[] = [];
    for (const arn of arns) {
      const ps = permissionSetOfPattern(arn);
      if (ps && ps.accountId === identityAccountId) reading.permissionSets.set(ps.name, s);
      else if (samlRoles.has(arn)) reading.samlRoles.set(arn, s);
      else if (arnMatches(arn, sampleUser!) && arn.endsWith('user/*')) users ??= s;
      else rest.push(arn);
    }
    if (rest.length > 0) reading.named.push({ statement: s, arns: rest });
  }
  return { ...reading, users };
}

/** Reads every grant, every principal trusted by the trust alone, and every denial out of a synthesized org. */
export function analyzeAccess(synth: SynthesizedOrg): AccessReport {
  const identity = synth.identity;
  const grants: Grant[] = [];
  const principals: PrincipalAccess[] = [];
  const denials: Denial[] = [];
  const peopleTrusts: { account: string; role: string; roleArn: string }[] = [];
  const sides = peopleSides(identity);
  for (const account of synth.accounts) {
    for (const role of account.roles) {
      const trust = readTrust(role, identity?.accountId, sides.samlRoles);
      const deny = (side: PeopleSide) => denials.push({ group: side.name, kind: side.kind, description: side.description, account: account.stack, role: role.name, roleArn: role.arn });
      const grant = (side: PeopleSide, statement: Statement, sideAllowing: AssumeStatement | undefined) => {
        const sideStatement = sideAllowing?.statement;
        const c = conditionsOf(statement);
        // The grant ends at the earlier of the two halves' ends.
        const ends = [untilOf(c), sideAllowing?.until].filter((u): u is string => u !== undefined).sort();
        const people = side.kind === 'iam-group';
        const trustMfa = people ? mfaOf(c) : { mfa: false };
        const sideMfa = people && sideStatement ? mfaOf(conditionsOf(sideStatement)) : { mfa: false };
        const ages = [trustMfa.maxAge, sideMfa.maxAge].filter((a): a is number => a !== undefined);
        grants.push({
          group: side.name,
          kind: side.kind,
          description: side.description,
          account: account.stack,
          accountId: account.accountId,
          environment: account.environment,
          role: role.name,
          roleArn: role.arn,
          mfa: trustMfa.mfa || sideMfa.mfa,
          mfaMaxAgeSeconds: ages.length ? Math.min(...ages) : undefined,
          orgId: conditionValues(c, ConditionOperator.StringEquals, ConditionKey.PrincipalOrgId)?.[0],
          sourceIps: conditionValues(c, ConditionOperator.IpAddress, ConditionKey.SourceIp),
          regions: conditionValues(c, ConditionOperator.StringEquals, ConditionKey.RequestedRegion),
          maxSessionDuration: role.maxSessionDuration,
          region: account.region,
          ...(externalIdOf(c) ? { externalId: externalIdOf(c) } : {}),
          ...(ends.length > 0 ? { until: ends[0] } : {}),
          ...(sideAllowing?.orgPaths ? { orgPaths: sideAllowing.orgPaths } : {}),
        });
      };
      const policyDenies = (side: PeopleSide) => side.denied.some((r) => arnMatches(r, role.arn));

      if (trust.users) peopleTrusts.push({ account: account.stack, role: role.name, roleArn: role.arn });
      if (identity && trust.users) {
        for (const side of sides.groups) {
          if (policyDenies(side)) {
            deny(side);
            continue;
          }
          const allowed = sideAllows(side.statements ?? [], account.accountId, role.arn, account.orgPath);
          if (allowed) grant(side, trust.users, allowed);
        }
      }
      const permissionSetNames = [...new Set([...trust.permissionSets.keys(), ...trust.deniedPermissionSets, ...sides.permissionSets.keys()])];
      for (const name of permissionSetNames) {
        const side = sides.permissionSets.get(name) ?? { kind: 'permission-set' as const, name, description: describePermissionSet(name), denied: [] };
        if (trust.deniedPermissionSets.has(name) || policyDenies(side)) {
          deny(side);
          continue;
        }
        const statement = trust.permissionSets.get(name);
        if (!statement) continue;
        const allowed = side.statements ? sideAllows(side.statements, account.accountId, role.arn, account.orgPath) : undefined;
        if (allowed || !side.statements) grant(side, statement, allowed);
      }
      for (const [arn, side] of sides.samlRoles) {
        if (trust.deniedArns.some((d) => arnMatches(d, arn)) || policyDenies(side)) {
          deny(side);
          continue;
        }
        const statement = trust.samlRoles.get(arn);
        const allowed = statement && sideAllows(side.statements ?? [], account.accountId, role.arn, account.orgPath);
        if (statement && allowed) grant(side, statement, allowed);
      }

      const common = (s: Statement) => {
        const c = conditionsOf(s);
        return {
          account: account.stack,
          accountId: account.accountId,
          role: role.name,
          roleArn: role.arn,
          externalId: externalIdOf(c),
          orgId: conditionValues(c, ConditionOperator.StringEquals, ConditionKey.PrincipalOrgId)?.[0],
          sourceIps: conditionValues(c, ConditionOperator.IpAddress, ConditionKey.SourceIp),
          maxSessionDuration: role.maxSessionDuration,
          ...(untilOf(c) ? { until: untilOf(c) } : {}),
        };
      };
      for (const { statement, arns } of trust.named) {
        for (const principal of arns ?? principalsOf(statement, 'AWS')) {
          if (trust.deniedArns.some((d) => arnMatches(d, principal))) continue;
          principals.push({ principal, ...describeArn(principal), wholeAccount: arns === undefined, ...common(statement) });
        }
      }
      for (const s of statementsOf(role.trustPolicy)) if (s.Effect === 'Allow') principals.push(...readWebIdentity(s, common(s)));
    }
  }
  return { identityAccountId: identity?.accountId, grants, principals, denials, peopleTrusts };
}

/** Words for a people kind, as headings and lists use them: `group`, `permission set`, `SAML role`. */
export const PEOPLE_NOUN: Record<PeopleKind, string> = { 'iam-group': 'group', 'permission-set': 'permission set', 'saml-role': 'SAML role' };
