/**
 * Builds the `OrgModel` from an org file that passed every check (org/checks/): defaults applied,
 * grants resolved to accounts, trust principals parsed. It reports nothing; the checks did.
 */
import { managedPolicyArn, parseIamPrincipalArn, samlProviderArn } from '../policy/arn';
import { AWS_SAML_AUDIENCE, GITHUB_ACTIONS_AUDIENCE, GitHubActionsAssumer, IamGroupAssumer, PermissionSetAssumer, SamlRoleAssumer, WebIdentityAssumer } from '../policy/assumers';
import { DEFAULT_QUOTAS } from '../policy/quotas';
import { TrustedPrincipal } from '../policy/trust-policy';
import { assumerGrants, CheckContext } from './checks/context';
import { resolveHcpTerraform } from './checks/hcp-terraform';
import { AccountModel, AssumerModel, AssumerSection, DEFAULT_DEPLOYMENT_ROLE, DEFAULT_MAX_SESSION_SECONDS, GroupModel, OrgModel, RoleModel } from './model';

export function buildModel(ctx: CheckContext): Omit<OrgModel, 'warnings'> {
  const { file } = ctx;
  const guard = file.guardrails;
  // Where break-glass alerts are watched: STS's global endpoint logs in us-east-1, regional ones in their region.
  const alertRegions = [...new Set(guard?.alerts?.regions ?? [file.region, ...Object.values(file.accounts).map((a) => a.region ?? file.region), 'us-east-1'])].sort();
  const roles = roleModels(ctx, alertRegions);
  const roleNames = roles.map((r) => r.name);
  const thirdPartyRoles = roles.filter((r) => r.trust.principals.some((p) => !p.insideOrg)).map((r) => r.name);
  const { groups, assumers } = assumerModels(ctx);
  return {
    sourceFile: ctx.sourceFile,
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
    accounts: accountModels(ctx),
    roles,
    groups,
    assumers,
    policies: Object.entries(file.policies ?? {}).map(([name, p]) => ({ name, path: p.path ?? '/', description: p.description, document: p.document, adopt: p.adopt ?? false })),
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
        regions: alertRegions,
      },
      accessAnalyzer: guard?.accessAnalyzer,
    },
  };
}

function accountModels({ file }: CheckContext): AccountModel[] {
  return Object.entries(file.accounts).map(([key, a]) => ({
    key,
    accountId: a.accountId,
    environment: a.environment,
    region: a.region ?? file.region,
    tags: a.tags ?? {},
    deploymentRoleName: a.deployment?.roleName ?? file.deployment?.roleName ?? DEFAULT_DEPLOYMENT_ROLE,
    deploymentExternalId: a.deployment?.externalId ?? file.deployment?.externalId,
  }));
}

/** The assumers of every kind, in the order of their sections; the IAM groups also on their own. */
function assumerModels(ctx: CheckContext): { groups: GroupModel[]; assumers: AssumerModel[] } {
  const { file } = ctx;
  const identityId = file.identity.accountId;
  const grants = new Map(ctx.assumerEntries.map((e) => [`${e.section} ${e.name}`, assumerGrants(ctx, e).grants]));
  const grantsOf = (section: AssumerSection, name: string) => grants.get(`${section} ${name}`) ?? [];
  // The roles whose deny lists name each group, SAML role or permission set, in role order.
  const deniedRoles = new Map<string, string[]>();
  for (const [roleName, role] of Object.entries(file.roles ?? {})) {
    for (const name of role.deny ?? []) {
      const denied = deniedRoles.get(name) ?? [];
      if (!denied.includes(roleName)) denied.push(roleName);
      deniedRoles.set(name, denied);
    }
  }
  const groups: GroupModel[] = Object.entries(file.groups ?? {}).map(([name, group]) => ({
    kind: 'iam-group',
    section: 'groups',
    name,
    principal: new IamGroupAssumer(identityId, name),
    path: group.path ?? '/',
    grants: grantsOf('groups', name),
    adopt: group.adopt ?? false,
    deniedRoles: deniedRoles.get(name) ?? [],
  }));
  const assumers: AssumerModel[] = [...groups];
  for (const name of Object.keys(file.permissionSets ?? {})) {
    assumers.push({ kind: 'permission-set', section: 'permissionSets', name, principal: new PermissionSetAssumer(identityId, name), grants: grantsOf('permissionSets', name), deniedRoles: deniedRoles.get(name) ?? [] });
  }
  for (const [name, saml] of Object.entries(file.samlRoles ?? {})) {
    const arn = /^arn:/.test(saml.provider) ? saml.provider : samlProviderArn(identityId, saml.provider);
    assumers.push({
      kind: 'saml-role',
      section: 'samlRoles',
      name,
      // Where a role it may assume takes a source identity, the sign-in must carry it too: AWS keeps it through the chain.
      principal: new SamlRoleAssumer(identityId, name, saml.path ?? '/', arn, saml.audience ?? AWS_SAML_AUDIENCE, saml.sessionTags ?? false, Object.keys(saml.assume ?? {}).some((r) => file.roles?.[r]?.trust?.sourceIdentity === true)),
      maxSessionDuration: saml.maxSessionDuration ?? DEFAULT_MAX_SESSION_SECONDS,
      grants: grantsOf('samlRoles', name),
      deniedRoles: deniedRoles.get(name) ?? [],
    });
  }
  for (const [name, gh] of Object.entries(file.githubActions ?? {})) {
    const principal = new GitHubActionsAssumer(name, gh.repository, { branches: gh.branches, tags: gh.tags, environments: gh.environments }, gh.audience ?? GITHUB_ACTIONS_AUDIENCE);
    assumers.push({ kind: 'github-actions', section: 'githubActions', name, principal, oidcProvider: gh.oidcProvider ?? 'create', thumbprints: [], grants: grantsOf('githubActions', name), deniedRoles: [] });
  }
  for (const [name, o] of Object.entries(file.oidc ?? {})) {
    assumers.push({
      kind: 'oidc',
      section: 'oidc',
      name,
      principal: new WebIdentityAssumer(name, o.issuer, o.audiences, o.subjects),
      oidcProvider: o.oidcProvider ?? 'create',
      thumbprints: o.thumbprints ?? [],
      grants: grantsOf('oidc', name),
      deniedRoles: [],
    });
  }
  return { groups, assumers };
}

/** The roles; `alertRegions` are the regions a break-glass role may be assumed through. */
function roleModels(ctx: CheckContext, alertRegions: string[]): RoleModel[] {
  const { file } = ctx;
  // A bare name in managedPolicies or permissionsBoundary that the policies section defines means that policy.
  const isCustomer = (ref: string) => Object.prototype.hasOwnProperty.call(file.policies ?? {}, ref);
  return Object.entries(file.roles ?? {}).map(([name, role]) => {
    const trust = role.trust ?? {};
    // Who is inside the org is decided by the account ids this file names.
    const principals: TrustedPrincipal[] = (trust.principals ?? []).flatMap((value) => {
      const parsed = parseIamPrincipalArn(value);
      return parsed ? [{ principal: parsed, insideOrg: ctx.orgAccountIds.has(parsed.accountId) }] : [];
    });
    return {
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
      accountKeys: ctx.roleAccounts.get(name) ?? [],
      protect: role.protect ?? false,
      adopt: role.adopt ?? false,
      alertOnAssume: role.alertOnAssume ?? false,
      trust: {
        // People are trusted per account (org/render.ts, roleTrustPolicy): where a group grants the
        // role, and where nothing else is trusted. The role-wide spec names no identity account.
        identityAccountId: undefined,
        mfa: trust.mfa ?? true,
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
    };
  });
}
