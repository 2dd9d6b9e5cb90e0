import { allUsersArn, IamPrincipalArn } from './arn';
import { ConditionKey, Conditions, mergeConditions } from './condition';
import { PolicyDocument } from './document';
import { AccountPrincipal } from './principal';
import { PolicyStatement } from './statement';

/** A principal named in `trust.principals`, and whether its account belongs to the org. */
export interface TrustedPrincipal {
  readonly principal: IamPrincipalArn;
  /** Inside the org: the identity account or one of the org file's accounts. */
  readonly insideOrg: boolean;
}

/** Who may assume a role, and on which conditions. Built by the org model; rendered here. */
export interface TrustSpec {
  /** The identity account, set when people in its groups may assume the role. */
  readonly identityAccountId?: string;
  /** People must have signed in with MFA. Applies to the identity account only. */
  readonly mfa: boolean;
  /** Longest age of the MFA sign-in, in seconds. Applies to the identity account only. */
  readonly mfaMaxAgeSeconds?: number;
  /** `aws:PrincipalOrgID` for principals inside the org. */
  readonly orgId?: string;
  readonly principals: readonly TrustedPrincipal[];
  /** `sts:ExternalId` the named principals must pass. Required for principals outside the org. */
  readonly externalId?: string;
  /** CIDR ranges the caller must come from (`aws:SourceIp`). */
  readonly sourceIps: readonly string[];
  /** Allow `sts:TagSession`: callers may pass session tags. */
  readonly sessionTags: boolean;
  /** Allow `sts:SetSourceIdentity`: callers may set a source identity, recorded in CloudTrail. */
  readonly sourceIdentity: boolean;
}

export const ASSUME_ROLE = 'sts:AssumeRole';
export const TAG_SESSION = 'sts:TagSession';
export const SET_SOURCE_IDENTITY = 'sts:SetSourceIdentity';

/** The STS actions a role's trust allows: AssumeRole, plus the session extras it opts into. */
export function trustActions(spec: Pick<TrustSpec, 'sessionTags' | 'sourceIdentity'>): string[] {
  return [ASSUME_ROLE, ...(spec.sessionTags ? [TAG_SESSION] : []), ...(spec.sourceIdentity ? [SET_SOURCE_IDENTITY] : [])];
}

/** `aws:MultiFactorAuthPresent` (and age) conditions, shared by the trust and the group side. */
export function mfaConditions(mfa: boolean, maxAgeSeconds?: number): Conditions {
  if (!mfa) return {};
  return mergeConditions(
    { Bool: { [ConditionKey.MfaPresent]: 'true' } },
    maxAgeSeconds === undefined ? {} : { NumericLessThan: { [ConditionKey.MfaAge]: String(maxAgeSeconds) } },
  );
}

/**
 * The role's trust policy. The identity account gets one statement for its IAM users (people:
 * MFA); named principals
 * get statements of their own (automation and third parties: external id, never MFA). Principals
 * outside the org never get an `aws:PrincipalOrgID` condition, which they could not meet.
 *
 * Named roles and users are trusted through their account root plus an `aws:PrincipalArn`
 * condition: the policy stays valid when the principal does not exist yet, and keeps matching when
 * it is recreated.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
 */
export function renderTrustPolicy(spec: TrustSpec): PolicyDocument {
  const actions = trustActions(spec);
  const network: Conditions = spec.sourceIps.length > 0 ? { IpAddress: { [ConditionKey.SourceIp]: [...spec.sourceIps] } } : {};
  const orgCondition: Conditions = spec.orgId ? { StringEquals: { [ConditionKey.PrincipalOrgId]: spec.orgId } } : {};
  const statements: PolicyStatement[] = [];

  if (spec.identityAccountId !== undefined) {
    statements.push(
      new PolicyStatement({
        sid: 'IdentityAccount',
        actions,
        principals: [new AccountPrincipal(spec.identityAccountId)],
        // People are the identity account's IAM users: its roles (CI, workloads) are not trusted
        // wholesale, whatever their own policies allow.
        conditions: mergeConditions(
          { ArnLike: { [ConditionKey.PrincipalArn]: allUsersArn(spec.identityAccountId) } },
          mfaConditions(spec.mfa, spec.mfaMaxAgeSeconds),
          orgCondition,
          network,
        ),
      }),
    );
  }

  const externalId: Conditions = spec.externalId ? { StringEquals: { [ConditionKey.ExternalId]: spec.externalId } } : {};
  const groups: { sid: string; insideOrg: boolean; wholeAccount: boolean }[] = [
    { sid: 'OrgPrincipals', insideOrg: true, wholeAccount: false },
    { sid: 'OrgAccounts', insideOrg: true, wholeAccount: true },
    { sid: 'ExternalPrincipals', insideOrg: false, wholeAccount: false },
    { sid: 'ExternalAccounts', insideOrg: false, wholeAccount: true },
  ];
  for (const group of groups) {
    const members = spec.principals.filter(
      (p) => p.insideOrg === group.insideOrg && (p.principal.kind === 'root') === group.wholeAccount,
    );
    if (members.length === 0) continue;
    if (!group.insideOrg && !spec.externalId) {
      throw new Error(`Principals outside the org (${members.map((m) => m.principal.arn).join(', ')}) need an external id.`);
    }
    const accounts = [...new Set(members.map((m) => m.principal.accountId))].sort();
    const principalArn: Conditions = group.wholeAccount
      ? {}
      : { ArnEquals: { [ConditionKey.PrincipalArn]: members.map((m) => m.principal.arn).sort() } };
    statements.push(
      new PolicyStatement({
        sid: group.sid,
        actions,
        principals: accounts.map((a) => new AccountPrincipal(a)),
        conditions: mergeConditions(principalArn, externalId, group.insideOrg ? orgCondition : {}, network),
      }),
    );
  }
  if (statements.length === 0) throw new Error('A trust policy needs the identity account or at least one principal.');
  return new PolicyDocument(statements);
}
