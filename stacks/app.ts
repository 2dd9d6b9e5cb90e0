import { App } from 'cdktf';
import { OrgModel } from '../org/model';
import { AccountStack } from './account-stack';
import { IdentityStack } from './identity-stack';

/** All stacks of an org: `identity`, then one per account key. */
export function buildApp(model: OrgModel, app: App): { identity: IdentityStack; accounts: AccountStack[] } {
  const identity = new IdentityStack(app, model);
  const accounts = model.accounts.map((account) => new AccountStack(app, model, account));
  return { identity, accounts };
}
