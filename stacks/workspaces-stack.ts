import { Construct } from 'constructs';
import { CloudBackend, NamedCloudWorkspace, TerraformOutput, TerraformStack } from 'cdktf';
import { TfeProvider } from '@cdktf/provider-tfe/lib/provider';
import { Project } from '@cdktf/provider-tfe/lib/project';
import { Variable } from '@cdktf/provider-tfe/lib/variable';
import { Workspace } from '@cdktf/provider-tfe/lib/workspace';
import { WorkspaceSettings } from '@cdktf/provider-tfe/lib/workspace-settings';
import { OrgModel } from '../org/model';
import { awsStacks, deployerRoles, runWaves, WORKSPACES_STACK_NAME, workspaceName } from '../org/hcp-terraform';
import { HCP_TERRAFORM_AUDIENCE } from '../policy/hcp-terraform';
import { terraformId } from '../modules/terraform-id';
import { literalStrings } from '../modules/terraform-literal';

/** The tfe provider versions the workspaces stack admits: from the one its bindings were made from (0.71.0, with tfe_workspace_settings and workspace tags) on, within 0.x. */
export const TFE_PROVIDER_CONSTRAINT = '>= 0.71.0, < 1.0.0';

/**
 * The variables that turn on HCP Terraform's dynamic AWS credentials in a workspace: each phase of a
 * run gets a token and assumes its own role with it.
 *
 * @see https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/aws-configuration#configure-hcp-terraform
 */
export const DYNAMIC_CREDENTIAL_VARIABLES = {
  auth: 'TFC_AWS_PROVIDER_AUTH',
  planRole: 'TFC_AWS_PLAN_ROLE_ARN',
  applyRole: 'TFC_AWS_APPLY_ROLE_ARN',
  audience: 'TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE',
} as const;

/**
 * HCP Terraform as code (tfe provider): the project, and one workspace per stack that deploys to
 * AWS, named by the backend's pattern, each with the variables of its own plan and apply role.
 * Run with a token of the organization (TFE_TOKEN). Its own state lives in the workspace the
 * pattern names for `workspaces`, in the organization's default project (the project it makes
 * cannot hold the workspace that makes it).
 *
 * Removing an account from the org file removes its workspace here; the tfe provider deletes a
 * workspace only with safe delete (`force_delete` false), which HCP Terraform refuses while the
 * workspace's state still holds resources: destroy the stack first.
 */
export class WorkspacesStack extends TerraformStack {
  readonly workspaces: ReadonlyMap<string, Workspace>;

  constructor(scope: Construct, model: OrgModel) {
    super(scope, WORKSPACES_STACK_NAME);
    const hcp = model.deployment.hcpTerraform!;
    const hostname = hcp.hostname;
    new TfeProvider(this, 'tfe', literalStrings({ hostname, organization: hcp.organization }));
    // The bindings pin the exact version they were made from; any 0.x from it on has these resources.
    this.addOverride('terraform.required_providers.tfe.version', TFE_PROVIDER_CONSTRAINT);
    new CloudBackend(this, literalStrings({ hostname, organization: hcp.organization, workspaces: new NamedCloudWorkspace(literalStrings(workspaceName(model, WORKSPACES_STACK_NAME))) }));
    const project = new Project(this, 'project', literalStrings({ name: hcp.project, organization: hcp.organization, description: `Stacks of cross-account-iam for ${model.organization}` }));
    project.overrideLogicalId('project');

    // Wave 1 is this stack; hcp-runs counts the same way.
    const waves = runWaves(model);
    const wave = new Map(waves.flatMap((names, i) => names.map((n) => [n, i + 1] as const)));
    const workspaces = new Map<string, Workspace>();
    for (const stack of awsStacks(model)) {
      const name = workspaceName(model, stack.name);
      const id = terraformId('workspace', stack.name);
      const workspace = new Workspace(this, id, literalStrings({
        name,
        organization: hcp.organization,
        projectId: project.id,
        description: `cross-account-iam stack ${stack.name} (${stack.kind}, account ${stack.accountId}); run wave ${wave.get(stack.name)}. Made by the workspaces stack: change the org file, not this page.`,
        terraformVersion: hcp.terraformVersion,
        // Safe delete: HCP Terraform refuses to delete a workspace whose state still holds resources.
        forceDelete: false,
        // Runs come from CI (the CLI-driven workflow) in the order of the stacks' dependencies.
        queueAllRuns: false,
        tags: { ...hcp.workspaceTags, 'managed-by': 'cross-account-iam', stack: stack.name, kind: stack.kind, wave: String(wave.get(stack.name)) },
      }));
      workspace.overrideLogicalId(id);
      // Dynamic credentials need runs on HCP Terraform's own workers (or agents), never local ones.
      new WorkspaceSettings(this, `${id}-settings`, { workspaceId: workspace.id, executionMode: 'remote' }).overrideLogicalId(`${id}_settings`);
      const roles = deployerRoles(hcp, stack);
      const variables: [string, string, string][] = [
        ['auth', DYNAMIC_CREDENTIAL_VARIABLES.auth, 'true'],
        ['plan_role', DYNAMIC_CREDENTIAL_VARIABLES.planRole, roles.plan.arn],
        ['apply_role', DYNAMIC_CREDENTIAL_VARIABLES.applyRole, roles.apply.arn],
        ...(hcp.audience !== HCP_TERRAFORM_AUDIENCE ? [['audience', DYNAMIC_CREDENTIAL_VARIABLES.audience, hcp.audience] as [string, string, string]] : []),
      ];
      for (const [suffix, key, value] of variables) {
        new Variable(this, `${id}-${suffix}`, literalStrings({ workspaceId: workspace.id, category: 'env', key, value, description: 'Dynamic provider credentials (cross-account-iam)' })).overrideLogicalId(`${id}_${suffix}`);
      }
      workspaces.set(stack.name, workspace);
    }
    this.workspaces = workspaces;
    new TerraformOutput(this, 'run_waves', { value: waves.map((names) => names.map((n) => workspaceName(model, n))), description: 'Workspaces in the order their runs go (the first is wave 1): each wave after the one before' }).overrideLogicalId('run_waves');
  }
}
