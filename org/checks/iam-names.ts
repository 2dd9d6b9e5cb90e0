/**
 * Names IAM or this app would confuse: role, group, policy, SAML role and permission set names that
 * differ only in case (IAM compares them case-insensitively), assumers of different kinds sharing a
 * name (deny lists and lint suppressions name them), and, where the identity account is also a
 * member account, a policy or SAML role taking the name of something the app creates there.
 */
import type { OrgIssue } from '../errors';
import type { AssumerSection } from '../model';
import type { CheckContext } from './context';

export function iamNameIssues(ctx: CheckContext): OrgIssue[] {
  return [...caseInsensitiveNameIssues(ctx), ...sharedAssumerNameIssues(ctx), ...identityAccountNameIssues(ctx)];
}

/** Role and group names are case-insensitive in IAM; permission sets become roles AWSReservedSSO_<name>_..., and SAML roles are roles: case-insensitive too. */
function caseInsensitiveNameIssues({ file }: CheckContext): OrgIssue[] {
  const issues: OrgIssue[] = [];
  const sections = [
    ['roles', file.roles, 'role'],
    ['groups', file.groups, 'group'],
    ['policies', file.policies, 'policy'],
    ['samlRoles', file.samlRoles, 'SAML role'],
    ['permissionSets', file.permissionSets, 'Identity Center permission set'],
  ] as const;
  for (const [section, entries, kind] of sections) {
    const lower = new Map<string, string>();
    for (const name of Object.keys(entries ?? {})) {
      const other = lower.get(name.toLowerCase());
      if (other) issues.push({ path: [section, name], at: 'key', message: `IAM ${kind} names are case-insensitive: "${name}" and "${other}" are the same ${kind}. Fix: rename one.` });
      lower.set(name.toLowerCase(), name);
    }
  }
  return issues;
}

/** Deny lists and lint suppressions name assumers: one name, one assumer, whatever its kind. */
function sharedAssumerNameIssues({ assumerEntries }: CheckContext): OrgIssue[] {
  const issues: OrgIssue[] = [];
  const assumerNames = new Map<string, { section: AssumerSection; name: string }>();
  for (const entry of assumerEntries) {
    const other = assumerNames.get(entry.name.toLowerCase());
    if (other && other.section !== entry.section) {
      issues.push({
        path: [entry.section, entry.name],
        at: 'key',
        message: `"${entry.name}" is also the name of ${other.section}.${other.name}: groups, permission sets, SAML roles and OIDC entries share one namespace (deny lists and lint suppressions name them, case-insensitively). Fix: rename one.`,
      });
    }
    if (!other) assumerNames.set(entry.name.toLowerCase(), entry);
  }
  return issues;
}

/**
 * Where the identity account is also a member account, names there are unique across what the
 * identity stack and the account stack create: IAM policy names whatever their path (a policy may
 * not take the name of a group's own assume-role policy), and role names (a SAML role may not take
 * the name of a role created in that account).
 */
function identityAccountNameIssues({ file, assumerEntries, identityIsMemberKey, roleAccounts, roleNames }: CheckContext): OrgIssue[] {
  if (identityIsMemberKey === undefined) return [];
  const issues: OrgIssue[] = [];
  const withAssumePolicy = assumerEntries.filter((e) => e.section === 'groups' || e.section === 'samlRoles').map((e) => e.name);
  for (const policyName of Object.keys(file.policies ?? {})) {
    const group = withAssumePolicy.find((g) => new RegExp(`^${g.replace(/[.+]/g, '\\$&')}-assume-roles(-\\d+)?$`, 'i').test(policyName));
    if (group !== undefined) {
      issues.push({
        path: ['policies', policyName],
        at: 'key',
        message: `"${policyName}" is the name of the assume-role policy of ${file.groups?.[group] ? 'group' : 'SAML role'} ${group}, and the identity account ${file.identity.accountId} is also a member account here, where IAM policy names must be unique. Fix: rename this policy.`,
      });
    }
  }
  for (const name of identityIsMemberKey ? Object.keys(file.samlRoles ?? {}) : []) {
    const clash = roleNames.find((r) => r.toLowerCase() === name.toLowerCase() && (roleAccounts.get(r) ?? []).includes(identityIsMemberKey));
    if (clash !== undefined) {
      issues.push({ path: ['samlRoles', name], at: 'key', message: `the identity account is also member account "${identityIsMemberKey}", where roles.${clash} is created: IAM role names are unique in an account, case-insensitively. Fix: rename the SAML role or the role.` });
    }
  }
  return issues;
}
