/**
 * The one place where ARNs are built and read. Everything else asks this module,
 * so a partition or path rule is fixed once.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
 */

/** The AWS partition. Only the commercial partition is generated today. */
export const PARTITION = 'aws';

/** `arn:aws:iam::<account>:root`: the account as a principal (trusts the account's own IAM policies). */
export function accountRootArn(accountId: string): string {
  return `arn:${PARTITION}:iam::${accountId}:root`;
}

/** `arn:aws:iam::<account>:user/*`: every IAM user (person) of an account, for an `aws:PrincipalArn` condition. */
export function allUsersArn(accountId: string): string {
  return `arn:${PARTITION}:iam::${accountId}:user/*`;
}

/** `arn:aws:iam::<account>:role<path><name>`; `path` defaults to `/`. */
export function roleArn(accountId: string, roleName: string, path = '/'): string {
  return `arn:${PARTITION}:iam::${accountId}:role${path}${roleName}`;
}

/** The account and `role/<path><name>` part of a role ARN; undefined when `arn` is not one. */
export function parseRoleArn(arn: string): { accountId: string; path: string; roleName: string } | undefined {
  const m = /^arn:aws:iam::(\d{12}|\*):role(\/(?:[^/]+\/)*)([^/]+)$/.exec(arn);
  return m ? { accountId: m[1], path: m[2], roleName: m[3] } : undefined;
}

/** An AWS managed policy name (`ReadOnlyAccess`, `job-function/ViewOnlyAccess`) or a full ARN, as an ARN. */
export function managedPolicyArn(nameOrArn: string): string {
  if (nameOrArn.startsWith('arn:')) return nameOrArn;
  return `arn:${PARTITION}:iam::aws:policy/${nameOrArn}`;
}

/** A customer managed policy in `accountId`. */
export function customerPolicyArn(accountId: string, policyName: string, path = '/'): string {
  return `arn:${PARTITION}:iam::${accountId}:policy${path}${policyName}`;
}

/** An IAM group in `accountId`. */
export function groupArn(accountId: string, groupName: string, path = '/'): string {
  return `arn:${PARTITION}:iam::${accountId}:group${path}${groupName}`;
}

/** Every IAM resource of one kind in `accountId` (`arn:aws:iam::<account>:role/*`), for a policy's Resource. */
export function allIamResourcesArn(accountId: string, kind: 'role' | 'instance-profile' | 'policy' | 'group' | 'oidc-provider'): string {
  return `arn:${PARTITION}:iam::${accountId}:${kind}/*`;
}

/** A resource of a regional service by name, in any region of `accountId`: `arn:aws:sns:*:<account>:<name>`, `...:events:*:<account>:rule/<name>`, `...:kms:*:<account>:alias/<name>`. */
export function regionalArnAnyRegion(service: 'sns' | 'events' | 'kms', accountId: string, resource: string): string {
  return `arn:${PARTITION}:${service}:*:${accountId}:${resource}`;
}

/** The parts of an IAM principal ARN this project accepts in `trust.principals`. */
export interface IamPrincipalArn {
  readonly arn: string;
  readonly accountId: string;
  /** `root` for the account itself, else `role` or `user`. */
  readonly kind: 'root' | 'role' | 'user';
}

const IAM_PRINCIPAL = /^arn:aws:iam::(\d{12}):(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/;

/** Reads an IAM role, user or account-root ARN; undefined when `value` is not one. */
export function parseIamPrincipalArn(value: string): IamPrincipalArn | undefined {
  const m = IAM_PRINCIPAL.exec(value);
  if (!m) return undefined;
  const kind = m[2] === 'root' ? 'root' : (m[2].split('/')[0] as 'role' | 'user');
  return { arn: value, accountId: m[1], kind };
}

/** The console's switch-role link for a role. */
export function switchRoleUrl(accountId: string, roleName: string, path: string, displayName: string): string {
  // The console takes the path as part of roleName (without the leading slash).
  const roleWithPath = `${path.slice(1)}${roleName}`;
  const query = [`account=${accountId}`, `roleName=${encodeURIComponent(roleWithPath)}`, `displayName=${encodeURIComponent(displayName)}`];
  return `https://signin.aws.amazon.com/switchrole?${query.join('&')}`;
}

/**
 * The roles IAM Identity Center provisions for permission set `name` in `accountId`:
 * `role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_<name>_<16 hex>`, or with the instance's
 * region as a path segment (`.../sso.amazonaws.com/eu-west-1/AWSReservedSSO_...`). Two patterns,
 * so the role name is matched whole: the 16 `?` match the suffix exactly and nothing may precede
 * `AWSReservedSSO_`, so permission set `Dev` never matches `Dev_Admins` or `X_AWSReservedSSO_Dev`.
 * Only AWS can create roles under the `/aws-reserved/` path.
 *
 * @see https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html
 */
export function permissionSetRoleArnPatterns(accountId: string, permissionSetName: string): [string, string] {
  const role = `AWSReservedSSO_${permissionSetName}_${'?'.repeat(16)}`;
  const base = `arn:${PARTITION}:iam::${accountId}:role/aws-reserved/sso.amazonaws.com/`;
  return [`${base}${role}`, `${base}*/${role}`];
}

/**
 * The permission set a role ARN pattern of Identity Center names: `.../sso.amazonaws.com/[*\/]AWSReservedSSO_<name>_<suffix>`
 * where the suffix is sixteen `?` (as `permissionSetRoleArnPatterns` writes it) or `*` (as written by hand).
 */
export function permissionSetOfPattern(pattern: string): { accountId: string; name: string } | undefined {
  const m = /^arn:aws:iam::(\d{12}):role\/aws-reserved\/sso\.amazonaws\.com\/(?:[^/]+\/)?AWSReservedSSO_(.+)_(?:\?{16}|\*)$/.exec(pattern);
  return m ? { accountId: m[1], name: m[2] } : undefined;
}

/** `arn:aws:iam::<account>:oidc-provider/<host and path>` of an OIDC issuer URL. */
export function oidcProviderArn(accountId: string, issuerUrl: string): string {
  return `arn:${PARTITION}:iam::${accountId}:oidc-provider/${oidcIssuerHostPath(issuerUrl)}`;
}

/** The issuer without its scheme and trailing slash: what IAM names the provider and its condition keys by. */
export function oidcIssuerHostPath(issuerUrl: string): string {
  return issuerUrl.replace(/^https:\/\//, '').replace(/\/+$/, '');
}

/** `arn:aws:iam::<account>:saml-provider/<name>`. */
export function samlProviderArn(accountId: string, providerName: string): string {
  return `arn:${PARTITION}:iam::${accountId}:saml-provider/${providerName}`;
}
