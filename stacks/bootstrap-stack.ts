import { Construct } from 'constructs';
import { TerraformOutput, TerraformResource, TerraformStack } from 'cdktf';
import { OrgModel } from '../org/model';
import { AwsStack, bootstrapStackName, deployerRoles, oidcProviderOwners, workspaceRef } from '../org/hcp-terraform';
import { oidcProviderArn, roleArn } from '../policy/arn';
import { applyRolePolicy, hcpIssuerUrl, hcpWorkspaceTrustPolicy, planRolePolicy } from '../policy/hcp-terraform';
import { CrossAccountRole } from '../modules/cross-account-role';
import { OidcProvider } from '../modules/oidc-provider';
import { terraformId } from '../modules/terraform-id';
import { stableOutput } from '../modules/stable-id';
import { literalStrings } from '../modules/terraform-literal';
import { OrgStack } from './base-stack';

/** The Terraform resource types a stack holds: what its apply role must be able to manage. */
export function resourceTypesOf(stack: TerraformStack): string[] {
  const types = new Set<string>();
  for (const c of stack.node.findAll()) if (c instanceof TerraformResource) types.add(c.terraformResourceType);
  return [...types].sort();
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

  /** `resourceTypes`: those of the stack the roles deploy (see {@link resourceTypesOf}). */
  constructor(scope: Construct, model: OrgModel, readonly stack: AwsStack, resourceTypes: readonly string[]) {
    super(scope, model, {
      stackName: bootstrapStackName(stack.name),
      accountId: stack.accountId,
      region: stack.region,
      environment: stack.environment,
      tags: stack.tags,
      deploymentRoleName: stack.deploymentRoleName,
      deploymentExternalId: stack.deploymentExternalId,
      bootstrap: true,
    });
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
    const untouchable = [roles.plan.arn, roles.apply.arn, roleArn(stack.accountId, stack.deploymentRoleName), oidcProviderArn(stack.accountId, issuer)];
    const role = (phase: 'plan' | 'apply') =>
      new CrossAccountRole(this, `role-${phase}`, {
        roleName: roles[phase].name,
        path: roles.path,
        accountId: stack.accountId,
        description: `HCP Terraform ${phase} phase of workspace ${ref.workspace} (project ${ref.project}, organization ${ref.organization}), stack ${stack.name}`,
        trustPolicy: hcpWorkspaceTrustPolicy(stack.accountId, ref, phase, { hostname: hcp.hostname, audience: hcp.audience }),
        inlinePolicies: { [`hcp-terraform-${phase}`]: phase === 'plan' ? planRolePolicy(resourceTypes) : applyRolePolicy(resourceTypes, { accountId: stack.accountId, untouchable }) },
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
