/**
 * The module set users can import on their own (`cross-account-iam/modules`): trust roles,
 * assume-role groups, SAML roles, OIDC providers, customer policies and guardrails, without the org
 * file.
 */
export * from './cross-account-role';
export * from './assume-role-group';
export * from './terraform-id';
export * from './stable-id';
export * from './terraform-literal';
export * from './assume-alert';
export * from './alert-topic';
export * from './assume-role-perimeter';
export * from './customer-policy';
export * from './oidc-provider';
export * from './saml-role';
