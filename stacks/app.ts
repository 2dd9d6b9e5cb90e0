/**
 * Builds the app from the org model: which stacks (all, or those STACKS names), in which order, and
 * the bootstrap and workspaces stacks of HCP Terraform mode.
 */
import { App, TerraformStack } from 'cdktf';
import { AccountModel, OrgModel } from '../org/model';
import { findAccount } from '../org/lookup';
import { awsStacks, bootstrappedStack, bootstrapStackName, deployDependencies, findAwsStack, WORKSPACES_STACK_NAME } from '../org/hcp-terraform';
import { emulatorTarget } from './emulator-target';
import { AccountStack } from './account-stack';
import { BootstrapStack, contentsOf } from './bootstrap-stack';
import { IDENTITY_STACK, IdentityStack } from './identity-stack';
import { ORGANIZATION_STACK, OrganizationStack } from './organization-stack';
import { WorkspacesStack } from './workspaces-stack';
import { checkTerraformVersionOnce } from './version-checks';

checkTerraformVersionOnce();

/** Which stacks to build: all by default. */
export interface StackSelection {
  readonly identity: boolean;
  /** The management account's stack, when guardrails.organization is set. */
  readonly organization?: boolean;
  readonly accounts: readonly AccountModel[];
  /** HCP Terraform mode: the workspaces stack (never on an emulator, which has no HCP Terraform). */
  readonly workspaces?: boolean;
  /** HCP Terraform mode: the stacks (identity, organization, account keys) whose `bootstrap-<stack>` to build. */
  readonly bootstraps?: readonly string[];
}

/** A stack name that does not exist (in `STACKS`). */
export class UnknownStackError extends Error {
  constructor(names: readonly string[], known: readonly string[]) {
    super(`STACKS names ${names.map((n) => `"${n}"`).join(', ')}, which the org file does not define. Stacks: ${known.join(', ')}.`);
    this.name = 'UnknownStackError';
  }
}

/** The stacks of HCP Terraform mode that this run builds: the workspaces stack (not on an emulator) and the bootstraps. */
function hcpStackNames(model: OrgModel): { workspaces: boolean; bootstraps: string[] } | undefined {
  if (!model.deployment.hcpTerraform) return undefined;
  return { workspaces: emulatorTarget() === undefined, bootstraps: awsStacks(model).map((s) => s.name) };
}

/** The stacks named in `names` (e.g. from `STACKS=dev,prod`), or every stack when none is named. */
export function selectStacks(model: OrgModel, names?: readonly string[]): StackSelection {
  const hasOrganization = model.guardrails.organization !== undefined;
  const hcp = hcpStackNames(model);
  if (!names || names.length === 0) return { identity: true, organization: hasOrganization, accounts: model.accounts, ...(hcp ?? {}) };
  const known = [
    IDENTITY_STACK,
    ...(hasOrganization ? [ORGANIZATION_STACK] : []),
    ...model.accounts.map((a) => a.key),
    ...(hcp?.workspaces ? [WORKSPACES_STACK_NAME] : []),
    ...(hcp?.bootstraps ?? []).map(bootstrapStackName),
  ];
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) throw new UnknownStackError(unknown, known);
  const wanted = new Set(names);
  return {
    identity: wanted.has(IDENTITY_STACK),
    organization: wanted.has(ORGANIZATION_STACK),
    accounts: model.accounts.filter((a) => wanted.has(a.key)),
    ...(hcp ? { workspaces: wanted.has(WORKSPACES_STACK_NAME), bootstraps: names.flatMap((n) => bootstrappedStack(n) ?? []) } : {}),
  };
}

/** The stacks of an org: `identity`, `organization` when guardrails ask for it, then one per account key (or the selection given). */
export function buildApp(
  model: OrgModel,
  app: App,
  selection: StackSelection = selectStacks(model),
): { identity?: IdentityStack; organization?: OrganizationStack; accounts: AccountStack[]; bootstraps: BootstrapStack[]; workspaces?: WorkspacesStack } {
  const identity = selection.identity ? new IdentityStack(app, model) : undefined;
  const organization = selection.organization ? new OrganizationStack(app, model) : undefined;
  const accounts = selection.accounts.map((account) => new AccountStack(app, model, account));
  const built = new Map<string, TerraformStack>([...(identity ? [[IDENTITY_STACK, identity] as const] : []), ...(organization ? [[ORGANIZATION_STACK, organization] as const] : []), ...accounts.map((a) => [a.account.key, a] as const)]);
  const bootstraps = (selection.bootstraps ?? []).map((name) => {
    const stack = findAwsStack(model, name);
    return new BootstrapStack(app, model, stack, contentsOf(built.get(name) ?? buildAlone(model, name), stack.accountId));
  });
  const workspaces = selection.workspaces ? new WorkspacesStack(app, model) : undefined;
  const byName = new Map<string, TerraformStack>([...built, ...bootstraps.map((b) => [b.node.id, b] as const)]);
  for (const [stack, needs] of deployDependencies(model)) {
    for (const other of needs) {
      const from = byName.get(stack);
      const to = byName.get(other);
      if (from && to) from.addDependency(to);
    }
  }
  return { identity, organization, accounts, bootstraps, workspaces };
}

/** A stack built in an app of its own that is never synthesized: what a bootstrap needs to know of a stack not selected. */
function buildAlone(model: OrgModel, name: string): TerraformStack {
  const app = new App({ skipValidation: true });
  if (name === IDENTITY_STACK) return new IdentityStack(app, model);
  if (name === ORGANIZATION_STACK) return new OrganizationStack(app, model);
  return new AccountStack(app, model, findAccount(model, name));
}
