export * from './cross-account-role';
export * from './assume-role-group';
export * from './terraform-id';
export * from './stable-id';
export * from './terraform-literal';
export * from './assume-alert';
export * from './alert-topic';
export * from './assume-role-perimeter';
