export * from './cross-account-role';
export * from './assume-role-group';
export * from './terraform-id';
export * from './terraform-literal';
