/** `lint.suppressions`: each names a role, an assumer and an account that this file defines. */
import type { OrgIssue } from '../errors';
import { CheckContext, didYouMean } from './context';

export function lintSuppressionIssues({ file, roleNames, assumerEntries, accountKeys, knownAccounts }: CheckContext): OrgIssue[] {
  const issues: OrgIssue[] = [];
  (file.lint?.suppressions ?? []).forEach((sup, i) => {
    const path = ['lint', 'suppressions', i];
    if (sup.role !== undefined && !file.roles?.[sup.role])
      issues.push({ path: [...path, 'role'], message: `role "${sup.role}" is not defined under roles.${didYouMean(sup.role, roleNames)} Fix: name a defined role, or remove the suppression.` });
    // A finding about people or workloads names their entry, whatever its kind.
    if (sup.group !== undefined && !assumerEntries.some((e) => e.name === sup.group))
      issues.push({ path: [...path, 'group'], message: `group "${sup.group}" is not defined under groups.${didYouMean(sup.group, assumerEntries.map((e) => e.name))} Fix: name a defined group (or permission set, SAML role or OIDC entry), or remove the suppression.` });
    if (sup.account !== undefined && !knownAccounts.has(sup.account))
      issues.push({ path: [...path, 'account'], message: `account "${sup.account}" is not defined under accounts.${didYouMean(sup.account, accountKeys)} Fix: name a defined account, or remove the suppression.` });
  });
  return issues;
}
