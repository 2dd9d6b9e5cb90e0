import { Construct } from 'constructs';
import { TerraformOutput, TerraformResource, TerraformStack } from 'cdktf';
import { OrgModel } from '../org/model';
import { AwsStack, bootstrapStackName, deployerGuardIn, deployerRoles, oidcProviderOwners, workspaceRef } from '../org/hcp-terraform';
import { customerPolicyArn, groupArn, oidcProviderArn, regionalArnAnyRegion, roleArn } from '../policy/arn';
import { applyRolePolicy, hcpIssuerUrl, hcpWorkspaceTrustPolicy, OwnScope, planRolePolicy } from '../policy/hcp-terraform';
import { CrossAccountRole } from '../modules/cross-account-role';
import { OidcProvider } from '../modules/oidc-provider';
import { terraformId } from '../modules/terraform-id';
import { stableOutput } from '../modules/stable-id';
import { literalStrings } from '../modules/terraform-literal';
import { IAM_LIMITS } from '../policy/quotas';
import { OrgStack, stackTarget } from './base-stack';

/** What a stack holds that its apply role must manage: the resource types, and the ARNs of its own named resources. */
export interface StackContents {
  readonly resourceTypes: readonly string[];
  readonly own: Readonly<Partial<Record<OwnScope, readonly string[]>>>;
}

/** Reads a built stack's resources (their literal names and paths, as synthesized). */
export function contentsOf(stack: TerraformStack, accountId: string): StackContents {
  const types = new Set<string>();
  const own: Record<OwnScope, Set<string>> = { role: new Set(), policy: new Set(), group: new Set(), 'oidc-provider': new Set(), sns: new Set(), 'events-rule': new Set(), 'kms-alias': new Set() };
  const named = ['aws_iam_role', 'aws_iam_policy', 'aws_iam_group', 'aws_iam_openid_connect_provider', 'aws_sns_topic', 'aws_cloudwatch_event_rule', 'aws_kms_alias'];
  for (const c of stack.node.findAll()) {
    // By the core library's marker, not `instanceof`: bindings on another copy of it count too.
    if (!TerraformResource.isTerraformResource(c)) continue;
    const type = c.terraformResourceType;
    types.add(type);
    if (!named.includes(type)) continue;
    const config = Object.values((c.toTerraform() as { resource: Record<string, Record<string, Record<string, unknown>>> }).resource[type])[0];
    const name = String(config.name);
    const path = config.path === undefined ? '/' : String(config.path);
    if (type === 'aws_iam_role') own.role.add(roleArn(accountId, name, path));
    else if (type === 'aws_iam_policy') own.policy.add(customerPolicyArn(accountId, name, path));
    else if (type === 'aws_iam_group') own.group.add(groupArn(accountId, name, path));
    else if (type === 'aws_iam_openid_connect_provider') own['oidc-provider'].add(oidcProviderArn(accountId, String(config.url)));
    else if (type === 'aws_sns_topic') own.sns.add(regionalArnAnyRegion('sns', accountId, name));
    else if (type === 'aws_cloudwatch_event_rule') own['events-rule'].add(regionalArnAnyRegion('events', accountId, `rule/${name}`));
    else own['kms-alias'].add(regionalArnAnyRegion('kms', accountId, name));
  }
  return { resourceTypes: [...types].sort(), own: Object.fromEntries(Object.entries(own).map(([k, v]) => [k, [...v].sort()])) };
}

/**
 * The bootstrap of one stack in HCP Terraform mode, `bootstrap-<stack>`: in that stack's account,
 * through the admin path (the deployment role), the plan role and the apply role its workspace's runs
 * assume with their token, and HCP Terraform's OIDC provider when this is the account's first stack.
 * Applied once before the workspace's first run, and again when the stack's resource types change;
 * a plan of it shows any drift, and an apply reverts it.
 */
export class BootstrapStack extends OrgStack {
  readonly planRole: CrossAccountRole;
  readonly applyRole: CrossAccountRole;

  /** `contents`: those of the stack the roles deploy (see {@link contentsOf}). */
  constructor(scope: Construct, model: OrgModel, readonly stack: AwsStack, contents: StackContents) {
    super(scope, model, stackTarget(stack, { stackName: bootstrapStackName(stack.name), bootstrap: true }));
    const hcp = model.deployment.hcpTerraform!;
    const roles = deployerRoles(hcp, stack);
    const ref = workspaceRef(model, hcp, stack.name);
    const issuer = hcpIssuerUrl(hcp.hostname);
    // One OIDC provider per issuer and account: the account's first stack makes (or adopts) it, the others name it.
    const owner = oidcProviderOwners(model).get(stack.accountId) === stack.name;
    const provider =
      owner && hcp.oidcProvider !== 'existing'
        ? new OidcProvider(this, `oidc-provider-${terraformId(hcp.hostname)}`, { issuerUrl: issuer, accountId: stack.accountId, audiences: [hcp.audience], adopt: hcp.oidcProvider === 'adopt' }).provider
        : undefined;
    const untouchable = deployerGuardIn(model, hcp, stack.accountId);
    const applyPolicy = applyRolePolicy({ accountId: stack.accountId, resourceTypes: contents.resourceTypes, own: contents.own, untouchable });
    // The apply role names the stack's own resources one by one: a stack with very many of them would
    // write a policy IAM refuses at apply. Said here, before anything is written.
    if (applyPolicy.size > IAM_LIMITS.inlinePolicySizePerRole) {
      const roles = contents.own.role?.length ?? 0;
      throw new Error(
        `${this.node.id}: the apply role of stack ${stack.name} would need ${applyPolicy.size} characters of inline policy, over the ${IAM_LIMITS.inlinePolicySizePerRole} IAM allows a role: ` +
          `its stack has ${roles} roles and other resources it names one by one. Fix: spread the roles of account ${stack.name} over fewer names (paths do not help), or deploy that account with the deployment role (without deployment.hcpTerraform).`,
      );
    }
    const role = (phase: 'plan' | 'apply') =>
      new CrossAccountRole(this, `role-${phase}`, {
        roleName: roles[phase].name,
        path: roles.path,
        accountId: stack.accountId,
        description: `HCP Terraform ${phase} phase of workspace ${ref.workspace} (project ${ref.project}, organization ${ref.organization}), stack ${stack.name}`,
        trustPolicy: hcpWorkspaceTrustPolicy(stack.accountId, ref, phase, { hostname: hcp.hostname, audience: hcp.audience }),
        inlinePolicies: {
          [`hcp-terraform-${phase}`]: phase === 'plan' ? planRolePolicy(contents.resourceTypes) : applyPolicy,
        },
        // IAM refuses a trust naming an OIDC provider that does not exist yet.
        dependsOn: provider ? [provider] : undefined,
        adopt: hcp.adoptRoles,
      });
    this.planRole = role('plan');
    this.applyRole = role('apply');
    for (const phase of ['plan', 'apply'] as const) {
      stableOutput(
        new TerraformOutput(this, `${phase}-role-arn-output`, literalStrings({ value: roles[phase].arn, description: `TFC_AWS_${phase.toUpperCase()}_ROLE_ARN of workspace ${ref.workspace}` })),
        phase,
        'role',
        'arn',
      );
    }
  }
}
