import { customerPolicyArn, roleArn, switchRoleUrl } from '../policy/arn';
import type { AccountModel, AssumerModel, CustomerPolicyModel, GrantModel, OrganizationalUnitModel, OrgModel, RoleModel, WebIdentityModel } from './model';

/** A workload with an OIDC token (GitHub Actions or another issuer), trusted through its issuer's OIDC provider. */
export function isWebIdentity(assumer: AssumerModel): assumer is WebIdentityModel {
  return assumer.kind === 'github-actions' || assumer.kind === 'oidc';
}

/** Lookup tables per model, built once: large orgs look accounts and roles up thousands of times. */
interface Index {
  readonly accounts: Map<string, AccountModel>;
  readonly roles: Map<string, RoleModel>;
  readonly policies: Map<string, CustomerPolicyModel>;
  /** `<role> <account>` -> the assumers other than IAM groups granted it there. */
  readonly assumersOf: Map<string, AssumerModel[]>;
  /** `<role> <account>` of every grant of an IAM group. */
  readonly groupGrants: Set<string>;
  readonly assumers: Map<string, AssumerModel>;
}
const indexes = new WeakMap<OrgModel, Index>();
function indexOf(model: OrgModel): Index {
  let index = indexes.get(model);
  if (!index) {
    const assumersOf = new Map<string, AssumerModel[]>();
    const groupGrants = new Set<string>();
    for (const assumer of model.assumers) {
      if (assumer.kind === 'iam-group') {
        for (const g of assumer.grants) groupGrants.add(`${g.role} ${g.account}`);
        continue;
      }
      for (const g of assumer.grants) {
        const key = `${g.role} ${g.account}`;
        assumersOf.set(key, [...(assumersOf.get(key) ?? []), assumer]);
      }
    }
    index = {
      accounts: new Map(model.accounts.map((a) => [a.key, a])),
      roles: new Map(model.roles.map((r) => [r.name, r])),
      policies: new Map(model.policies.map((p) => [p.name, p])),
      assumersOf,
      groupGrants,
      assumers: new Map(model.assumers.map((a) => [a.name, a])),
    };
    indexes.set(model, index);
  }
  return index;
}

/** `key` in one of the model's tables, or an error naming what is missing and the org file. */
function found<T>(model: OrgModel, table: ReadonlyMap<string, T>, key: string, what: string): T {
  const value = table.get(key);
  if (!value) throw new Error(`No ${what} "${key}" in ${model.sourceFile}.`);
  return value;
}

export function findAccount(model: OrgModel, key: string): AccountModel {
  return found(model, indexOf(model).accounts, key, 'account');
}

export function findRole(model: OrgModel, name: string): RoleModel {
  return found(model, indexOf(model).roles, name, 'role');
}

export function findPolicy(model: OrgModel, name: string): CustomerPolicyModel {
  return found(model, indexOf(model).policies, name, 'policy');
}

/** The organizational unit with key `key`. */
export function findUnit(model: OrgModel, key: string): OrganizationalUnitModel {
  const unit = model.organizationalUnits?.find((u) => u.key === key);
  if (!unit) throw new Error(`No organizational unit "${key}" in ${model.sourceFile}.`);
  return unit;
}

/** The assumer of any kind named `name`. */
export function findAssumer(model: OrgModel, name: string): AssumerModel {
  return found(model, indexOf(model).assumers, name, 'group, permission set, SAML role or OIDC entry');
}

/** The assumers other than IAM groups (permission sets, SAML roles, web identities) granted `role` in `accountKey`, in file order. */
export function assumersOf(model: OrgModel, role: string, accountKey: string): readonly AssumerModel[] {
  return indexOf(model).assumersOf.get(`${role} ${accountKey}`) ?? [];
}

/** Whether an IAM group grants `role` in `accountKey`. */
export function groupGrants(model: OrgModel, role: string, accountKey: string): boolean {
  return indexOf(model).groupGrants.has(`${role} ${accountKey}`);
}

/** The customer managed policies the roles of one account use, in the order of the policies section. */
export function policiesIn(model: OrgModel, accountKey: string): CustomerPolicyModel[] {
  const used = new Set(rolesIn(model, accountKey).flatMap((r) => [...r.customerPolicies, ...(r.permissionsBoundaryPolicy ? [r.permissionsBoundaryPolicy] : [])]));
  return model.policies.filter((p) => used.has(p.name));
}

/** The ARN of customer policy `policy` in account `accountId`. */
export function policyArnIn(accountId: string, policy: CustomerPolicyModel): string {
  return customerPolicyArn(accountId, policy.name, policy.path);
}

const rolesByAccount = new WeakMap<OrgModel, Map<string, RoleModel[]>>();
/** The roles created in one account, in the order of the roles section. */
export function rolesIn(model: OrgModel, accountKey: string): RoleModel[] {
  // Indexed once: a large org asks for every account, and each role lists thousands of accounts.
  let byAccount = rolesByAccount.get(model);
  if (!byAccount) {
    byAccount = new Map();
    for (const role of model.roles) for (const key of role.accountKeys) byAccount.set(key, [...(byAccount.get(key) ?? []), role]);
    rolesByAccount.set(model, byAccount);
  }
  return [...(byAccount.get(accountKey) ?? [])];
}

/** The ARN of the granted role in the granted account. */
export function grantRoleArn(model: OrgModel, grant: GrantModel): string {
  const role = findRole(model, grant.role);
  return roleArn(findAccount(model, grant.account).accountId, role.name, role.path);
}

/** The console link that switches into `role` in `account`. */
export function roleSwitchUrl(account: AccountModel, role: RoleModel): string {
  return switchRoleUrl(account.accountId, role.name, role.path, `${role.name} @ ${account.key}`.slice(0, 64));
}
