import { managedPolicyArn, parseIamPrincipalArn } from '../policy/arn';
import { DEFAULT_QUOTAS } from '../policy/quotas';
import { TrustedPrincipal } from '../policy/trust-policy';
import { awsDataIssues } from './aws-checks';
import { OrgIssue } from './errors';
import {
  AccountModel,
  DEFAULT_DEPLOYMENT_ROLE,
  DEFAULT_MAX_SESSION_SECONDS,
  GrantModel,
  GroupModel,
  OrgModel,
  RoleModel,
} from './model';
import { OrgFile } from './schema';
import { suggest } from './suggest';

/** Stack names the app uses itself; an account may not take them. */
export const RESERVED_STACK_NAMES = ['identity', 'organization'] as const;

/**
 * Checks what the schema cannot (references between sections, uniqueness, who is inside the org)
 * and resolves defaults. Returns every issue found, or the model when there is none.
 */
export function resolveOrg(file: OrgFile, sourceFile: string): { model?: OrgModel; issues: OrgIssue[] } {
  const issues: OrgIssue[] = awsDataIssues(file);
  const accountKeys = Object.keys(file.accounts);
  const roleEntries = Object.entries(file.roles ?? {});
  const groupEntries = Object.entries(file.groups ?? {});
  const list = (names: string[]) => (names.length ? names.join(', ') : '(none defined)');
  const didYouMean = (name: string, known: string[]) => {
    const near = suggest(name, known);
    return near ? ` Did you mean "${near}"?` : '';
  };

  // Accounts: unique ids, no reserved stack names.
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

  // Role and group names are case-insensitive in IAM.
  const policyEntries = Object.entries(file.policies ?? {});
  for (const [section, entries, kind] of [['roles', roleEntries, 'role'], ['groups', groupEntries, 'group'], ['policies', policyEntries, 'policy']] as const) {
    const lower = new Map<string, string>();
    for (const [name] of entries) {
      const other = lower.get(name.toLowerCase());
      if (other) issues.push({ path: [section, name], at: 'key', message: `IAM ${kind} names are case-insensitive: "${name}" and "${other}" are the same ${kind}. Fix: rename one.` });
      lower.set(name.toLowerCase(), name);
    }
  }

  const knownAccounts = new Set(accountKeys);
  const accountOrder = new Map(accountKeys.map((k, i) => [k, i]));
  const selectAccounts = (sel: '*' | string[], path: (string | number)[], allowed: string[], fixTarget: string): string[] => {
    if (sel === '*') return allowed;
    const allowedSet = allowed === accountKeys ? knownAccounts : new Set(allowed);
    const out = new Set<string>();
    sel.forEach((key, i) => {
      if (!knownAccounts.has(key)) {
        issues.push({ path: [...path, i], message: `account "${key}" is not defined under accounts.${didYouMean(key, accountKeys)} Fix: use one of: ${list(accountKeys)}, or add it under accounts.` });
      } else if (!allowedSet.has(key)) {
        issues.push({ path: [...path, i], message: `account "${key}" is not one of ${fixTarget}. Fix: add ${key} to ${fixTarget}, or remove it here.` });
      } else {
        out.add(key);
      }
    });
    return [...out];
  };

  // Where each role lives: its own `accounts`, else wherever groups grant it.
  const roleAccounts = new Map<string, string[]>();
  for (const [name, role] of roleEntries) {
    if (role.accounts !== undefined) {
      roleAccounts.set(name, selectAccounts(role.accounts, ['roles', name, 'accounts'], accountKeys, 'accounts'));
    }
  }
  const implied = new Map<string, Set<string>>();
  for (const [, group] of groupEntries) {
    for (const [roleName, sel] of Object.entries(group.assume ?? {})) {
      if (!file.roles?.[roleName] || roleAccounts.has(roleName)) continue;
      const set = implied.get(roleName) ?? new Set<string>();
      for (const key of sel === '*' ? accountKeys : sel) if (knownAccounts.has(key)) set.add(key);
      implied.set(roleName, set);
    }
  }
  for (const [name] of roleEntries) {
    if (!roleAccounts.has(name)) roleAccounts.set(name, accountKeys.filter((k) => implied.get(name)?.has(k)));
  }

  // IAM policy names are unique in an account whatever their path: where the identity account is
  // also a member account, a policy may not take the name of a group's own assume-role policy.
  const identityIsMember = Object.values(file.accounts).some((a) => a.accountId === file.identity.accountId);
  if (identityIsMember) {
    for (const [policyName] of policyEntries) {
      const group = groupEntries.find(([g]) => new RegExp(`^${g.replace(/[.+]/g, '\\$&')}-assume-roles(-\\d+)?$`, 'i').test(policyName));
      if (group) {
        issues.push({
          path: ['policies', policyName],
          at: 'key',
          message: `"${policyName}" is the name of the assume-role policy of group ${group[0]}, and the identity account ${file.identity.accountId} is also a member account here, where IAM policy names must be unique. Fix: rename this policy.`,
        });
      }
    }
  }

  // Deny lists name defined groups, and no group both is granted a role and denied it.
  const deniedRoles = new Map<string, string[]>();
  for (const [roleName, role] of roleEntries) {
    (role.deny ?? []).forEach((groupName, i) => {
      const group = file.groups?.[groupName];
      if (!group) {
        issues.push({ path: ['roles', roleName, 'deny', i], message: `group "${groupName}" is not defined under groups.${didYouMean(groupName, groupEntries.map(([n]) => n))} Fix: use one of: ${list(groupEntries.map(([n]) => n))}, or remove it from deny.` });
        return;
      }
      if (group.assume?.[roleName] !== undefined) {
        issues.push({
          path: ['groups', groupName, 'assume', roleName],
          at: 'key',
          message: `grants role "${roleName}", but roles.${roleName}.deny lists group "${groupName}": the file both grants and denies it. Fix: remove ${roleName} from groups.${groupName}.assume, or remove ${groupName} from roles.${roleName}.deny.`,
        });
      }
      const denied = deniedRoles.get(groupName) ?? [];
      if (!denied.includes(roleName)) denied.push(roleName);
      deniedRoles.set(groupName, denied);
    });
  }

  // Groups: every grant names a defined role and an account the role lives in.
  const groups: GroupModel[] = [];
  const grantedRoles = new Set<string>();
  for (const [groupName, group] of groupEntries) {
    const grants: GrantModel[] = [];
    for (const [roleName, sel] of Object.entries(group.assume ?? {})) {
      const path = ['groups', groupName, 'assume', roleName];
      if (!file.roles?.[roleName]) {
        issues.push({ path, at: 'key', message: `role "${roleName}" is not defined under roles.${didYouMean(roleName, roleEntries.map(([n]) => n))} Fix: use one of: ${list(roleEntries.map(([n]) => n))}, or define it under roles.` });
        continue;
      }
      const where = roleAccounts.get(roleName) ?? [];
      const explicit = file.roles[roleName].accounts !== undefined;
      const keys = explicit ? selectAccounts(sel, path, where, `roles.${roleName}.accounts`) : selectAccounts(sel, path, accountKeys, 'accounts');
      for (const account of keys) grants.push({ role: roleName, account });
      if (keys.length > 0) grantedRoles.add(roleName);
    }
    grants.sort((a, b) => accountOrder.get(a.account)! - accountOrder.get(b.account)! || a.role.localeCompare(b.role));
    groups.push({ name: groupName, path: group.path ?? '/', grants, adopt: group.adopt ?? false, deniedRoles: deniedRoles.get(groupName) ?? [] });
  }

  // A bare name in managedPolicies or permissionsBoundary that the policies section defines means that policy.
  const isCustomer = (ref: string) => Object.prototype.hasOwnProperty.call(file.policies ?? {}, ref);

  // Roles: trust resolved; who is inside the org decided by the account ids this file names.
  const orgAccountIds = new Set([file.identity.accountId, ...Object.values(file.accounts).map((a) => a.accountId)]);
  const roles: RoleModel[] = [];
  for (const [name, role] of roleEntries) {
    const trust = role.trust ?? {};
    const base = ['roles', name];
    const mfa = trust.mfa ?? true;
    if (trust.mfaMaxAgeSeconds !== undefined && !mfa) {
      issues.push({ path: [...base, 'trust', 'mfaMaxAgeSeconds'], message: 'is set but trust.mfa is false. Fix: remove mfaMaxAgeSeconds, or set mfa: true.' });
    }
    const principals: TrustedPrincipal[] = [];
    (trust.principals ?? []).forEach((value, i) => {
      const parsed = parseIamPrincipalArn(value);
      if (!parsed) {
        issues.push({ path: [...base, 'trust', 'principals', i], message: `"${value}" is not an IAM role, user or account ARN. Fix: write it like arn:aws:iam::999999999999:role/Name (no wildcards).` });
        return;
      }
      if (parsed.accountId === file.identity.accountId && parsed.kind !== 'role') {
        const who = parsed.kind === 'root' ? 'the whole identity account (every IAM user and role in it)' : 'an IAM user of the identity account, a person';
        issues.push({
          path: [...base, 'trust', 'principals', i],
          message: `${value} is ${who}; people in the identity account reach roles only through groups, with MFA as the role's trust requires, never by a weaker direct trust. Fix: remove it here and grant the role to a group under groups (put the user in that group); a role of the identity account (e.g. a CI workload) may be named here instead.`,
        });
        return;
      }
      const insideOrg = orgAccountIds.has(parsed.accountId);
      if (!insideOrg && trust.externalId === undefined) {
        issues.push({
          path: [...base, 'trust', 'principals', i],
          message: `${value} is outside the org (account ${parsed.accountId} is not named in this file) and needs an external id against the confused-deputy problem. Fix: add trust.externalId with the id agreed with that party.`,
        });
      }
      principals.push({ principal: parsed, insideOrg });
    });
    const granted = grantedRoles.has(name);
    if (trust.mfaMaxAgeSeconds !== undefined && !granted) {
      issues.push({ path: [...base, 'trust', 'mfaMaxAgeSeconds'], message: 'applies to people, but no group grants this role. Fix: remove it, or grant the role to a group.' });
    }
    const accounts = roleAccounts.get(name) ?? [];
    if (accounts.length === 0 && role.accounts === undefined) {
      issues.push({ path: base, at: 'key', message: 'lives in no account: it has no accounts key and no group grants it. Fix: add accounts: [..] or "*", or grant it under groups.' });
    }
    roles.push({
      name,
      path: role.path ?? '/',
      description: role.description,
      tags: role.tags ?? {},
      managedPolicyArns: (role.managedPolicies ?? []).filter((ref) => !isCustomer(ref)).map(managedPolicyArn),
      customerPolicies: [...new Set((role.managedPolicies ?? []).filter(isCustomer))],
      inlinePolicies: Object.entries(role.inlinePolicies ?? {}).map(([policyName, document]) => ({ name: policyName, document })),
      permissionsBoundaryArn: role.permissionsBoundary === undefined || isCustomer(role.permissionsBoundary) ? undefined : managedPolicyArn(role.permissionsBoundary),
      permissionsBoundaryPolicy: role.permissionsBoundary !== undefined && isCustomer(role.permissionsBoundary) ? role.permissionsBoundary : undefined,
      deniedGroups: [...new Set(role.deny ?? [])],
      maxSessionDuration: role.maxSessionDuration ?? DEFAULT_MAX_SESSION_SECONDS,
      accountKeys: accounts,
      protect: role.protect ?? false,
      adopt: role.adopt ?? false,
      alertOnAssume: role.alertOnAssume ?? false,
      trust: {
        // People reach every role that a group grants, and every role with no one else to trust.
        identityAccountId: granted || principals.length === 0 ? file.identity.accountId : undefined,
        mfa,
        mfaMaxAgeSeconds: trust.mfaMaxAgeSeconds,
        orgId: file.orgId,
        principals,
        externalId: trust.externalId,
        sourceIps: trust.sourceIps ?? [],
        sessionTags: trust.sessionTags ?? false,
        sourceIdentity: trust.sourceIdentity ?? false,
      },
    });
  }

  // Suppressions name roles, groups and accounts that must exist.
  (file.lint?.suppressions ?? []).forEach((sup, i) => {
    const path = ['lint', 'suppressions', i];
    if (sup.role !== undefined && !file.roles?.[sup.role])
      issues.push({ path: [...path, 'role'], message: `role "${sup.role}" is not defined under roles.${didYouMean(sup.role, roleEntries.map(([n]) => n))} Fix: name a defined role, or remove the suppression.` });
    if (sup.group !== undefined && !file.groups?.[sup.group])
      issues.push({ path: [...path, 'group'], message: `group "${sup.group}" is not defined under groups.${didYouMean(sup.group, groupEntries.map(([n]) => n))} Fix: name a defined group, or remove the suppression.` });
    if (sup.account !== undefined && !knownAccounts.has(sup.account))
      issues.push({ path: [...path, 'account'], message: `account "${sup.account}" is not defined under accounts.${didYouMean(sup.account, accountKeys)} Fix: name a defined account, or remove the suppression.` });
  });

  // Guardrails: the perimeter needs the org id; its exceptions and alerts name real things.
  const guard = file.guardrails;
  if (guard?.organization && !file.orgId) {
    issues.push({ path: ['guardrails', 'organization'], message: 'needs orgId: the perimeter policy allows principals of your organization only. Fix: set orgId at the top of the file.' });
  }
  (guard?.organization?.exceptRoles ?? []).forEach((name, i) => {
    if (!file.roles?.[name]) issues.push({ path: ['guardrails', 'organization', 'exceptRoles', i], message: `role "${name}" is not defined under roles.${didYouMean(name, roleEntries.map(([n]) => n))} Fix: name a defined role.` });
  });
  if (guard?.accessAnalyzer === 'organization' && !guard.organization) {
    issues.push({ path: ['guardrails', 'accessAnalyzer'], message: 'an organization analyzer lives in the organization stack. Fix: add guardrails.organization (managementAccountId, targets), or use "account".' });
  }
  const alerting = roleEntries.filter(([, r]) => r.alertOnAssume).map(([n]) => n);
  if (alerting.length > 0 && !guard?.alerts?.emails?.length && !guard?.alerts?.topicArn) {
    issues.push({ path: ['roles', alerting[0], 'alertOnAssume'], message: 'has nowhere to send alerts. Fix: set guardrails.alerts.emails or guardrails.alerts.topicArn.' });
  }

  if (issues.length > 0) return { issues };
  const accounts: AccountModel[] = Object.entries(file.accounts).map(([key, a]) => ({
    key,
    accountId: a.accountId,
    environment: a.environment,
    region: a.region ?? file.region,
    tags: a.tags ?? {},
    deploymentRoleName: a.deployment?.roleName ?? file.deployment?.roleName ?? DEFAULT_DEPLOYMENT_ROLE,
    deploymentExternalId: a.deployment?.externalId ?? file.deployment?.externalId,
  }));
  const roleNames = roles.map((r) => r.name);
  const thirdPartyRoles = roles.filter((r) => r.trust.principals.some((p) => !p.insideOrg)).map((r) => r.name);
  return {
    issues,
    model: {
      sourceFile,
      organization: file.organization,
      orgId: file.orgId,
      region: file.region,
      identityAccountId: file.identity.accountId,
      deployment: {
        roleName: file.deployment?.roleName ?? DEFAULT_DEPLOYMENT_ROLE,
        externalId: file.deployment?.externalId,
        backend: file.deployment?.backend ?? { type: 'local' },
      },
      accounts,
      roles,
      groups,
      policies: policyEntries.map(([name, p]) => ({ name, path: p.path ?? '/', description: p.description, document: p.document })),
      quotas: { ...DEFAULT_QUOTAS, ...file.quotas },
      lintSuppressions: file.lint?.suppressions ?? [],
      guardrails: {
        organization: guard?.organization && {
          managementAccountId: guard.organization.managementAccountId,
          roleName: guard.organization.roleName ?? file.deployment?.roleName ?? DEFAULT_DEPLOYMENT_ROLE,
          targets: guard.organization.targets,
          exceptRoles: (guard.organization.exceptRoles ?? thirdPartyRoles).filter((n) => roleNames.includes(n)),
        },
        alerts: { emails: guard?.alerts?.emails ?? [], topicArn: guard?.alerts?.topicArn },
        accessAnalyzer: guard?.accessAnalyzer,
      },
    },
  };
}
