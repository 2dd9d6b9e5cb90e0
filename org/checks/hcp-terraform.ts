/**
 * The checks of `deployment.hcpTerraform`: what HCP Terraform and IAM would refuse, or what would
 * let one workspace's run act as another's, found at synth with the key to fix.
 */
import { oidcIssuerHostPath } from '../../policy/arn';
import { HCP_TERRAFORM_AUDIENCE, HCP_TERRAFORM_HOSTNAME, hcpIssuerUrl } from '../../policy/hcp-terraform';
import type { OrgIssue } from '../errors';
import {
  awsStacks,
  BOOTSTRAP_STACK_PREFIX,
  DEFAULT_APPLY_ROLE_NAME,
  DEFAULT_DEPLOYER_ROLE_PATH,
  DEFAULT_PLAN_ROLE_NAME,
  deployerRoleName,
  deployerRoles,
  IDENTITY_STACK_NAME,
  ORGANIZATION_STACK_NAME,
  WORKSPACES_STACK_NAME,
  workspaceName,
} from '../hcp-terraform';
import type { HcpTerraformModel, OrgModel } from '../model';
import type { OrgFile } from '../schema';
import type { CheckContext } from './context';

const HCP = ['deployment', 'hcpTerraform'] as const;
const BACKEND = ['deployment', 'backend'] as const;

/** What HCP Terraform takes as an organization or workspace name. */
const HCP_NAME = /^[A-Za-z0-9_-]+$/;
/** What HCP Terraform takes as a project name. */
const HCP_PROJECT = /^[A-Za-z0-9 _-]{1,40}$/;
const MAX_WORKSPACE_NAME = 90;
const MAX_ROLE_NAME = 64;

/** Checks of the file alone: the backend it needs, and the stack names it takes. */
export function hcpTerraformFileIssues({ file }: CheckContext): OrgIssue[] {
  const hcp = file.deployment?.hcpTerraform;
  if (!hcp) return [];
  const issues: OrgIssue[] = [];
  const backend = file.deployment?.backend;
  if (backend?.type !== 'cloud') {
    issues.push({
      path: [...HCP],
      at: 'key',
      message: `needs deployment.backend of type cloud: each stack runs in its own HCP Terraform workspace, and the roles trust that workspace's runs. Fix: set deployment.backend to { type: cloud, organization: <your HCP Terraform organization>, project: <its project> }.`,
    });
  } else {
    if (backend.hostname !== undefined && !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(backend.hostname)) {
      issues.push({ path: [...BACKEND, 'hostname'], message: `"${backend.hostname}" is not a host name IAM takes for an OIDC provider URL (lowercase, no scheme, no port, no path). Fix: write the host alone, e.g. tfe.example.com.` });
    }
    if (!HCP_NAME.test(backend.organization)) issues.push({ path: [...BACKEND, 'organization'], message: `"${backend.organization}" is not an HCP Terraform organization name, which uses only letters, digits, "_" and "-". Fix: write the organization's name as HCP Terraform shows it.` });
    if (backend.project === undefined) {
      issues.push({ path: [...BACKEND], message: `needs project with deployment.hcpTerraform: a run's token names its project, and each role trusts exactly one. Fix: add project: <the project of the workspaces>, e.g. project: cross-account-iam.` });
    } else if (!HCP_PROJECT.test(backend.project)) {
      issues.push({ path: [...BACKEND, 'project'], message: `"${backend.project}" is not an HCP Terraform project name (1 to 40 letters, digits, spaces, "_" and "-"), and ":" would break the token's subject. Fix: use such a name.` });
    }
    const bad = [...awsStackNamesOf(file), WORKSPACES_STACK_NAME].map((stack) => ({ stack, name: fileWorkspaceName(file, stack) })).filter((w) => !HCP_NAME.test(w.name) || w.name.length > MAX_WORKSPACE_NAME);
    if (bad.length > 0) {
      issues.push({
        path: backend.workspacePattern === undefined ? [...BACKEND] : [...BACKEND, 'workspacePattern'],
        message: `makes workspace name${bad.length === 1 ? '' : 's'} HCP Terraform refuses: ${bad.slice(0, 3).map((w) => `"${w.name}"`).join(', ')}${bad.length > 3 ? ` and ${bad.length - 3} more` : ''} (letters, digits, "_" and "-", at most ${MAX_WORKSPACE_NAME} characters). Fix: use such characters in workspacePattern, or shorten it.`,
      });
    }
  }
  for (const key of Object.keys(file.accounts)) {
    if (key === WORKSPACES_STACK_NAME || key.startsWith(BOOTSTRAP_STACK_PREFIX)) {
      issues.push({ path: ['accounts', key], at: 'key', message: `"${key}" is the name of a stack HCP Terraform mode makes itself (${WORKSPACES_STACK_NAME}, ${BOOTSTRAP_STACK_PREFIX}<stack>). Fix: rename the account, e.g. ${key.replace(BOOTSTRAP_STACK_PREFIX, 'boot-')}-account.` });
    }
  }
  const plan = hcp.planRoleName ?? DEFAULT_PLAN_ROLE_NAME;
  const apply = hcp.applyRoleName ?? DEFAULT_APPLY_ROLE_NAME;
  if (plan.toLowerCase() === apply.toLowerCase()) {
    issues.push({ path: [...HCP, 'applyRoleName'], message: `is the plan role's name too: a plan must never get the apply role's writes. Fix: give the two roles different names, e.g. ${DEFAULT_PLAN_ROLE_NAME} and ${DEFAULT_APPLY_ROLE_NAME}.` });
  }
  for (const [key, pattern] of [['planRoleName', plan], ['applyRoleName', apply]] as const) {
    const long = awsStackNamesOf(file).map((s) => deployerRoleName(pattern, s)).filter((n) => n.length > MAX_ROLE_NAME);
    if (long.length > 0) {
      issues.push({
        path: hcp[key] === undefined ? [...HCP] : [...HCP, key],
        message: `makes role name${long.length === 1 ? '' : 's'} longer than the ${MAX_ROLE_NAME} characters IAM allows: ${long.slice(0, 2).join(', ')}${long.length > 2 ? ` and ${long.length - 2} more` : ''}. Fix: set a shorter ${key}, e.g. "${key === 'planRoleName' ? 'p-{stack}' : 'a-{stack}'}", or shorten the account key.`,
      });
    }
  }
  const host = backend?.type === 'cloud' && backend.hostname ? backend.hostname : HCP_TERRAFORM_HOSTNAME;
  for (const [name, entry] of Object.entries(file.oidc ?? {})) {
    if (oidcIssuerHostPath(entry.issuer) === host && (entry.oidcProvider ?? 'create') !== 'existing') {
      issues.push({ path: entry.oidcProvider === undefined ? ['oidc', name] : ['oidc', name, 'oidcProvider'], message: `would make a second OIDC provider of ${hcpIssuerUrl(host)} where the HCP Terraform bootstrap makes one (IAM allows one per issuer and account). Fix: set oidcProvider: existing here.` });
    }
  }
  return issues;
}

/** Checks of the resolved org: no role or SAML role of the file takes a deployer role's name in its account. */
export function hcpTerraformModelIssues(model: Omit<OrgModel, 'warnings'>): OrgIssue[] {
  const hcp = model.deployment.hcpTerraform;
  if (!hcp) return [];
  const deployers = new Map<string, string>();
  for (const stack of awsStacks(model)) {
    const roles = deployerRoles(hcp, stack);
    for (const r of [roles.plan, roles.apply]) deployers.set(`${stack.accountId} ${r.name.toLowerCase()}`, `${r.name} (the HCP Terraform deployer of stack ${stack.name})`);
  }
  const issues: OrgIssue[] = [];
  for (const role of model.roles) {
    for (const key of role.accountKeys) {
      const account = model.accounts.find((a) => a.key === key)!;
      const clash = deployers.get(`${account.accountId} ${role.name.toLowerCase()}`);
      if (clash) issues.push({ path: ['roles', role.name], at: 'key', message: `is also the name of ${clash} in account ${key}; IAM role names are unique in an account, case-insensitively. Fix: rename the role, or set deployment.hcpTerraform.planRoleName / applyRoleName.` });
    }
  }
  for (const a of model.assumers) {
    if (a.kind !== 'saml-role') continue;
    const clash = deployers.get(`${model.identityAccountId} ${a.name.toLowerCase()}`);
    if (clash) issues.push({ path: ['samlRoles', a.name], at: 'key', message: `is also the name of ${clash} in the identity account; IAM role names are unique in an account, case-insensitively. Fix: rename the SAML role, or set deployment.hcpTerraform.planRoleName / applyRoleName.` });
  }
  return issues;
}

/** `deployment.hcpTerraform` with every default applied (the file passed {@link hcpTerraformFileIssues}). */
export function resolveHcpTerraform(file: OrgFile): HcpTerraformModel | undefined {
  const hcp = file.deployment?.hcpTerraform;
  const backend = file.deployment?.backend;
  if (!hcp || backend?.type !== 'cloud' || backend.project === undefined) return undefined;
  return {
    organization: backend.organization,
    project: backend.project,
    hostname: backend.hostname ?? HCP_TERRAFORM_HOSTNAME,
    audience: hcp.audience ?? HCP_TERRAFORM_AUDIENCE,
    oidcProvider: hcp.oidcProvider ?? 'create',
    planRoleName: hcp.planRoleName ?? DEFAULT_PLAN_ROLE_NAME,
    applyRoleName: hcp.applyRoleName ?? DEFAULT_APPLY_ROLE_NAME,
    rolePath: hcp.rolePath ?? DEFAULT_DEPLOYER_ROLE_PATH,
    adoptRoles: hcp.adoptRoles ?? false,
    bootstrapBackend: hcp.bootstrapBackend ?? { type: 'local' },
    workspaceTags: hcp.workspaces?.tags ?? {},
    terraformVersion: hcp.workspaces?.terraformVersion,
  };
}

/** The AWS stacks' names in awsStacks' order (org/hcp-terraform.ts), read from the file: the file checks run before there is a model. */
function awsStackNamesOf(file: OrgFile): string[] {
  return [IDENTITY_STACK_NAME, ...(file.guardrails?.organization ? [ORGANIZATION_STACK_NAME] : []), ...Object.keys(file.accounts)];
}

function fileWorkspaceName(file: OrgFile, stack: string): string {
  // The same rule as the model's workspaceName, before there is a model.
  return workspaceName({ organization: file.organization, deployment: { backend: file.deployment?.backend ?? { type: 'local' } } }, stack);
}
