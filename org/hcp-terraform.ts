/**
 * The shape of an org run in HCP Terraform: which stacks deploy to AWS, their workspaces, the plan
 * and apply role of each, which bootstrap stack owns an account's OIDC provider, and the run order.
 * Read by the stacks (bootstrap, workspaces, provider) and the CLI (`hcp-runs`).
 */
import { oidcProviderArn, roleArn } from '../policy/arn';
import { hcpIssuerUrl, HcpWorkspaceRef } from '../policy/hcp-terraform';
import { stackDependencies } from './layout';
import type { HcpTerraformModel, OrgModel } from './model';

/** The stacks this app names itself. An account key may not take them. */
export const IDENTITY_STACK_NAME = 'identity';
export const ORGANIZATION_STACK_NAME = 'organization';
/** The stack of HCP Terraform's project and workspaces (tfe provider), in HCP Terraform mode. */
export const WORKSPACES_STACK_NAME = 'workspaces';
/** A bootstrap stack is `bootstrap-<stack>`: the plan and apply roles of `<stack>`, made through the admin path. */
export const BOOTSTRAP_STACK_PREFIX = 'bootstrap-';

export const DEFAULT_PLAN_ROLE_NAME = 'tfc-plan-{stack}';
export const DEFAULT_APPLY_ROLE_NAME = 'tfc-apply-{stack}';
export const DEFAULT_DEPLOYER_ROLE_PATH = '/hcp-terraform/';
export const DEFAULT_WORKSPACE_PATTERN = '{organization}-{stack}';

export function bootstrapStackName(stack: string): string {
  return `${BOOTSTRAP_STACK_PREFIX}${stack}`;
}

/** The stack a bootstrap stack is for, or undefined when `name` is not a bootstrap stack's. */
export function bootstrappedStack(name: string): string | undefined {
  return name.startsWith(BOOTSTRAP_STACK_PREFIX) ? name.slice(BOOTSTRAP_STACK_PREFIX.length) : undefined;
}

/** A stack whose provider is AWS's: identity, organization or a member account. */
export interface AwsStack {
  readonly name: string;
  readonly kind: 'identity' | 'organization' | 'account';
  readonly accountId: string;
  readonly region: string;
  /** The admin path the bootstrap (and, outside HCP Terraform mode, the stack) assumes. */
  readonly deploymentRoleName: string;
  readonly deploymentExternalId?: string;
  readonly environment?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** What the stacks of an org are made from: enough of the model for the checks, which run before it is whole. */
type StackSource = Pick<OrgModel, 'identityAccountId' | 'region' | 'deployment' | 'accounts' | 'guardrails'>;

const stacksOf = new WeakMap<StackSource, readonly AwsStack[]>();

/** Every stack that deploys to AWS: identity, organization (with guardrails.organization), then the accounts in file order. */
export function awsStacks(model: StackSource): readonly AwsStack[] {
  let stacks = stacksOf.get(model);
  if (!stacks) {
    stacks = listAwsStacks(model);
    stacksOf.set(model, stacks);
  }
  return stacks;
}

function listAwsStacks(model: StackSource): AwsStack[] {
  const org = model.guardrails.organization;
  return [
    { name: IDENTITY_STACK_NAME, kind: 'identity', accountId: model.identityAccountId, region: model.region, deploymentRoleName: model.deployment.roleName, deploymentExternalId: model.deployment.externalId, environment: 'identity' },
    ...(org ? [{ name: ORGANIZATION_STACK_NAME, kind: 'organization' as const, accountId: org.managementAccountId, region: model.region, deploymentRoleName: org.roleName, deploymentExternalId: model.deployment.externalId, environment: 'management' }] : []),
    ...model.accounts.map((a) => ({ name: a.key, kind: 'account' as const, accountId: a.accountId, region: a.region, deploymentRoleName: a.deploymentRoleName, deploymentExternalId: a.deploymentExternalId, environment: a.environment, tags: a.tags })),
  ];
}

/** The one stack of this name, or an error naming the stacks. */
const stacksByName = new WeakMap<OrgModel, ReadonlyMap<string, AwsStack>>();

export function findAwsStack(model: OrgModel, name: string): AwsStack {
  let byName = stacksByName.get(model);
  if (!byName) {
    byName = new Map(awsStacks(model).map((s) => [s.name, s]));
    stacksByName.set(model, byName);
  }
  const stack = byName.get(name);
  if (!stack) throw new Error(`No stack "${name}" deploys to AWS. Stacks: ${awsStacks(model).map((s) => s.name).join(', ')}.`);
  return stack;
}

/** The workspace of a stack: the cloud backend's pattern with `{organization}` and `{stack}` replaced. */
export function workspaceName(model: Pick<OrgModel, 'organization'> & { readonly deployment: Pick<OrgModel['deployment'], 'backend'> }, stack: string): string {
  const backend = model.deployment.backend;
  const pattern = (backend.type === 'cloud' ? backend.workspacePattern : undefined) ?? DEFAULT_WORKSPACE_PATTERN;
  return pattern.replace(/\{organization\}/g, model.organization).replace(/\{stack\}/g, stack);
}

/** What a run of this stack's workspace carries in its token. */
export function workspaceRef(model: OrgModel, hcp: HcpTerraformModel, stack: string): HcpWorkspaceRef {
  return { organization: hcp.organization, project: hcp.project, workspace: workspaceName(model, stack) };
}

/** A role by name pattern (`{stack}` replaced). */
export function deployerRoleName(pattern: string, stack: string): string {
  return pattern.replace(/\{stack\}/g, stack);
}

/** The plan and apply roles of one stack, in that stack's account. */
export interface DeployerRoles {
  readonly path: string;
  readonly plan: { readonly name: string; readonly arn: string };
  readonly apply: { readonly name: string; readonly arn: string };
}

export function deployerRoles(hcp: HcpTerraformModel, stack: AwsStack): DeployerRoles {
  const role = (pattern: string) => {
    const name = deployerRoleName(pattern, stack.name);
    return { name, arn: roleArn(stack.accountId, name, hcp.rolePath) };
  };
  return { path: hcp.rolePath, plan: role(hcp.planRoleName), apply: role(hcp.applyRoleName) };
}

/**
 * What no apply role of an account may change or delete: every deployer role of every stack in that
 * account (another stack's workspace must not take over this one's, nor the organization stack's),
 * every deployment role used there (the admin path), and HCP Terraform's OIDC provider.
 */
export function deployerGuardIn(model: OrgModel, hcp: HcpTerraformModel, accountId: string): string[] {
  const arns = awsStacks(model)
    .filter((s) => s.accountId === accountId)
    .flatMap((s) => {
      const roles = deployerRoles(hcp, s);
      return [roles.plan.arn, roles.apply.arn, roleArn(accountId, s.deploymentRoleName)];
    });
  return [...new Set([...arns, oidcProviderArn(accountId, hcpIssuerUrl(hcp.hostname))])].sort();
}

/**
 * The bootstrap stack that holds each account's HCP Terraform OIDC provider: the first stack of the
 * account (identity, organization, then accounts in file order). The others of the same account
 * only reference it, so the provider is made once.
 */
const ownersOf = new WeakMap<OrgModel, ReadonlyMap<string, string>>();

export function oidcProviderOwners(model: OrgModel): ReadonlyMap<string, string> {
  let owners = ownersOf.get(model);
  if (!owners) {
    const map = new Map<string, string>();
    for (const s of awsStacks(model)) if (!map.has(s.accountId)) map.set(s.accountId, s.name);
    owners = map;
    ownersOf.set(model, owners);
  }
  return owners;
}

/**
 * The order runs go in: the workspaces stack, then member accounts in waves (a stack after those
 * whose roles its roles trust), then identity (its policies name the members' roles), then organization (its perimeter excepts
 * roles that must exist). Within a wave, runs may go side by side.
 */
export function runWaves(model: OrgModel): string[][] {
  const deps = stackDependencies(model);
  // Wave 1: the workspaces stack, since a new workspace must exist before its first run.
  const waves: string[][] = [[WORKSPACES_STACK_NAME]];
  const done = new Set<string>();
  let left = model.accounts.map((a) => a.key);
  while (left.length > 0) {
    const wave = left.filter((k) => (deps.get(k) ?? []).every((d) => done.has(d) || d === k));
    // A cycle of trusts (a trusts b, b trusts a) cannot be ordered: trust goes through the account
    // root, so either order works; the rest go together.
    const next = wave.length > 0 ? wave : left;
    waves.push(next);
    for (const k of next) done.add(k);
    left = left.filter((k) => !done.has(k));
  }
  waves.push([IDENTITY_STACK_NAME]);
  if (model.guardrails.organization) waves.push([ORGANIZATION_STACK_NAME]);
  return waves;
}

/**
 * Every deploy-order dependency between stacks: the accounts' (see `stackDependencies`), and in HCP
 * Terraform mode a bootstrap stack after the one that makes its account's OIDC provider.
 */
export function deployDependencies(model: OrgModel): Map<string, string[]> {
  const deps = stackDependencies(model);
  const hcp = model.deployment.hcpTerraform;
  if (!hcp || hcp.oidcProvider === 'existing') return deps;
  const owners = oidcProviderOwners(model);
  for (const stack of awsStacks(model)) {
    const owner = owners.get(stack.accountId)!;
    if (owner !== stack.name) deps.set(bootstrapStackName(stack.name), [bootstrapStackName(owner)]);
  }
  return deps;
}
