/**
 * IAM and STS limits the generator keeps. A policy over one of them is not caught by Terraform: it
 * fails at apply time with LimitExceeded or MalformedPolicyDocument, so they are checked at synth.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
export const IAM_LIMITS = {
  /** Role trust policy length, white space not counted. Raisable by quota request. */
  trustPolicySize: 2048,
  /** Customer managed policy size, white space not counted. Not raisable. */
  managedPolicySize: 6144,
  /** All inline policies of one role together. */
  inlinePolicySizePerRole: 10240,
  /** All inline policies of one group together. */
  inlinePolicySizePerGroup: 5120,
  /** Client ids (audiences) of one OIDC provider. */
  oidcClientIdsPerProvider: 100,
  /** Thumbprints of one OIDC provider. */
  oidcThumbprintsPerProvider: 5,
  /** Managed policies attached to a role; raisable to 20. */
  managedPoliciesPerRole: 10,
  managedPoliciesPerRoleMax: 20,
  /** Managed policies attached to a group. Not raisable. */
  managedPoliciesPerGroup: 10,
  /** Roles per account; raisable. */
  rolesPerAccount: 1000,
  /** Groups per account; raisable to 500. */
  groupsPerAccount: 300,
  groupsPerAccountMax: 500,
  /** Tags per role (including the provider's default tags). */
  tagsPerRole: 50,
  /** The console's switch-role form takes path + name of at most 64 characters. */
  consoleRolePathAndName: 64,
  /** Policy names. */
  policyName: 128,
} as const;

/** The quotas in force for one org: IAM's defaults, or what the org file says was raised. */
export interface Quotas {
  /** Default 2,048. */
  readonly trustPolicySize: number;
  /** Default 10. */
  readonly managedPoliciesPerRole: number;
  /** Default 1,000. */
  readonly rolesPerAccount: number;
  /** Default 300. */
  readonly groupsPerAccount: number;
}

export const DEFAULT_QUOTAS: Quotas = {
  trustPolicySize: IAM_LIMITS.trustPolicySize,
  managedPoliciesPerRole: IAM_LIMITS.managedPoliciesPerRole,
  rolesPerAccount: IAM_LIMITS.rolesPerAccount,
  groupsPerAccount: IAM_LIMITS.groupsPerAccount,
};

/** `12,345` */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
