import { managedPolicyArn, oidcIssuerHostPath, parseIamPrincipalArn, samlProviderArn } from '../policy/arn';
import {
  AWS_SAML_AUDIENCE,
  GITHUB_ACTIONS_AUDIENCE,
  GITHUB_ACTIONS_ISSUER,
  GitHubActionsAssumer,
  IamGroupAssumer,
  PermissionSetAssumer,
  SamlRoleAssumer,
  WebIdentityAssumer,
} from '../policy/assumers';
import { DEFAULT_QUOTAS } from '../policy/quotas';
import { TrustedPrincipal } from '../policy/trust-policy';
import { ALERT_FORWARDER_ROLE } from '../policy/alert-policies';
import { awsDataIssues } from './aws-checks';
import { hcpTerraformFileIssues, hcpTerraformModelIssues, resolveHcpTerraform } from './checks/hcp-terraform';
import { IDENTITY_STACK_NAME, ORGANIZATION_STACK_NAME } from './hcp-terraform';
import { OrgIssue } from './errors';
import {
  AccountModel,
  AssumerModel,
  AssumerSection,
  DEFAULT_DEPLOYMENT_ROLE,
  DEFAULT_MAX_SESSION_SECONDS,
  GrantModel,
  GroupModel,
  OrgModel,
  RoleModel,
} from './model';
import type { ExpandedOrgFile } from './organizational-units';
import { suggest } from './suggest';

/** Stack names the app uses itself; an account may not take them. */
export const RESERVED_STACK_NAMES = [IDENTITY_STACK_NAME, ORGANIZATION_STACK_NAME] as const;

/**
 * Checks what the schema cannot (references between sections, uniqueness, who is inside the org)
 * and resolves defaults. Returns every issue found, or the model when there is none.
 */
export function resolveOrg(file: ExpandedOrgFile, sourceFile: string): { model?: Omit<OrgModel, 'warnings'>; issues: OrgIssue[]; warnings: OrgIssue[] } {
  const issues: OrgIssue[] = awsDataIssues(file);
  const warnings: OrgIssue[] = [];
  const accountKeys = Object.keys(file.accounts);
  const roleEntries = Object.entries(file.roles ?? {});
  const groupEntries = Object.entries(file.groups ?? {});
  // Every kind of assumer, each with an assume map of the same shape.
  const assumerEntries: { section: AssumerSection; name: string; assume: Record<string, '*' | string[]> }[] = [
    ...groupEntries.map(([name, g]) => ({ section: 'groups' as const, name, assume: g.assume ?? {} })),
    ...Object.entries(file.permissionSets ?? {}).map(([name, p]) => ({ section: 'permissionSets' as const, name, assume: p?.assume ?? {} })),
    ...Object.entries(file.samlRoles ?? {}).map(([name, r]) => ({ section: 'samlRoles' as const, name, assume: r?.assume ?? {} })),
    ...Object.entries(file.githubActions ?? {}).map(([name, g]) => ({ section: 'githubActions' as const, name, assume: g?.assume ?? {} })),
    ...Object.entries(file.oidc ?? {}).map(([name, o]) => ({ section: 'oidc' as const, name, assume: o?.assume ?? {} })),
  ];
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
  // Permission sets become roles AWSReservedSSO_<name>_..., and SAML roles are roles: case-insensitive too.
  const samlEntries = Object.entries(file.samlRoles ?? {});
  const permissionSetEntries = Object.entries(file.permissionSets ?? {});
  for (const [section, entries, kind] of [['roles', roleEntries, 'role'], ['groups', groupEntries, 'group'], ['policies', policyEntries, 'policy'], ['samlRoles', samlEntries, 'SAML role'], ['permissionSets', permissionSetEntries, 'Identity Center permission set']] as const) {
    const lower = new Map<string, string>();
    for (const [name] of entries) {
      const other = lower.get(name.toLowerCase());
      if (other) issues.push({ path: [section, name], at: 'key', message: `IAM ${kind} names are case-insensitive: "${name}" and "${other}" are the same ${kind}. Fix: rename one.` });
      lower.set(name.toLowerCase(), name);
    }
  }

  // Deny lists and lint suppressions name assumers: one name, one assumer, whatever its kind.
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

  // Where break-glass alerts are watched: STS's global endpoint logs in us-east-1, regional ones in their region.
  const alertRegions = [...new Set(file.guardrails?.alerts?.regions ?? [file.region, ...Object.values(file.accounts).map((a) => a.region ?? file.region), 'us-east-1'])].sort();

  // Where each role lives: its own `accounts`, else wherever groups grant it.
  const roleAccounts = new Map<string, string[]>();
  for (const [name, role] of roleEntries) {
    if (role.accounts !== undefined) {
      roleAccounts.set(name, selectAccounts(role.accounts, ['roles', name, 'accounts'], accountKeys, 'accounts'));
    }
  }
  const implied = new Map<string, Set<string>>();
  for (const entry of assumerEntries) {
    for (const [roleName, sel] of Object.entries(entry.assume)) {
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
  // The member account that is also the identity account, if any.
  const identityIsMemberKey = Object.entries(file.accounts).find(([, a]) => a.accountId === file.identity.accountId)?.[0];
  if (identityIsMemberKey !== undefined) {
    for (const [policyName] of policyEntries) {
      const group = assumerEntries.filter((e) => e.section === 'groups' || e.section === 'samlRoles').map((e) => [e.name]).find(([g]) => new RegExp(`^${g.replace(/[.+]/g, '\\$&')}-assume-roles(-\\d+)?$`, 'i').test(policyName));
      if (group) {
        issues.push({
          path: ['policies', policyName],
          at: 'key',
          message: `"${policyName}" is the name of the assume-role policy of ${file.groups?.[group[0]] ? 'group' : 'SAML role'} ${group[0]}, and the identity account ${file.identity.accountId} is also a member account here, where IAM policy names must be unique. Fix: rename this policy.`,
        });
      }
    }
  }

  // Deny lists name people (groups, SAML roles, permission sets), and none is both granted and denied a role.
  const deniedRoles = new Map<string, string[]>();
  const deniable = assumerEntries.filter((e) => e.section === 'groups' || e.section === 'samlRoles' || e.section === 'permissionSets');
  for (const [roleName, role] of roleEntries) {
    (role.deny ?? []).forEach((name, i) => {
      const entry = assumerEntries.find((e) => e.name === name);
      if (!entry) {
        const known = deniable.map((e) => e.name);
        issues.push({ path: ['roles', roleName, 'deny', i], message: `"${name}" is not a group, SAML role or permission set of this file (groups, samlRoles, permissionSets).${didYouMean(name, known)} Fix: use one of: ${list(known)}, or remove it from deny.` });
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
      const denied = deniedRoles.get(name) ?? [];
      if (!denied.includes(roleName)) denied.push(roleName);
      deniedRoles.set(name, denied);
    });
  }

  // Every assumer: every grant names a defined role and an account the role lives in.
  const grantsOf = (section: AssumerSection, name: string, assume: Record<string, '*' | string[]>): GrantModel[] => {
    const grants: GrantModel[] = [];
    for (const [roleName, sel] of Object.entries(assume)) {
      const path = [section, name, 'assume', roleName];
      if (!file.roles?.[roleName]) {
        issues.push({ path, at: 'key', message: `role "${roleName}" is not defined under roles.${didYouMean(roleName, roleEntries.map(([n]) => n))} Fix: use one of: ${list(roleEntries.map(([n]) => n))}, or define it under roles.` });
        continue;
      }
      const where = roleAccounts.get(roleName) ?? [];
      const explicit = file.roles[roleName].accounts !== undefined;
      const keys = explicit ? selectAccounts(sel, path, where, `roles.${roleName}.accounts`) : selectAccounts(sel, path, accountKeys, 'accounts');
      for (const account of keys) grants.push({ role: roleName, account });
    }
    return grants.sort((a, b) => accountOrder.get(a.account)! - accountOrder.get(b.account)! || a.role.localeCompare(b.role));
  };
  const identityId = file.identity.accountId;
  const groups: GroupModel[] = [];
  const assumers: AssumerModel[] = [];
  for (const [groupName, group] of groupEntries) {
    const model: GroupModel = {
      kind: 'iam-group',
      section: 'groups',
      name: groupName,
      principal: new IamGroupAssumer(identityId, groupName),
      path: group.path ?? '/',
      grants: grantsOf('groups', groupName, group.assume ?? {}),
      adopt: group.adopt ?? false,
      deniedRoles: deniedRoles.get(groupName) ?? [],
    };
    groups.push(model);
    assumers.push(model);
  }
  for (const [name, set] of Object.entries(file.permissionSets ?? {})) {
    assumers.push({ kind: 'permission-set', section: 'permissionSets', name, principal: new PermissionSetAssumer(identityId, name), grants: grantsOf('permissionSets', name, set.assume ?? {}), deniedRoles: deniedRoles.get(name) ?? [] });
  }
  for (const [name, saml] of Object.entries(file.samlRoles ?? {})) {
    const path = ['samlRoles', name];
    const arn = /^arn:/.test(saml.provider) ? saml.provider : samlProviderArn(identityId, saml.provider);
    if (!arn.startsWith(`arn:aws:iam::${identityId}:`)) {
      issues.push({ path: [...path, 'provider'], message: `${saml.provider} is a SAML provider of another account; people sign in to the identity account ${identityId}, whose role the app creates. Fix: name the identity account's SAML provider (its name, e.g. Okta, or arn:aws:iam::${identityId}:saml-provider/Okta).` });
    }
    const clash = identityIsMemberKey && roleEntries.find(([r]) => r.toLowerCase() === name.toLowerCase() && (roleAccounts.get(r) ?? []).includes(identityIsMemberKey));
    if (clash) {
      issues.push({ path, at: 'key', message: `the identity account is also member account "${identityIsMemberKey}", where roles.${clash[0]} is created: IAM role names are unique in an account, case-insensitively. Fix: rename the SAML role or the role.` });
    }
    assumers.push({
      kind: 'saml-role',
      section: 'samlRoles',
      name,
      // Where a role it may assume takes a source identity, the sign-in must carry it too: AWS keeps it through the chain.
      principal: new SamlRoleAssumer(identityId, name, saml.path ?? '/', arn, saml.audience ?? AWS_SAML_AUDIENCE, saml.sessionTags ?? false, Object.keys(saml.assume ?? {}).some((r) => file.roles?.[r]?.trust?.sourceIdentity === true)),
      maxSessionDuration: saml.maxSessionDuration ?? DEFAULT_MAX_SESSION_SECONDS,
      grants: grantsOf('samlRoles', name, saml.assume ?? {}),
      deniedRoles: deniedRoles.get(name) ?? [],
    });
  }
  // One OIDC provider per issuer and account: every entry of an issuer must agree on how it is had.
  const providerModes = new Map<string, { mode: string; where: string }>();
  const checkProviderMode = (section: string, name: string, issuerUrl: string, mode: string) => {
    const host = oidcIssuerHostPath(issuerUrl);
    const other = providerModes.get(host);
    if (other && other.mode !== mode) {
      issues.push({ path: [section, name, 'oidcProvider'], message: `is ${mode}, but ${other.where}.oidcProvider is ${other.mode} for the same issuer ${host}; an account has one OIDC provider per issuer. Fix: give both the same oidcProvider.` });
    }
    if (!other) providerModes.set(host, { mode, where: `${section}.${name}` });
  };
  for (const [name, gh] of Object.entries(file.githubActions ?? {})) {
    const mode = gh.oidcProvider ?? 'create';
    const principal = new GitHubActionsAssumer(name, gh.repository, { branches: gh.branches, tags: gh.tags, environments: gh.environments }, gh.audience ?? GITHUB_ACTIONS_AUDIENCE);
    checkProviderMode('githubActions', name, principal.issuerUrl, mode);
    assumers.push({ kind: 'github-actions', section: 'githubActions', name, principal, oidcProvider: mode, thumbprints: [], grants: grantsOf('githubActions', name, gh.assume ?? {}), deniedRoles: [] });
  }
  /** A sub of GitHub's tokens that names no owner: a wildcard in its first part, or in the owner of `repo:`/`repository:` or the `repository_owner[_id]`/`repository_id` of a customized sub. */
  const anyGitHubOwner = (sub: string) => /^[^:]*[*?]|^(?:repo|repository):[^/:]*[*?]|^(?:repository_owner|repository_owner_id|repository_id):[^:]*[*?]/.test(sub);
  for (const [name, o] of Object.entries(file.oidc ?? {})) {
    const mode = o.oidcProvider ?? 'create';
    const wildcard = o.subjects.findIndex((sub) => /^[*?]*$/.test(sub));
    if (wildcard >= 0) {
      issues.push({
        path: ['oidc', name, 'subjects', wildcard],
        message: `"${o.subjects[wildcard]}" matches every subject: any workload that can get a token from ${o.issuer} could assume the role. Fix: list the exact sub claims that may assume, e.g. project_path:acme/infra:ref_type:branch:ref:main.`,
      });
      continue;
    }
    // GitHub's issuer serves every repository on GitHub: a sub whose owner is a wildcard lets in anyone's workflow.
    const anyOwner = oidcIssuerHostPath(o.issuer) === oidcIssuerHostPath(GITHUB_ACTIONS_ISSUER) ? o.subjects.findIndex(anyGitHubOwner) : -1;
    if (anyOwner >= 0) {
      issues.push({
        path: ['oidc', name, 'subjects', anyOwner],
        message: `"${o.subjects[anyOwner]}" lets in repositories of any GitHub owner: anyone's workflow on GitHub could get such a token and assume the role. Fix: name the owner, e.g. repo:acme/*:ref:refs/heads/main, or use githubActions with repository: owner/name.`,
      });
      continue;
    }
    checkProviderMode('oidc', name, o.issuer, mode);
    if (mode === 'existing' && o.thumbprints !== undefined) {
      issues.push({ path: ['oidc', name, 'thumbprints'], message: 'apply only to an OIDC provider the app creates or adopts, and oidcProvider is existing (made elsewhere). Fix: remove thumbprints here and set them where the provider is made, or set oidcProvider: create.' });
    }
    assumers.push({
      kind: 'oidc',
      section: 'oidc',
      name,
      principal: new WebIdentityAssumer(name, o.issuer, o.audiences, o.subjects),
      oidcProvider: mode,
      thumbprints: o.thumbprints ?? [],
      grants: grantsOf('oidc', name, o.assume ?? {}),
      deniedRoles: [],
    });
  }
  const grantedRoles = new Set(groups.flatMap((g) => g.grants.map((x) => x.role)));
  const assumedBy = new Map<string, AssumerModel[]>();
  for (const a of assumers) for (const g of a.grants) if (!assumedBy.get(g.role)?.includes(a)) assumedBy.set(g.role, [...(assumedBy.get(g.role) ?? []), a]);

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
    const others = (assumedBy.get(name) ?? []).filter((a) => a.kind !== 'iam-group');
    if (trust.mfaMaxAgeSeconds !== undefined && !granted) {
      issues.push({ path: [...base, 'trust', 'mfaMaxAgeSeconds'], message: 'applies to people, but no group grants this role. Fix: remove it, or grant the role to a group.' });
    }
    if (trust.externalId !== undefined && principals.length === 0 && (trust.principals ?? []).length === 0) {
      warnings.push({
        path: [...base, 'trust', 'externalId'],
        message: 'applies to the principals of trust.principals only (third parties and CI), and this role names none: no one is asked for it. Fix: remove externalId, or list the principals that must pass it.',
      });
    }
    const federated = others.filter((a) => a.kind === 'permission-set' || a.kind === 'saml-role');
    if (trust.mfa === true && !granted && federated.length > 0) {
      warnings.push({
        path: [...base, 'trust', 'mfa'],
        message: `applies to IAM users in groups only, and no group grants this role: ${federated.map((a) => `${a.section}.${a.name}`).join(', ')} sign in through an identity provider, which AWS sets no MFA key for. Fix: require MFA in the identity provider (Identity Center or the SAML IdP), and remove trust.mfa here.`,
      });
    }
    // Role chaining: a session assumed from a role session lasts 1 hour at most, whatever the role allows.
    const chainedOnly = !granted && (others.length > 0 || principals.length > 0) && others.every((a) => a.principal.chained) && principals.every((p) => p.principal.kind === 'role');
    if (chainedOnly && (role.maxSessionDuration ?? DEFAULT_MAX_SESSION_SECONDS) > DEFAULT_MAX_SESSION_SECONDS) {
      const who = [...others.map((a) => `${a.section}.${a.name}`), ...principals.map((p) => p.principal.arn)];
      warnings.push({
        path: [...base, 'maxSessionDuration'],
        message: `is ${role.maxSessionDuration} seconds, but only role sessions assume this role (${who.join(', ')}): AWS caps a session assumed from another role's session at 1 hour (role chaining), so no one gets more. Fix: set maxSessionDuration to 3600, or grant the role to a group whose people need longer sessions.`,
      });
    }
    const accounts = roleAccounts.get(name) ?? [];
    // Per account, a role that nothing grants there trusts the identity account's people, as a role
    // granted to no one does (org/render.ts): said for every such account of a role granted somewhere.
    if (principals.length === 0 && (granted || others.length > 0)) {
      const grantedIn = new Set((assumedBy.get(name) ?? []).flatMap((a) => a.grants.filter((g) => g.role === name).map((g) => g.account)));
      const bare = accounts.filter((k) => !grantedIn.has(k));
      if (bare.length > 0) {
        warnings.push({
          path: [...base, 'accounts'],
          message: `places the role in ${bare.join(', ')}, where nothing grants it: there its trust falls back to the identity account's IAM users${mfa ? ' (with MFA)' : ''}, as for a role granted to no one, and only those whose own policy allows it could assume it. Fix: grant it there, or remove ${bare.join(', ')} from roles.${name}.accounts.`,
        });
      }
    }
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
      deniedGroups: [...new Set(role.deny ?? [])].filter((n) => file.groups?.[n] !== undefined),
      denied: [...new Set(role.deny ?? [])],
      maxSessionDuration: role.maxSessionDuration ?? DEFAULT_MAX_SESSION_SECONDS,
      accountKeys: accounts,
      protect: role.protect ?? false,
      adopt: role.adopt ?? false,
      alertOnAssume: role.alertOnAssume ?? false,
      trust: {
        // People are trusted per account (org/render.ts, roleTrustPolicy): where a group grants the
        // role, and where nothing else is trusted. The role-wide spec names no identity account.
        identityAccountId: undefined,
        mfa,
        mfaMaxAgeSeconds: trust.mfaMaxAgeSeconds,
        orgId: file.orgId,
        principals,
        externalId: trust.externalId,
        sourceIps: trust.sourceIps ?? [],
        // A break-glass role is assumed only through the regions its alerts watch: none goes unannounced.
        ...(role.alertOnAssume ? { requestedRegions: alertRegions } : {}),
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
    // A finding about people or workloads names their entry, whatever its kind.
    if (sup.group !== undefined && !assumerEntries.some((e) => e.name === sup.group))
      issues.push({ path: [...path, 'group'], message: `group "${sup.group}" is not defined under groups.${didYouMean(sup.group, assumerEntries.map((e) => e.name))} Fix: name a defined group (or permission set, SAML role or OIDC entry), or remove the suppression.` });
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
  // The role that forwards alerts of other regions is the app's own: no role of the file may take its name.
  for (const [name] of roleEntries) {
    if (name.toLowerCase() === ALERT_FORWARDER_ROLE.toLowerCase()) {
      issues.push({ path: ['roles', name], at: 'key', message: `is the name of the role the app makes to forward break-glass alerts between regions (IAM role names are unique in an account, case-insensitively). Fix: rename the role.` });
    }
  }
  // EventBridge publishes to an SNS topic of its own region only: an alert rule elsewhere would send nothing.
  const topicRegion = guard?.alerts?.topicArn?.split(':')[3];
  if (topicRegion && alerting.length > 0) {
    const elsewhere = [...new Set(alerting.flatMap((n) => roleAccounts.get(n) ?? []))].filter((k) => (file.accounts[k]?.region ?? file.region) !== topicRegion);
    if (elsewhere.length > 0) {
      issues.push({
        path: ['guardrails', 'alerts', 'topicArn'],
        message: `is in ${topicRegion}, but roles with alertOnAssume live in ${elsewhere.join(', ')}, whose region differs: EventBridge publishes to a topic of its own region only, so their alerts would go nowhere. Fix: use guardrails.alerts.emails (a topic in each account's region), or put those accounts in ${topicRegion}.`,
      });
    }
  }
  if (alerting.length > 0 && !guard?.alerts?.emails?.length && !guard?.alerts?.topicArn) {
    issues.push({ path: ['roles', alerting[0], 'alertOnAssume'], message: 'has nowhere to send alerts. Fix: set guardrails.alerts.emails or guardrails.alerts.topicArn.' });
  }

  issues.push(...hcpTerraformFileIssues(file));

  if (issues.length > 0) return { issues, warnings };
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
  const model: Omit<OrgModel, 'warnings'> = {
    sourceFile,
    organization: file.organization,
    orgId: file.orgId,
    region: file.region,
    identityAccountId: file.identity.accountId,
    deployment: {
      roleName: file.deployment?.roleName ?? DEFAULT_DEPLOYMENT_ROLE,
      externalId: file.deployment?.externalId,
      backend: file.deployment?.backend ?? { type: 'local' },
      ...(file.deployment?.hcpTerraform ? { hcpTerraform: resolveHcpTerraform(file) } : {}),
    },
    accounts,
    roles,
    groups,
    assumers,
    policies: policyEntries.map(([name, p]) => ({ name, path: p.path ?? '/', description: p.description, document: p.document, adopt: p.adopt ?? false })),
    quotas: { ...DEFAULT_QUOTAS, ...file.quotas },
    lintSuppressions: file.lint?.suppressions ?? [],
    guardrails: {
      organization: guard?.organization && {
        managementAccountId: guard.organization.managementAccountId,
        roleName: guard.organization.roleName ?? file.deployment?.roleName ?? DEFAULT_DEPLOYMENT_ROLE,
        targets: guard.organization.targets,
        exceptRoles: (guard.organization.exceptRoles ?? thirdPartyRoles).filter((n) => roleNames.includes(n)),
      },
      alerts: {
        emails: guard?.alerts?.emails ?? [],
        topicArn: guard?.alerts?.topicArn,
        // STS's global endpoint logs in us-east-1, regional ones in their region.
        regions: alertRegions,
      },
      accessAnalyzer: guard?.accessAnalyzer,
    },
  };
  issues.push(...hcpTerraformModelIssues(model));
  return issues.length > 0 ? { issues, warnings } : { issues, warnings, model };
}
