import { App } from 'cdktf';
import { AccountModel, OrgModel } from '../org/model';
import { stackDependencies } from '../org/layout';
import { AccountStack } from './account-stack';
import { IDENTITY_STACK, IdentityStack } from './identity-stack';
import { ORGANIZATION_STACK, OrganizationStack } from './organization-stack';

/** Which stacks to build: all by default. */
export interface StackSelection {
  readonly identity: boolean;
  /** The management account's stack, when guardrails.organization is set. */
  readonly organization?: boolean;
  readonly accounts: readonly AccountModel[];
}

/** A stack name that does not exist (in `STACKS`). */
export class UnknownStackError extends Error {
  constructor(names: readonly string[], known: readonly string[]) {
    super(`STACKS names ${names.map((n) => `"${n}"`).join(', ')}, which the org file does not define. Stacks: ${known.join(', ')}.`);
    this.name = 'UnknownStackError';
  }
}

/** The stacks named in `names` (e.g. from `STACKS=dev,prod`), or every stack when none is named. */
export function selectStacks(model: OrgModel, names?: readonly string[]): StackSelection {
  const hasOrganization = model.guardrails.organization !== undefined;
  if (!names || names.length === 0) return { identity: true, organization: hasOrganization, accounts: model.accounts };
  const known = [IDENTITY_STACK, ...(hasOrganization ? [ORGANIZATION_STACK] : []), ...model.accounts.map((a) => a.key)];
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) throw new UnknownStackError(unknown, known);
  const wanted = new Set(names);
  return { identity: wanted.has(IDENTITY_STACK), organization: wanted.has(ORGANIZATION_STACK), accounts: model.accounts.filter((a) => wanted.has(a.key)) };
}

/** The stacks of an org: `identity`, `organization` when guardrails ask for it, then one per account key (or the selection given). */
export function buildApp(
  model: OrgModel,
  app: App,
  selection: StackSelection = selectStacks(model),
): { identity?: IdentityStack; organization?: OrganizationStack; accounts: AccountStack[] } {
  const identity = selection.identity ? new IdentityStack(app, model) : undefined;
  const organization = selection.organization ? new OrganizationStack(app, model) : undefined;
  const accounts = selection.accounts.map((account) => new AccountStack(app, model, account));
  const byName = new Map(accounts.map((a) => [a.account.key, a]));
  for (const [stack, needs] of stackDependencies(model)) {
    for (const other of needs) {
      const from = byName.get(stack);
      const to = byName.get(other);
      if (from && to) from.addDependency(to);
    }
  }
  return { identity, organization, accounts };
}
