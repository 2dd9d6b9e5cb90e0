import { customerPolicyArn, roleArn, switchRoleUrl } from '../policy/arn';
import { AssumeGrant, renderAssumePolicies } from '../policy/assume-policy';
import { PolicyDocument } from '../policy/document';
import { Quotas } from '../policy/quotas';
import { renderTrustPolicy, TrustSpec } from '../policy/trust-policy';
import { BackendFile, IdentityPolicyFile } from './schema';

/**
 * The org file resolved: every default applied, every reference checked, every grant spelled out as
 * a (group, role, account) triple. Stacks are built from this and nothing else.
 */
export interface OrgModel {
  /** The org file it was read from (for messages). */
  readonly sourceFile: string;
  readonly organization: string;
  readonly orgId?: string;
  readonly region: string;
  readonly identityAccountId: string;
  readonly deployment: DeploymentModel;
  readonly accounts: readonly AccountModel[];
  readonly roles: readonly RoleModel[];
  readonly groups: readonly GroupModel[];
  /** Every policy of the `policies:` section; an account stack creates those its roles use (see `policiesIn`). */
  readonly policies: readonly CustomerPolicyModel[];
  /** IAM quotas in force: the defaults, or raised ones the org file states. */
  readonly quotas: Quotas;
  /** Lint findings accepted on purpose, each with its reason. */
  readonly lintSuppressions: readonly LintSuppressionModel[];
  readonly guardrails: GuardrailsModel;
}

export interface LintSuppressionModel {
  readonly rule: string;
  readonly role?: string;
  readonly group?: string;
  readonly account?: string;
  readonly reason: string;
}

export interface DeploymentModel {
  /** Role the provider of every stack assumes in its account. Default `OrganizationAccountAccessRole`. */
  readonly roleName: string;
  /** sts:ExternalId the deployment role requires. */
  readonly externalId?: string;
  /** Default `{ type: local }`. */
  readonly backend: BackendFile;
}

export interface AccountModel {
  /** The key in `accounts:`, which is also the stack name. */
  readonly key: string;
  readonly accountId: string;
  readonly environment?: string;
  readonly region: string;
  readonly tags: Readonly<Record<string, string>>;
  /** The role the provider assumes here (deployment.roleName unless overridden). */
  readonly deploymentRoleName: string;
  readonly deploymentExternalId?: string;
}

/** A policy of the `policies:` section, created in each account whose roles use it. */
export interface CustomerPolicyModel {
  /** The IAM policy name (the key in `policies:`). */
  readonly name: string;
  /** Default `/`. */
  readonly path: string;
  readonly description?: string;
  readonly document: IdentityPolicyFile;
}

export interface RoleModel {
  /** The IAM role name (the key in `roles:`). */
  readonly name: string;
  /** Default `/`. */
  readonly path: string;
  readonly description?: string;
  readonly tags: Readonly<Record<string, string>>;
  /** AWS managed policies and policies named by ARN, as ARNs. */
  readonly managedPolicyArns: readonly string[];
  /** Names of `policies:` entries attached to the role, created in its accounts. */
  readonly customerPolicies: readonly string[];
  readonly inlinePolicies: readonly { readonly name: string; readonly document: IdentityPolicyFile }[];
  /** AWS managed or by-ARN boundary. At most one of this and `permissionsBoundaryPolicy`. */
  readonly permissionsBoundaryArn?: string;
  /** Name of the `policies:` entry that is the boundary, created in the role's accounts. */
  readonly permissionsBoundaryPolicy?: string;
  /** Groups whose members may never assume it (`deny`), sorted as the file lists them. */
  readonly deniedGroups: readonly string[];
  /** Seconds; default 3600. */
  readonly maxSessionDuration: number;
  readonly trust: TrustSpec;
  /** Account keys the role is created in. */
  readonly accountKeys: readonly string[];
  /** Terraform refuses to destroy it. */
  readonly protect: boolean;
  /** It exists already: imported, not created. */
  readonly adopt: boolean;
  /** EventBridge alert on every AssumeRole of it. */
  readonly alertOnAssume: boolean;
}

/** One pair a group may use: role `role` in account `account`. */
export interface GrantModel {
  readonly role: string;
  readonly account: string;
}

export interface GroupModel {
  readonly name: string;
  /** Default `/`. */
  readonly path: string;
  /** Sorted by account, then role. */
  readonly grants: readonly GrantModel[];
  /** It exists already: imported, not created. */
  readonly adopt: boolean;
  /** Roles (by name) whose `deny` lists this group: its policy denies assuming them in any account. */
  readonly deniedRoles: readonly string[];
}

/** Guardrails around the roles (see the org file's `guardrails`). */
export interface GuardrailsModel {
  readonly organization?: {
    readonly managementAccountId: string;
    readonly roleName: string;
    readonly targets: readonly string[];
    /** Roles third parties may still assume, exempt from the perimeter policy. */
    readonly exceptRoles: readonly string[];
  };
  readonly alerts: { readonly emails: readonly string[]; readonly topicArn?: string };
  readonly accessAnalyzer?: 'account' | 'organization';
}

export const DEFAULT_DEPLOYMENT_ROLE = 'OrganizationAccountAccessRole';
export const DEFAULT_MAX_SESSION_SECONDS = 3600;

/** Lookup tables per model, built once: large orgs look accounts and roles up thousands of times. */
const indexes = new WeakMap<OrgModel, { accounts: Map<string, AccountModel>; roles: Map<string, RoleModel>; policies: Map<string, CustomerPolicyModel> }>();
function indexOf(model: OrgModel) {
  let index = indexes.get(model);
  if (!index) {
    index = {
      accounts: new Map(model.accounts.map((a) => [a.key, a])),
      roles: new Map(model.roles.map((r) => [r.name, r])),
      policies: new Map(model.policies.map((p) => [p.name, p])),
    };
    indexes.set(model, index);
  }
  return index;
}

export function findAccount(model: OrgModel, key: string): AccountModel {
  const account = indexOf(model).accounts.get(key);
  if (!account) throw new Error(`No account "${key}" in ${model.sourceFile}.`);
  return account;
}

export function findRole(model: OrgModel, name: string): RoleModel {
  const role = indexOf(model).roles.get(name);
  if (!role) throw new Error(`No role "${name}" in ${model.sourceFile}.`);
  return role;
}

export function findPolicy(model: OrgModel, name: string): CustomerPolicyModel {
  const policy = indexOf(model).policies.get(name);
  if (!policy) throw new Error(`No policy "${name}" in ${model.sourceFile}.`);
  return policy;
}

/** The customer managed policies the roles of one account use, in the order of the policies section. */
export function policiesIn(model: OrgModel, accountKey: string): CustomerPolicyModel[] {
  const used = new Set(rolesIn(model, accountKey).flatMap((r) => [...r.customerPolicies, ...(r.permissionsBoundaryPolicy ? [r.permissionsBoundaryPolicy] : [])]));
  return model.policies.filter((p) => used.has(p.name));
}

/** The ARN of customer policy `policy` in account `accountId`. */
export function policyArnIn(accountId: string, policy: CustomerPolicyModel): string {
  return customerPolicyArn(accountId, policy.name, policy.path);
}

/** The roles created in one account. */
export function rolesIn(model: OrgModel, accountKey: string): RoleModel[] {
  return model.roles.filter((r) => r.accountKeys.includes(accountKey));
}

/** The ARN of role `role` in account `accountKey`. */
export function grantRoleArn(model: OrgModel, grant: GrantModel): string {
  const role = findRole(model, grant.role);
  return roleArn(findAccount(model, grant.account).accountId, role.name, role.path);
}

/** The group's grants as the identity side needs them: role ARNs with their trust's conditions. */
export function assumeGrants(model: OrgModel, group: GroupModel): AssumeGrant[] {
  return group.grants.map((grant) => {
    const role = findRole(model, grant.role);
    return {
      roleArn: grantRoleArn(model, grant),
      mfa: role.trust.mfa,
      mfaMaxAgeSeconds: role.trust.mfaMaxAgeSeconds,
      sessionTags: role.trust.sessionTags,
      sourceIdentity: role.trust.sourceIdentity,
    };
  });
}

/** The roles the group may never assume, as patterns naming each in any account. */
export function deniedRoleArns(model: OrgModel, group: GroupModel): string[] {
  return group.deniedRoles.map((name) => {
    const role = findRole(model, name);
    return roleArn('*', role.name, role.path);
  });
}

/** The console link that switches into `role` in `account`. */
export function roleSwitchUrl(account: AccountModel, role: RoleModel): string {
  return switchRoleUrl(account.accountId, role.name, role.path, `${role.name} @ ${account.key}`.slice(0, 64));
}


/** The tags every resource of a stack carries (the provider's default tags). */
export function stackDefaultTags(
  model: OrgModel,
  stackName: string,
  environment?: string,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return {
    ManagedBy: 'cross-account-iam',
    Organization: model.organization,
    Stack: stackName,
    ...(environment ? { Environment: environment } : {}),
    ...extra,
  };
}

const trustPolicies = new WeakMap<RoleModel, PolicyDocument>();
const groupPolicies = new WeakMap<GroupModel, PolicyDocument[]>();

/** The role's trust policy: the same in every account it lives in, so rendered once. */
export function roleTrustPolicy(role: RoleModel): PolicyDocument {
  let doc = trustPolicies.get(role);
  if (!doc) {
    doc = renderTrustPolicy(role.trust);
    trustPolicies.set(role, doc);
  }
  return doc;
}

/** The group's packed assume-role policies, rendered once (checked against quotas, then synthesized). */
export function groupAssumePolicies(model: OrgModel, group: GroupModel): PolicyDocument[] {
  let docs = groupPolicies.get(group);
  if (!docs) {
    docs = renderAssumePolicies(assumeGrants(model, group), undefined, deniedRoleArns(model, group));
    groupPolicies.set(group, docs);
  }
  return docs;
}

/**
 * Stacks that must be deployed before others: an account stack whose role trusts, by ARN, a role
 * this app creates in another account depends on that account's stack. (Trust goes through the
 * account root plus aws:PrincipalArn, so the order rarely matters; it is still kept.)
 */
export function stackDependencies(model: OrgModel): Map<string, string[]> {
  const createdBy = new Map<string, string>();
  for (const role of model.roles) for (const key of role.accountKeys) createdBy.set(roleArn(findAccount(model, key).accountId, role.name, role.path), key);
  const deps = new Map<string, string[]>();
  for (const role of model.roles) {
    for (const key of role.accountKeys) {
      for (const p of role.trust.principals) {
        const other = createdBy.get(p.principal.arn);
        if (other && other !== key && !deps.get(key)?.includes(other)) deps.set(key, [...(deps.get(key) ?? []), other]);
      }
    }
  }
  return deps;
}
