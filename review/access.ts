import { accountRootArn } from '../policy/arn';
import { PolicyJson, SynthesizedAccount, SynthesizedOrg, SynthesizedRole } from './artifact';

/**
 * Who can get where, read from the synthesized policies (what will be deployed), not from the
 * org file: a group reaches a role when its policies allow `sts:AssumeRole` on the role's ARN and
 * the role's trust lets the identity account's users in. Conditions are those of both halves.
 */
export interface Grant {
  readonly group: string;
  readonly account: string;
  readonly accountId: string;
  readonly environment?: string;
  readonly role: string;
  readonly roleArn: string;
  /** MFA is required (by the trust, the group policy, or both). */
  readonly mfa: boolean;
  /** Longest MFA age allowed, seconds, when limited. */
  readonly mfaMaxAgeSeconds?: number;
  /** `aws:PrincipalOrgID` the caller must belong to. */
  readonly orgId?: string;
  readonly sourceIps?: readonly string[];
  /** The role's maximum session, seconds. */
  readonly maxSessionDuration: number;
  readonly region?: string;
  /** `sts:ExternalId` the role's trust requires of people, when it does. */
  readonly externalId?: string;
}

/** A role, user or account trusted by name in a role's trust policy (CI, third parties). */
export interface PrincipalAccess {
  /** The trusted principal's ARN (`...:root` for a whole account). */
  readonly principal: string;
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
}

/** A group whose policy denies, without condition, assuming a role (the role's `deny` list). */
export interface Denial {
  readonly group: string;
  readonly account: string;
  readonly role: string;
  readonly roleArn: string;
}

export interface AccessReport {
  readonly identityAccountId?: string;
  readonly grants: readonly Grant[];
  readonly principals: readonly PrincipalAccess[];
  /** Groups whose members may never assume a role, whatever else allows it. */
  readonly denials: readonly Denial[];
}

type Statement = Record<string, unknown>;
type ConditionBlock = Record<string, Record<string, unknown>>;

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
export const statementsOf = (doc: PolicyJson): Statement[] => (Array.isArray(doc.Statement) ? [...doc.Statement] : [doc.Statement as Statement]);
const conditionsOf = (s: Statement): ConditionBlock => (s.Condition as ConditionBlock | undefined) ?? {};
const conditionValues = (c: ConditionBlock, op: string, key: string): string[] | undefined => (c[op]?.[key] === undefined ? undefined : list(c[op][key]));

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

const deniesAssume = (s: Statement) => s.Effect === 'Deny' && s.Condition === undefined && list(s.Action).some((a) => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*');
const allowsAssume = (s: Statement) => s.Effect === 'Allow' && list(s.Action).some((a) => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*');

/** The MFA and session conditions one statement puts on a call. */
function mfaOf(c: ConditionBlock): { mfa: boolean; maxAge?: number } {
  const present = conditionValues(c, 'Bool', 'aws:MultiFactorAuthPresent')?.includes('true') ?? false;
  const age = conditionValues(c, 'NumericLessThan', 'aws:MultiFactorAuthAge') ?? conditionValues(c, 'NumericLessThanEquals', 'aws:MultiFactorAuthAge');
  return { mfa: present || age !== undefined, maxAge: age ? Number(age[0]) : undefined };
}

/** A group's statements that allow AssumeRole, with their resources and account condition read once. */
interface AssumeStatement {
  readonly statement: Statement;
  readonly resources: readonly string[];
  readonly accounts?: ReadonlySet<string>;
}

function assumeStatements(policies: readonly PolicyJson[]): AssumeStatement[] {
  return policies.flatMap((doc) =>
    statementsOf(doc)
      .filter(allowsAssume)
      .map((statement) => {
        const accounts = conditionValues(conditionsOf(statement), 'StringEquals', 'aws:ResourceAccount');
        return { statement, resources: list(statement.Resource), accounts: accounts ? new Set(accounts) : undefined };
      }),
  );
}

/** The group statement that lets its members call AssumeRole on `role` in `account`, if any. */
function groupAllows(statements: readonly AssumeStatement[], account: SynthesizedAccount, role: SynthesizedRole): Statement | undefined {
  return statements.find((s) => s.resources.some((r) => arnMatches(r, role.arn)) && (!s.accounts || s.accounts.has(account.accountId)))?.statement;
}

/** The trust statement that lets the identity account's users in, if any. */
function peopleTrust(role: SynthesizedRole, identityAccountId: string): Statement | undefined {
  return statementsOf(role.trustPolicy).find((s) => {
    if (!allowsAssume(s)) return false;
    const principals = list((s.Principal as { AWS?: unknown } | undefined)?.AWS);
    if (!principals.includes(accountRootArn(identityAccountId)) && !principals.includes(identityAccountId)) return false;
    const named = conditionValues(conditionsOf(s), 'ArnEquals', 'aws:PrincipalArn');
    return named === undefined; // a statement naming principals is not the people's
  });
}

const externalIdOf = (c: ConditionBlock) => conditionValues(c, 'StringEquals', 'sts:ExternalId')?.[0];

/** Reads every grant and every named principal out of a synthesized org. */
export function analyzeAccess(synth: SynthesizedOrg): AccessReport {
  const identity = synth.identity;
  const grants: Grant[] = [];
  const principals: PrincipalAccess[] = [];
  const denials: Denial[] = [];
  const groups = (identity?.groups ?? []).map((group) => ({
    group,
    statements: assumeStatements(group.policies.map((p) => p.document)),
    denied: group.policies.flatMap((p) => statementsOf(p.document).filter(deniesAssume).flatMap((st) => list(st.Resource))),
  }));
  for (const account of synth.accounts) {
    for (const role of account.roles) {
      const trust = identity ? peopleTrust(role, identity.accountId) : undefined;
      if (identity && trust) {
        const trustConditions = conditionsOf(trust);
        const trustMfa = mfaOf(trustConditions);
        for (const { group, statements, denied } of groups) {
          if (denied.some((r) => arnMatches(r, role.arn))) {
            denials.push({ group: group.name, account: account.stack, role: role.name, roleArn: role.arn });
            continue;
          }
          const allowed = groupAllows(statements, account, role);
          if (!allowed) continue;
          const groupMfa = mfaOf(conditionsOf(allowed));
          const ages = [trustMfa.maxAge, groupMfa.maxAge].filter((a): a is number => a !== undefined);
          grants.push({
            group: group.name,
            account: account.stack,
            accountId: account.accountId,
            environment: account.environment,
            role: role.name,
            roleArn: role.arn,
            mfa: trustMfa.mfa || groupMfa.mfa,
            mfaMaxAgeSeconds: ages.length ? Math.min(...ages) : undefined,
            orgId: conditionValues(trustConditions, 'StringEquals', 'aws:PrincipalOrgID')?.[0],
            sourceIps: conditionValues(trustConditions, 'IpAddress', 'aws:SourceIp'),
            maxSessionDuration: role.maxSessionDuration,
            region: account.region,
            ...(externalIdOf(trustConditions) ? { externalId: externalIdOf(trustConditions) } : {}),
          });
        }
      }
      for (const s of statementsOf(role.trustPolicy)) {
        if (!allowsAssume(s) || s === trust) continue;
        const c = conditionsOf(s);
        const named = conditionValues(c, 'ArnEquals', 'aws:PrincipalArn') ?? conditionValues(c, 'ArnLike', 'aws:PrincipalArn');
        const roots = list((s.Principal as { AWS?: unknown } | undefined)?.AWS);
        const common = {
          account: account.stack,
          accountId: account.accountId,
          role: role.name,
          roleArn: role.arn,
          externalId: externalIdOf(c),
          orgId: conditionValues(c, 'StringEquals', 'aws:PrincipalOrgID')?.[0],
          sourceIps: conditionValues(c, 'IpAddress', 'aws:SourceIp'),
          maxSessionDuration: role.maxSessionDuration,
        };
        for (const principal of named ?? roots) principals.push({ principal, wholeAccount: named === undefined, ...common });
      }
    }
  }
  return { identityAccountId: identity?.accountId, grants, principals, denials };
}
