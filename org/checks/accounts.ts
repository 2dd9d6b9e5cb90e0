/**
 * The accounts section: at least one account, each account id used by one key only, and no key
 * that takes the name of a stack the app makes itself (each account becomes a stack of its key).
 */
import type { OrgIssue } from '../errors';
import { IDENTITY_STACK_NAME, ORGANIZATION_STACK_NAME } from '../hcp-terraform';
import type { CheckContext } from './context';

/** Stack names the app uses itself; an account may not take them. */
export const RESERVED_STACK_NAMES = [IDENTITY_STACK_NAME, ORGANIZATION_STACK_NAME] as const;

export function accountIssues({ file, accountKeys }: CheckContext): OrgIssue[] {
  const issues: OrgIssue[] = [];
  const seenIds = new Map<string, string>();
  for (const [key, account] of Object.entries(file.accounts)) {
    if ((RESERVED_STACK_NAMES as readonly string[]).includes(key)) {
      issues.push({ path: ['accounts', key], at: 'key', message: `"${key}" is the name of a stack the app makes itself. Fix: rename the account, e.g. ${key}-account.` });
    }
    const other = seenIds.get(account.accountId);
    if (other) {
      issues.push({ path: ['accounts', key, 'accountId'], message: `account id ${account.accountId} is already used by account "${other}". Fix: each account key needs its own account id.` });
    } else {
      seenIds.set(account.accountId, key);
    }
  }
  if (accountKeys.length === 0) {
    issues.push({ path: ['accounts'], message: 'names no account. Fix: add at least one member account, e.g. dev: { accountId: "222222222222" }.' });
  }
  return issues;
}
