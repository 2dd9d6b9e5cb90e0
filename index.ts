/** cross-account-iam: the access model, its policies and the CDKTF constructs, usable on their own. */
export * from './policy';
export * from './modules';
export { loadOrgFile, parseOrg, orgFilePath } from './org/load';
export { OrgConfigError } from './org/errors';
export type { OrgModel, AccountModel, RoleModel, GroupModel, GrantModel } from './org/model';
export { buildApp } from './stacks/app';
export { IdentityStack } from './stacks/identity-stack';
export { AccountStack } from './stacks/account-stack';
