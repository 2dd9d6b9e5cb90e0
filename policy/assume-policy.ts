import { parseRoleArn, roleArn } from './arn';
import { ConditionKey, ConditionOperator, Conditions, endsAt, endSidSuffix, mergeConditions } from './condition';
import { PolicyDocument, POLICY_VERSION, policySize } from './document';
import { formatCount, IAM_LIMITS } from './quotas';
import { PolicyStatement } from './statement';
import { ASSUME_ROLE, SET_SOURCE_IDENTITY, TAG_SESSION, trustActions } from './assumers';

/** One role a group may assume, with the conditions the role's trust will ask for. */
export interface AssumeGrant {
  readonly roleArn: string;
  readonly mfa: boolean;
  readonly mfaMaxAgeSeconds?: number;
  readonly sessionTags: boolean;
  readonly sourceIdentity: boolean;
  /**
   * The assumer is a role session of federated people (SAML, Identity Center), whose source
   * identity their identity provider sets and AWS keeps through the chain: no user name to pin it
   * to, so it may only pass on the one the session carries.
   */
  readonly sourceIdentityFromIdp?: boolean;
  /**
   * A grant for organizational units: `roleArn` names the role in any account
   * (`arn:aws:iam::*:role/<path><name>`) and these `aws:ResourceOrgPaths` patterns
   * (`o-xxx/r-xxxx/ou-xxx/*`) say which accounts: those under the units.
   */
  readonly orgPaths?: readonly string[];
  /** The grant ends then (UTC, RFC 3339): `aws:CurrentTime` must be before it. */
  readonly until?: string;
}

/** How much policy a group may carry. */
export interface PackLimits {
  /** Size of one customer managed policy. Default 6,144. */
  readonly policySize: number;
  /** Managed policies per group. Default 10. */
  readonly maxPolicies: number;
}

export const DEFAULT_PACK_LIMITS: PackLimits = { policySize: IAM_LIMITS.managedPolicySize, maxPolicies: IAM_LIMITS.managedPoliciesPerGroup };

/** The grants do not fit a group's policies, however packed. */
export class PackingError extends Error {
  constructor(
    message: string,
    readonly policiesNeeded: number,
  ) {
    super(message);
    this.name = 'PackingError';
  }
}

const ACTION_SID: Record<string, string> = {
  [ASSUME_ROLE]: 'AssumeRole',
  [TAG_SESSION]: 'TagSession',
  [SET_SOURCE_IDENTITY]: 'SetSourceIdentity',
};

/** Grants that share an action and conditions: one statement's worth, before packing. */
interface GrantClass {
  readonly sid: string;
  readonly action: string;
  readonly conditions: Conditions;
  readonly arns: Set<string>;
}

/**
 * Sorts grants into classes by action and condition. The Allow carries no MFA condition: MFA is
 * authoritative in the role's trust policy, and the group side denies explicitly what must not pass
 * (see `mfaDenials`). A source identity may only be set to the caller's own user name, so
 * CloudTrail names the person.
 */
function classify(grants: readonly AssumeGrant[]): GrantClass[] {
  const byKey = new Map<string, GrantClass>();
  for (const grant of grants) {
    for (const action of trustActions(grant)) {
      // People in groups may set only their own user name. Federated people carry the source
      // identity their identity provider set, which AWS passes on unchanged; they may not set one
      // of their choosing where it set none.
      const conditions: Conditions = mergeConditions(
        action !== SET_SOURCE_IDENTITY
          ? {}
          : grant.sourceIdentityFromIdp
            ? { Null: { [ConditionKey.SessionSourceIdentity]: 'false' } }
            : { StringEquals: { [ConditionKey.SourceIdentity]: '${aws:username}' } },
        endsAt(grant.until),
      );
      // Grants that end at the same time share a statement; each end has its own.
      const sid = `${ACTION_SID[action]}${grant.until ? endSidSuffix(grant.until) : ''}`;
      const entry = byKey.get(sid) ?? { sid, action, conditions, arns: new Set<string>() };
      entry.arns.add(grant.roleArn);
      byKey.set(sid, entry);
    }
  }
  return [...byKey.values()].sort((a, b) => a.sid.localeCompare(b.sid));
}

/**
 * Grants for organizational units: roles granted for the same set of units share one statement that
 * names them in any account (`arn:aws:iam::*:role/<path><name>`) with `ForAnyValue:StringLike` on
 * `aws:ResourceOrgPaths`: the accounts under those units, and no other. Its size does not grow with
 * the accounts. An account outside the units, or outside the organization (where AWS sets no
 * `aws:ResourceOrgPaths`, so `ForAnyValue` finds no value to match), is refused.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceorgpaths
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
function unitForm(grants: readonly AssumeGrant[]): Splittable[] {
  const classes = new Map<string, { sid: string; action: string; conditions: Conditions; paths: Map<string, Set<string>> }>();
  for (const grant of grants) {
    if (!grant.orgPaths) continue;
    for (const c of classify([{ ...grant, orgPaths: undefined }])) {
      const entry = classes.get(c.sid) ?? { sid: c.sid, action: c.action, conditions: c.conditions, paths: new Map<string, Set<string>>() };
      const paths = entry.paths.get(grant.roleArn) ?? new Set<string>();
      for (const p of grant.orgPaths) paths.add(p);
      entry.paths.set(grant.roleArn, paths);
      classes.set(c.sid, entry);
    }
  }
  const out: Splittable[] = [];
  for (const c of [...classes.values()].sort((a, b) => a.sid.localeCompare(b.sid))) {
    const rolesByPaths = new Map<string, string[]>();
    for (const [role, paths] of c.paths) {
      const key = [...paths].sort().join('\n');
      rolesByPaths.set(key, [...(rolesByPaths.get(key) ?? []), role]);
    }
    // The unit paths are what may be many: a statement too large for one policy is cut across them.
    [...rolesByPaths.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .forEach(([key, roles], i) => {
        const resources = roles.sort();
        out.push({
          sid: `${c.sid}Units${i + 1}`,
          values: key.split('\n'),
          build: (sid, values) =>
            new PolicyStatement({
              sid,
              actions: [c.action],
              resources,
              conditions: mergeConditions(c.conditions, { [ConditionOperator.ForAnyValueStringLike]: { [ConditionKey.ResourceOrgPaths]: [...values] } }),
            }),
        });
      });
  }
  return out;
}

/**
 * The group side of MFA: explicit Denys, never an MFA condition on the Allow (the role's trust
 * requires MFA on every path: that is the authority). A person reaches a role in one of three
 * ways: the console after an MFA sign-in, GetSessionToken with MFA first, or the CLI calling
 * AssumeRole with long-term keys and `mfa_serial` (SerialNumber and TokenCode). In all three the
 * AssumeRole request carries `aws:MultiFactorAuthPresent` = true: that is how AWS's documented
 * MFA-protected AssumeRole lets the third one through a trust that requires `Bool ... true`. The key
 * is absent only for long-term keys without an MFA code, and false for a session opened without MFA.
 * - `BoolIfExists aws:MultiFactorAuthPresent false` denies both of those: strictly safer than
 *   `Bool` (which let long-term keys without a code through to the trust), and it locks no one out;
 * - `NumericGreaterThanEquals aws:MultiFactorAuthAge` denies an MFA sign-in older than the role allows.
 * The Denys name the roles by path and name in any account (`arn:aws:iam::*:role/<path><name>`):
 * a role's MFA rule is the same in every account it lives in, and a few names cost far less than
 * every ARN, so they fit beside the grants at any size.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html
 */
function mfaDenials(grants: readonly AssumeGrant[]): Splittable[] {
  const withoutMfa = new Set<string>();
  const byAge = new Map<number, Set<string>>();
  for (const grant of grants) {
    if (!grant.mfa) continue;
    const parsed = parseRoleArn(grant.roleArn);
    if (!parsed) throw new Error(`Not a role ARN: ${grant.roleArn}`);
    const pattern = roleArn('*', parsed.roleName, parsed.path);
    withoutMfa.add(pattern);
    if (grant.mfaMaxAgeSeconds !== undefined) {
      const set = byAge.get(grant.mfaMaxAgeSeconds) ?? new Set<string>();
      set.add(pattern);
      byAge.set(grant.mfaMaxAgeSeconds, set);
    }
  }
  const deny = (sid: string, patterns: Set<string>, conditions: Conditions): Splittable => ({
    sid,
    values: [...patterns].sort(),
    build: (s, values) => new PolicyStatement({ sid: s, effect: 'Deny', actions: [ASSUME_ROLE], resources: values, conditions }),
  });
  const out: Splittable[] = [];
  if (withoutMfa.size > 0) out.push(deny('DenyAssumeRoleWithoutMfa', withoutMfa, { [ConditionOperator.BoolIfExists]: { [ConditionKey.MfaPresent]: 'false' } }));
  for (const age of [...byAge.keys()].sort((a, b) => a - b)) {
    out.push(deny(`DenyAssumeRoleMfaOlderThan${age}`, byAge.get(age)!, { NumericGreaterThanEquals: { [ConditionKey.MfaAge]: String(age) } }));
  }
  return out;
}

/**
 * The roles a group may never assume (the role's `deny` list): an explicit Deny of `sts:AssumeRole`
 * on each, named by path and name in any account (`arn:aws:iam::*:role/<path><name>`). An explicit
 * Deny wins over every Allow, so a member is refused even when another group or policy of theirs
 * allows the role.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
function listedDenials(deniedRoleArns: readonly string[]): Splittable[] {
  if (deniedRoleArns.length === 0) return [];
  return [{ sid: 'DenyAssumeRole', values: [...new Set(deniedRoleArns)].sort(), build: (s, values) => new PolicyStatement({ sid: s, effect: 'Deny', actions: [ASSUME_ROLE], resources: values }) }];
}

/** The identity side of the grants as plain statements: every granted role ARN listed. */
export function renderAssumeStatements(grants: readonly AssumeGrant[], deniedRoleArns: readonly string[] = []): PolicyStatement[] {
  return [
    ...classify(accountGrants(grants)).map((c) => new PolicyStatement({ sid: c.sid, actions: [c.action], resources: [...c.arns].sort(), conditions: c.conditions })),
    ...[...unitForm(grants), ...mfaDenials(grants), ...listedDenials(deniedRoleArns)].map((d) => d.build(d.sid, d.values)),
  ];
}

/** The grants of one role in one account (not for organizational units). */
const accountGrants = (grants: readonly AssumeGrant[]) => grants.filter((g) => !g.orgPaths);

/** A statement whose list of values (ARNs or account ids) may be cut into several statements. */
interface Splittable {
  readonly sid: string;
  readonly values: readonly string[];
  readonly build: (sid: string, values: readonly string[]) => PolicyStatement;
}

/** Every role ARN listed: the most readable form. */
function explicitForm(classes: readonly GrantClass[]): Splittable[] {
  return classes.map((c) => ({
    sid: c.sid,
    values: [...c.arns].sort(),
    build: (sid, values) => new PolicyStatement({ sid, actions: [c.action], resources: values, conditions: c.conditions }),
  }));
}

/**
 * The compact form for large orgs: accounts that are granted the same set of roles share one
 * statement, whose resources name the roles in any account (`arn:aws:iam::*:role/<path><name>`)
 * and whose `aws:ResourceAccount` condition lists exactly those accounts. Each granted (role,
 * account) pair matches, and no other: an account id costs 15 characters instead of a whole ARN
 * per role. `aws:ResourceAccount` is in the request context of `sts:AssumeRole` (STS is not among
 * the services the key's availability note excludes).
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards
 */
function accountSetForm(classes: readonly GrantClass[]): Splittable[] {
  const out: Splittable[] = [];
  for (const c of classes) {
    const rolesByAccount = new Map<string, Set<string>>();
    for (const arn of c.arns) {
      const parsed = parseRoleArn(arn);
      if (!parsed) throw new Error(`Not a role ARN: ${arn}`);
      const roles = rolesByAccount.get(parsed.accountId) ?? new Set<string>();
      roles.add(roleArn('*', parsed.roleName, parsed.path));
      rolesByAccount.set(parsed.accountId, roles);
    }
    const accountsByRoleSet = new Map<string, string[]>();
    for (const [account, roles] of rolesByAccount) {
      const key = [...roles].sort().join('\n');
      accountsByRoleSet.set(key, [...(accountsByRoleSet.get(key) ?? []), account]);
    }
    [...accountsByRoleSet.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .forEach(([key, accounts], i) => {
        out.push({
          sid: `${c.sid}Accounts${i + 1}`,
          values: accounts.sort(),
          build: (sid, values) =>
            new PolicyStatement({
              sid,
              actions: [c.action],
              resources: key.split('\n'),
              conditions: mergeConditions(c.conditions, { StringEquals: { [ConditionKey.ResourceAccount]: [...values] } }),
            }),
        });
      });
  }
  return out;
}

const EMPTY_DOCUMENT_SIZE = policySize(JSON.stringify({ Version: POLICY_VERSION, Statement: [] }));

/**
 * Cuts each statement's values into the fewest pieces that fit one policy, then packs the pieces
 * into policies first-fit, largest first. Sids stay unique across the group's policies.
 */
function pack(statements: readonly Splittable[], limits: PackLimits): PolicyDocument[] {
  const room = limits.policySize - EMPTY_DOCUMENT_SIZE;
  const sized = (s: PolicyStatement) => ({ statement: s, size: policySize(JSON.stringify(s.toJSON())) });
  const pieces: { statement: PolicyStatement; size: number }[] = [];
  for (const s of statements) {
    let rest = s.values;
    let part = 1;
    while (rest.length > 0) {
      const sid = part === 1 ? s.sid : `${s.sid}Part${part}`;
      const fits = (k: number) => sized(s.build(sid, rest.slice(0, k))).size <= room;
      if (!fits(1)) throw new PackingError(`A single grant does not fit a ${formatCount(limits.policySize)}-character policy.`, Infinity);
      // Each value costs at least its own length plus quotes and a comma: no more can fit than this.
      const shortest = Math.min(...rest.slice(0, 1000).map((v) => v.length));
      let lo = 1;
      let hi = Math.min(rest.length, Math.floor(room / (shortest + 3)) + 1);
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (fits(mid)) lo = mid;
        else hi = mid - 1;
      }
      pieces.push(sized(s.build(sid, rest.slice(0, lo))));
      rest = rest.slice(lo);
      part++;
    }
  }
  const bins: { statements: PolicyStatement[]; size: number }[] = [];
  for (const piece of [...pieces].sort((a, b) => b.size - a.size)) {
    const bin = bins.find((b) => b.size + piece.size + 1 <= limits.policySize);
    if (bin) {
      bin.statements.push(piece.statement);
      bin.size += piece.size + 1;
    } else {
      bins.push({ statements: [piece.statement], size: EMPTY_DOCUMENT_SIZE + piece.size });
    }
  }
  return bins.map((b) => new PolicyDocument([...b.statements].sort((x, y) => x.sid.localeCompare(y.sid))));
}

/**
 * The group's assume-role policies (customer managed, each within the size limit), granting
 * exactly the listed pairs and denying `deniedRoleArns` (role ARN patterns). Every ARN is listed when that needs no more policies than the compact
 * account-set form; otherwise the compact form is used. None when the group has no grant and no denial.
 * Throws `PackingError` when even the compact form needs more policies than a group may have.
 */
export function renderAssumePolicies(grants: readonly AssumeGrant[], limits: PackLimits = DEFAULT_PACK_LIMITS, deniedRoleArns: readonly string[] = []): PolicyDocument[] {
  if (grants.length === 0 && deniedRoleArns.length === 0) return [];
  const classes = classify(accountGrants(grants));
  // Unit grants and denials take the same form either way.
  const rest = [...unitForm(grants), ...mfaDenials(grants), ...listedDenials(deniedRoleArns)];
  const explicit = pack([...explicitForm(classes), ...rest], limits);
  if (explicit.length === 1) return explicit;
  const compact = pack([...accountSetForm(classes), ...rest], limits);
  const best = compact.length < explicit.length ? compact : explicit;
  if (best.length > limits.maxPolicies) {
    throw new PackingError(
      `its grants need ${best.length} managed policies of ${formatCount(limits.policySize)} characters even when packed by account set; ` +
        `IAM allows ${limits.maxPolicies} per group.`,
      best.length,
    );
  }
  return best;
}
