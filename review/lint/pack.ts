import { adminWithoutMfa } from './rules/cai001-admin-without-mfa';
import { thirdPartyWithoutExternalId } from './rules/cai002-third-party-without-external-id';
import { wildcardPrincipal } from './rules/cai003-wildcard-principal';
import { wholeAccountWithoutCondition } from './rules/cai004-whole-account-without-condition';
import { longPrivilegedSession } from './rules/cai005-long-privileged-session';
import { iamWithoutBoundary } from './rules/cai006-iam-without-boundary';
import { wildcardAction } from './rules/cai007-wildcard-action';
import { groupReachesEveryAccount } from './rules/cai008-group-reaches-every-account';
import { webIdentityAnyBranch } from './rules/cai009-web-identity-any-branch';
import { grantEnded } from './rules/cai010-grant-ended';
import { grantEndsSoon } from './rules/cai011-grant-ends-soon';
import { LintRule } from './rule';

/** Every rule, in id order. */
export const RULES: readonly LintRule[] = [
  adminWithoutMfa,
  thirdPartyWithoutExternalId,
  wildcardPrincipal,
  wholeAccountWithoutCondition,
  longPrivilegedSession,
  iamWithoutBoundary,
  wildcardAction,
  groupReachesEveryAccount,
  webIdentityAnyBranch,
  grantEnded,
  grantEndsSoon,
];
