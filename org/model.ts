import type { GitHubActionsAssumer, IamGroupAssumer, PermissionSetAssumer, SamlRoleAssumer, WebIdentityAssumer } from '../policy/assumers';
import type { Quotas } from '../policy/quotas';
import type { TrustSpec } from '../policy/trust-policy';
import type { OrgProblem } from './errors';
import type { BackendFile, BootstrapBackendFile, IdentityPolicyFile } from './schema';

/*
 * The org model's types. The jobs around it live in their own files: `lookup.ts` (finding accounts,
 * roles, policies and who assumes what), `render.ts` (the policies each role and assumer gets),
 * `layout.ts` (stack tags and deploy order).
 */

/**
 * The org file resolved: every default applied, every reference checked, every grant spelled out as
 * a (group, role, account) triple. Stacks are built from this and nothing else.
 */
export interface OrgModel {
  /** The org file it was read from (for messages). */
  readonly sourceFile: string;
  readonly organization: string;
  readonly orgId?: string;
  /** The organization's root id (r-...), when the file names organizational units. */
  readonly orgRootId?: string;
  /** The organization's OUs the file names, parents before children; absent when it names none. */
  readonly organizationalUnits?: readonly OrganizationalUnitModel[];
  readonly region: string;
  readonly identityAccountId: string;
  readonly deployment: DeploymentModel;
  readonly accounts: readonly AccountModel[];
  readonly roles: readonly RoleModel[];
  /** The IAM groups of the identity account (also in `assumers`). */
  readonly groups: readonly GroupModel[];
  /**
   * Every assumer of every kind, each with its grants in one shape: IAM groups, Identity Center
   * permission sets, SAML roles, GitHub Actions and other OIDC workloads, in that order.
   */
  readonly assumers: readonly AssumerModel[];
  /** Every policy of the `policies:` section; an account stack creates those its roles use (see `policiesIn`). */
  readonly policies: readonly CustomerPolicyModel[];
  /** IAM quotas in force: the defaults, or raised ones the org file states. */
  readonly quotas: Quotas;
  /** Lint findings accepted on purpose, each with its reason. */
  readonly lintSuppressions: readonly LintSuppressionModel[];
  readonly guardrails: GuardrailsModel;
  /** Things that synthesize but likely do not do what was meant, each with its place and fix. */
  readonly warnings: readonly OrgProblem[];
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
  /** HCP Terraform dynamic provider credentials (`deployment.hcpTerraform`): each stack's workspace assumes its own roles. */
  readonly hcpTerraform?: HcpTerraformModel;
}

/** `deployment.hcpTerraform` resolved: every default applied. See org/hcp-terraform.ts for names and order. */
export interface HcpTerraformModel {
  /** The HCP Terraform organization (the cloud backend's). */
  readonly organization: string;
  /** The project of every workspace (the cloud backend's). */
  readonly project: string;
  /** Default app.terraform.io. */
  readonly hostname: string;
  /** Default aws.workload.identity. */
  readonly audience: string;
  readonly oidcProvider: 'create' | 'existing' | 'adopt';
  /** Patterns with `{stack}`. Defaults tfc-plan-{stack} and tfc-apply-{stack}. */
  readonly planRoleName: string;
  readonly applyRoleName: string;
  /** Default /hcp-terraform/. */
  readonly rolePath: string;
  readonly adoptRoles: boolean;
  readonly bootstrapBackend: BootstrapBackendFile;
  /** Key-value tags of every workspace, beside managed-by, stack and kind. */
  readonly workspaceTags: Readonly<Record<string, string>>;
  readonly terraformVersion?: string;
}

/** An organizational unit of AWS Organizations, as the org file names it. */
export interface OrganizationalUnitModel {
  /** Its key in `organizationalUnits`. */
  readonly key: string;
  /** ou-xxxx-xxxxxxxx. */
  readonly id: string;
  /** Its name in AWS (default: its key). */
  readonly name: string;
  /** The key of the unit it is in; undefined under the root. */
  readonly parent?: string;
  /** Its `aws:ResourceOrgPaths` value: `o-xxx/r-xxxx/ou-parent/ou-this/`. */
  readonly orgPath: string;
}

export interface AccountModel {
  /** The key in `accounts:`, which is also the stack name. */
  readonly key: string;
  readonly accountId: string;
  /** The key of its organizational unit, when the file says. */
  readonly ou?: string;
  /** Its `aws:ResourceOrgPaths` value (its unit's path), when the file names its unit. */
  readonly orgPath?: string;
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
  /** It exists already in the accounts whose roles use it: each of those stacks imports it (by ARN). */
  readonly adopt: boolean;
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
  /** IAM groups whose members may never assume it (`deny`), as the file lists them. */
  readonly deniedGroups: readonly string[];
  /** Everyone in its `deny` list (groups, SAML roles, permission sets), as the file lists them. */
  readonly denied: readonly string[];
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

/** One pair an assumer may use: role `role` in account `account`. */
export interface GrantModel {
  readonly role: string;
  readonly account: string;
  /** The grant ends then (RFC 3339, UTC, `2027-03-31T23:59:59Z`): IAM refuses it after. */
  readonly until?: string;
  /** Granted through this organizational unit (its key): the assumer's own side names the unit, not the account. */
  readonly viaUnit?: string;
}

/**
 * A role granted for organizational units: one statement names it in every account under them
 * (`aws:ResourceOrgPaths`), whatever their number. Its accounts of the file are also in `grants`.
 */
export interface UnitGrantModel {
  readonly role: string;
  /** Keys of `organizationalUnits`. */
  readonly units: readonly string[];
  readonly until?: string;
}

/** The org file's section of each kind of assumer. */
export type AssumerSection = 'groups' | 'permissionSets' | 'samlRoles' | 'githubActions' | 'oidc';

/** An assumer of any kind and what it may assume: one shape of grant for every kind. */
interface AssumerBase {
  /** Its key in its section. Unique among all assumers, whatever the case. */
  readonly name: string;
  readonly section: AssumerSection;
  /** Sorted by account, then role. */
  readonly grants: readonly GrantModel[];
  /** Roles (by name) whose `deny` lists it. */
  readonly deniedRoles: readonly string[];
  /** Roles granted for organizational units (their accounts are in `grants` too). */
  readonly unitGrants?: readonly UnitGrantModel[];
}

export interface GroupModel extends AssumerBase {
  readonly kind: 'iam-group';
  readonly section: 'groups';
  readonly principal: IamGroupAssumer;
  /** Default `/`. */
  readonly path: string;
  /** It exists already: imported, not created. */
  readonly adopt: boolean;
}

export interface PermissionSetModel extends AssumerBase {
  readonly kind: 'permission-set';
  readonly section: 'permissionSets';
  readonly principal: PermissionSetAssumer;
}

/** A role of the identity account that people reach through SAML; the identity stack creates it. */
export interface SamlRoleModel extends AssumerBase {
  readonly kind: 'saml-role';
  readonly section: 'samlRoles';
  readonly principal: SamlRoleAssumer;
  readonly maxSessionDuration: number;
}

/** A workload with an OIDC token (GitHub Actions or another issuer). */
export interface WebIdentityModel extends AssumerBase {
  readonly kind: 'github-actions' | 'oidc';
  readonly section: 'githubActions' | 'oidc';
  readonly principal: WebIdentityAssumer | GitHubActionsAssumer;
  /** The issuer's OIDC provider in each account: created, referenced, or imported. */
  readonly oidcProvider: 'create' | 'existing' | 'adopt';
  readonly thumbprints: readonly string[];
}

export type AssumerModel = GroupModel | PermissionSetModel | SamlRoleModel | WebIdentityModel;

/** Guardrails around the roles (see the org file's `guardrails`). */
export interface GuardrailsModel {
  readonly organization?: {
    readonly managementAccountId: string;
    readonly roleName: string;
    readonly targets: readonly string[];
    /** Roles third parties may still assume, exempt from the perimeter policy. */
    readonly exceptRoles: readonly string[];
  };
  readonly alerts: {
    readonly emails: readonly string[];
    readonly topicArn?: string;
    /** Where AssumeRole of a break-glass role is watched: the file's `regions`, or its regions and us-east-1. */
    readonly regions: readonly string[];
  };
  readonly accessAnalyzer?: 'account' | 'organization';
}

export const DEFAULT_DEPLOYMENT_ROLE = 'OrganizationAccountAccessRole';
export const DEFAULT_MAX_SESSION_SECONDS = 3600;
