/**
 * Who may assume what, where: a role's own `accounts` name defined accounts, and every grant of an
 * assumer (`<section>.<name>.assume`) names a defined role and accounts where that role lives.
 */
import type { OrgIssue } from '../errors';
import { assumerGrants, CheckContext, selectAccounts } from './context';
import { openSubject } from './identity-providers';

export function grantIssues(ctx: CheckContext): OrgIssue[] {
  const { file, accountKeys } = ctx;
  const issues: OrgIssue[] = [];
  for (const [name, role] of Object.entries(file.roles ?? {})) {
    if (role.accounts !== undefined) issues.push(...selectAccounts(ctx, role.accounts, ['roles', name, 'accounts'], accountKeys, 'accounts').issues);
  }
  for (const entry of ctx.assumerEntries) {
    // An OIDC entry whose subjects let anyone in is reported for that alone (identity-providers.ts): its grants wait until it is fixed.
    if (entry.section === 'oidc' && openSubject(file.oidc![entry.name]) !== undefined) continue;
    issues.push(...assumerGrants(ctx, entry).issues);
  }
  return issues;
}
