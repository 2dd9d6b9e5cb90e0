import { roleArn } from '../policy/arn';
import { AssumeGrant, PackLimits, renderAssumePolicies } from '../policy/assume-policy';
import { EndingAssumer, PermissionSetAssumer } from '../policy/assumers';
import { PolicyDocument } from '../policy/document';
import { IAM_LIMITS } from '../policy/quotas';
import { renderTrustPolicy } from '../policy/trust-policy';
import { assumersOf, findAssumer, findRole, findUnit, grantRoleArn, groupGrants, isWebIdentity } from './lookup';
import type { AccountModel, AssumerModel, GroupModel, OrgModel, PermissionSetModel, RoleModel, SamlRoleModel } from './model';

/** The assumer's grants as its own side needs them: role ARNs with the conditions their trust asks for. */
export function assumeGrants(model: OrgModel, assumer: AssumerModel): AssumeGrant[] {
  // Only IAM users carry AWS's MFA keys: federated people's MFA is their identity provider's.
  const people = assumer.kind === 'iam-group';
  const asked = (roleName: string) => {
    const role = findRole(model, roleName);
    return {
      mfa: people && role.trust.mfa,
      mfaMaxAgeSeconds: people ? role.trust.mfaMaxAgeSeconds : undefined,
      sessionTags: role.trust.sessionTags,
      sourceIdentity: role.trust.sourceIdentity,
      ...(people ? {} : { sourceIdentityFromIdp: true }),
    };
  };
  // A grant through an organizational unit is named by its unit's path, not by its account.
  const byAccount = assumer.grants
    .filter((grant) => grant.viaUnit === undefined)
    .map((grant): AssumeGrant => ({ roleArn: grantRoleArn(model, grant), ...asked(grant.role), ...(grant.until ? { until: grant.until } : {}) }));
  const byUnit = (assumer.unitGrants ?? []).map((grant): AssumeGrant => {
    const role = findRole(model, grant.role);
    return { roleArn: roleArn('*', role.name, role.path), orgPaths: grant.units.map((key) => `${findUnit(model, key).orgPath}*`), ...asked(grant.role), ...(grant.until ? { until: grant.until } : {}) };
  });
  return [...byAccount, ...byUnit];
}

/** The roles the assumer may never assume, as patterns naming each in any account. */
export function deniedRoleArns(model: OrgModel, assumer: AssumerModel): string[] {
  return assumer.deniedRoles.map((name) => {
    const role = findRole(model, name);
    return roleArn('*', role.name, role.path);
  });
}

const trustPolicies = new WeakMap<RoleModel, Map<string, PolicyDocument>>();

/**
 * The role's trust policy in one account. Rendered once per distinct set of assumers: a role that
 * only IAM groups and named principals use has the same trust in every account.
 */
export function roleTrustPolicy(model: OrgModel, role: RoleModel, account: AccountModel): PolicyDocument {
  const assumers = assumersOf(model, role.name, account.key);
  const people = groupGrants(model, role.name, account.key);
  const webIdentity = assumers.some(isWebIdentity);
  // A web identity's grant that ends is decided by the trust, so its end is part of it.
  const ends = assumers.map((a) => (isWebIdentity(a) ? grantEnd(a, role.name, account.key) : undefined));
  const key = `${people ? 'people\n' : ''}${assumers.map((a, i) => `${a.name}${ends[i] ? ` until ${ends[i]}` : ''}`).join('\n')}${webIdentity ? `\n@${account.accountId}` : ''}`;
  let byKey = trustPolicies.get(role);
  if (!byKey) {
    byKey = new Map();
    trustPolicies.set(role, byKey);
  }
  let doc = byKey.get(key);
  if (!doc) {
    const denied = role.denied.map((name) => findAssumer(model, name)).filter((a): a is PermissionSetModel => a.kind === 'permission-set');
    // The identity account's IAM users are trusted per account: where a group grants the role here,
    // and, as the fallback of a role no one is granted here and that trusts no named principal,
    // there too (they still need a policy that allows it, and MFA). Never where only other kinds
    // (OIDC, SAML, permission sets) or named principals reach it.
    const nobody = !people && role.trust.principals.length === 0 && assumers.length === 0;
    doc = renderTrustPolicy({
      ...role.trust,
      identityAccountId: people || nobody ? model.identityAccountId : undefined,
      accountId: account.accountId,
      assumers: assumers.map((a, i) => (ends[i] ? new EndingAssumer(a.principal, ends[i]!) : a.principal)),
      deniedPermissionSets: denied.map((a) => a.principal as PermissionSetAssumer),
    });
    byKey.set(key, doc);
  }
  return doc;
}

const grantEnds = new WeakMap<AssumerModel, Map<string, string>>();
/** When the assumer's grant of `role` in `accountKey` ends, if it does. */
function grantEnd(assumer: AssumerModel, role: string, accountKey: string): string | undefined {
  let ends = grantEnds.get(assumer);
  if (!ends) {
    ends = new Map(assumer.grants.filter((g) => g.until !== undefined).map((g) => [`${g.role} ${g.account}`, g.until!]));
    grantEnds.set(assumer, ends);
  }
  return ends.get(`${role} ${accountKey}`);
}

const assumerPolicies = new WeakMap<AssumerModel, PolicyDocument[]>();

/** The packed assume-role policies of a group or SAML role, rendered once (checked against quotas, then synthesized). */
export function groupAssumePolicies(model: OrgModel, assumer: GroupModel | SamlRoleModel): PolicyDocument[] {
  let docs = assumerPolicies.get(assumer);
  if (!docs) {
    docs = renderAssumePolicies(assumeGrants(model, assumer), undefined, deniedRoleArns(model, assumer));
    assumerPolicies.set(assumer, docs);
  }
  return docs;
}

/**
 * A permission set's policy as one inline policy (Identity Center holds it; the identity stack
 * outputs it). It becomes an inline policy of the permission set's role, so IAM's 10,240 characters
 * for a role's inline policies bound it.
 */
export const PERMISSION_SET_POLICY_LIMITS: PackLimits = { policySize: IAM_LIMITS.inlinePolicySizePerRole, maxPolicies: 1 };
export function permissionSetPolicy(model: OrgModel, assumer: PermissionSetModel): PolicyDocument | undefined {
  let docs = assumerPolicies.get(assumer);
  if (!docs) {
    docs = renderAssumePolicies(assumeGrants(model, assumer), PERMISSION_SET_POLICY_LIMITS, deniedRoleArns(model, assumer));
    assumerPolicies.set(assumer, docs);
  }
  return docs[0];
}
