export * from './arn';
export * from './condition';
export * from './principal';
export * from './statement';
export * from './document';
export * from './trust-policy';
export * from './assume-policy';
