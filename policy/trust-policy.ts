import { IamPrincipalArn } from './arn';
import {
  Assumer,
  identityUsersPart,
  NamedPrincipalAssumer,
  PermissionSetAssumer,
  renderTrustParts,
  TrustContext,
  TrustPart,
} from './assumers';
import { PolicyDocument } from './document';

export { ASSUME_ROLE, mfaConditions, SET_SOURCE_IDENTITY, TAG_SESSION, trustActions } from './assumers';

/** A principal named in `trust.principals`, and whether its account belongs to the org. */
export interface TrustedPrincipal {
  readonly principal: IamPrincipalArn;
  /** Inside the org: the identity account or one of the org file's accounts. */
  readonly insideOrg: boolean;
}

/** Who may assume a role, and on which conditions. Built by the org model; rendered here. */
export interface TrustSpec {
  /** The identity account, set when people in its IAM groups may assume the role. */
  readonly identityAccountId?: string;
  /** People must have signed in with MFA. Applies to the identity account's IAM users only. */
  readonly mfa: boolean;
  /** Longest age of the MFA sign-in, in seconds. Applies to the identity account's IAM users only. */
  readonly mfaMaxAgeSeconds?: number;
  /** `aws:PrincipalOrgID` for principals inside the org. */
  readonly orgId?: string;
  readonly principals: readonly TrustedPrincipal[];
  /** `sts:ExternalId` the named principals must pass. Required for principals outside the org. */
  readonly externalId?: string;
  /** CIDR ranges the caller must come from (`aws:SourceIp`). */
  readonly sourceIps: readonly string[];
  /** The regions whose STS endpoints may be called to assume it (`aws:RequestedRegion`); default any. */
  readonly requestedRegions?: readonly string[];
  /** Allow `sts:TagSession`: callers may pass session tags. */
  readonly sessionTags: boolean;
  /** Allow `sts:SetSourceIdentity`: callers may set a source identity, recorded in CloudTrail. */
  readonly sourceIdentity: boolean;
  /** The account the role lives in; required when `assumers` holds a web identity (trusted through that account's OIDC provider). */
  readonly accountId?: string;
  /** Further assumers of this role in this account: permission sets, SAML roles, web identities. */
  readonly assumers?: readonly Assumer[];
  /** Permission sets that may never assume the role: an explicit Deny in the trust. */
  readonly deniedPermissionSets?: readonly PermissionSetAssumer[];
}

/** The trust context of a spec: the role's own settings. */
export function trustContext(spec: TrustSpec): TrustContext {
  return {
    accountId: spec.accountId ?? '',
    orgId: spec.orgId,
    sourceIps: spec.sourceIps,
    requestedRegions: spec.requestedRegions,
    sessionTags: spec.sessionTags,
    sourceIdentity: spec.sourceIdentity,
    externalId: spec.externalId,
    mfa: spec.mfa,
    mfaMaxAgeSeconds: spec.mfaMaxAgeSeconds,
  };
}

/**
 * The role's trust policy: one statement per kind of assumer. The identity account's IAM users
 * (people in groups: MFA), named principals grouped by inside or outside the org and role or whole
 * account (automation and third parties: external id, never MFA), Identity Center permission sets,
 * SAML roles, web identities, then the Denys. Principals outside the org never get an
 * `aws:PrincipalOrgID` condition, which they could not meet.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
 */
export function renderTrustPolicy(spec: TrustSpec): PolicyDocument {
  const ctx = trustContext(spec);
  if ((spec.assumers ?? []).some((a) => a.kind === 'oidc' || a.kind === 'github-actions') && !spec.accountId) {
    throw new Error('A trust with a web identity needs the role\'s accountId: it trusts that account\'s OIDC provider.');
  }
  const parts: TrustPart[] = [
    ...(spec.identityAccountId !== undefined ? [identityUsersPart(spec.identityAccountId, ctx)] : []),
    ...spec.principals.map((p) => new NamedPrincipalAssumer(p.principal, p.insideOrg).trustPart(ctx)),
    ...(spec.assumers ?? []).map((a) => a.trustPart(ctx)),
    ...(spec.deniedPermissionSets ?? []).map((p) => p.denyPart()),
  ];
  return renderTrustParts(parts);
}
