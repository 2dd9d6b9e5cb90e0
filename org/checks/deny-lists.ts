/**
 * `roles.<name>.deny`: each name is a person's entry of this file (a group, SAML role or
 * permission set; workloads reach a role only where their own assume map grants it), and no one is
 * both granted and denied the same role.
 */
import type { OrgIssue } from '../errors';
import { CheckContext, didYouMean, listOrNone } from './context';

export function denyListIssues({ file, assumerEntries }: CheckContext): OrgIssue[] {
  const issues: OrgIssue[] = [];
  const deniable = assumerEntries.filter((e) => e.section === 'groups' || e.section === 'samlRoles' || e.section === 'permissionSets');
  for (const [roleName, role] of Object.entries(file.roles ?? {})) {
    (role.deny ?? []).forEach((name, i) => {
      const entry = assumerEntries.find((e) => e.name === name);
      if (!entry) {
        const known = deniable.map((e) => e.name);
        issues.push({ path: ['roles', roleName, 'deny', i], message: `"${name}" is not a group, SAML role or permission set of this file (groups, samlRoles, permissionSets).${didYouMean(name, known)} Fix: use one of: ${listOrNone(known)}, or remove it from deny.` });
        return;
      }
      if (entry.section === 'githubActions' || entry.section === 'oidc') {
        issues.push({
          path: ['roles', roleName, 'deny', i],
          message: `"${name}" is a workload of ${entry.section}, trusted by the role itself: it reaches the role only where ${entry.section}.${name}.assume grants it. Fix: remove ${name} from deny (and ${roleName} from ${entry.section}.${name}.assume).`,
        });
        return;
      }
      if (entry.assume[roleName] !== undefined) {
        issues.push({
          path: [entry.section, name, 'assume', roleName],
          at: 'key',
          message: `grants role "${roleName}", but roles.${roleName}.deny lists ${entry.section === 'groups' ? 'group' : entry.section === 'samlRoles' ? 'SAML role' : 'permission set'} "${name}": the file both grants and denies it. Fix: remove ${roleName} from ${entry.section}.${name}.assume, or remove ${name} from roles.${roleName}.deny.`,
        });
      }
    });
  }
  return issues;
}
