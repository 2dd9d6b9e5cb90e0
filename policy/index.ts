/**
 * The policy core as a library (`cross-account-iam/policy`): principals, conditions, statements,
 * documents, trust and assume-role policies, IAM names and quotas; nothing of cdktf.
 */
export * from './arn';
export * from './condition';
export * from './principal';
export * from './statement';
export * from './document';
export * from './trust-policy';
export * from './assumers';
export * from './assume-policy';
export * from './names';
export * from './quotas';
export * from './perimeter-policy';
