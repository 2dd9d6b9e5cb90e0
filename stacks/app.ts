import { App } from 'cdktf';
import { AccountModel, OrgModel } from '../org/model';
import { AccountStack } from './account-stack';
import { IDENTITY_STACK, IdentityStack } from './identity-stack';

/** Which stacks to build: all by default. */
export interface StackSelection {
  readonly identity: boolean;
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
  if (!names || names.length === 0) return { identity: true, accounts: model.accounts };
  const known = [IDENTITY_STACK, ...model.accounts.map((a) => a.key)];
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) throw new UnknownStackError(unknown, known);
  const wanted = new Set(names);
  return { identity: wanted.has(IDENTITY_STACK), accounts: model.accounts.filter((a) => wanted.has(a.key)) };
}

/** The stacks of an org: `identity`, then one per account key (or the selection given). */
export function buildApp(model: OrgModel, app: App, selection: StackSelection = selectStacks(model)): { identity?: IdentityStack; accounts: AccountStack[] } {
  const identity = selection.identity ? new IdentityStack(app, model) : undefined;
  const accounts = selection.accounts.map((account) => new AccountStack(app, model, account));
  return { identity, accounts };
}
