import { assumePolicyName } from '../policy/names';
import { PackingError } from '../policy/assume-policy';
import { policySize } from '../policy/document';
import { formatCount, IAM_LIMITS } from '../policy/quotas';
import { OrgIssue } from './errors';
import { OrgModel } from './model';
import { findAccount, rolesIn } from './lookup';
import { groupAssumePolicies, permissionSetPolicy, roleTrustPolicy } from './render';
import { oidcProvidersIn, stackDefaultTags } from './layout';

/**
 * Checks the IAM quotas on the rendered policies, before Terraform ever runs: each problem is an
 * issue on the org file key that causes it, with the fix.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
export function checkQuotas(model: OrgModel): OrgIssue[] {
  const issues: OrgIssue[] = [];
  const q = model.quotas;
  // Each account's default tag keys, once (a large org asks for them for every role in every account).
  const tagKeys = new Map<string, string[]>();
  const defaultTagKeys = (key: string): string[] => {
    let keys = tagKeys.get(key);
    if (!keys) {
      const account = findAccount(model, key);
      keys = Object.keys(stackDefaultTags(model, key, account.environment, account.tags));
      tagKeys.set(key, keys);
    }
    return keys;
  };

  for (const role of model.roles) {
    const base = ['roles', role.name];
    // The trust differs by account only where permission sets, SAML roles or web identities differ.
    const sizes = role.accountKeys.map((key) => ({ key, size: roleTrustPolicy(model, role, findAccount(model, key)).size }));
    const largest = sizes.reduce((a, b) => (b.size > a.size ? b : a), { key: '', size: 0 });
    const trust = largest.size;
    const where = new Set(sizes.map((s) => s.size)).size > 1 ? ` in account ${largest.key}` : '';
    if (trust > q.trustPolicySize) {
      issues.push({
        path: [...base, 'trust'],
        message:
          `the trust policy${where} is ${formatCount(trust)} characters; the role trust policy quota is ${formatCount(q.trustPolicySize)}. ` +
          'Fix: trust fewer principals, or have AWS raise the "Role trust policy length" quota and set quotas.trustPolicySize to it.',
      });
    }
    const inline = role.inlinePolicies.reduce((sum, p) => sum + policySize(JSON.stringify(p.document)), 0);
    if (inline > IAM_LIMITS.inlinePolicySizePerRole) {
      issues.push({
        path: [...base, 'inlinePolicies'],
        message: `the inline policies add up to ${formatCount(inline)} characters; IAM allows ${formatCount(IAM_LIMITS.inlinePolicySizePerRole)} per role. Fix: move some statements into a customer managed policy and list its ARN under managedPolicies.`,
      });
    }
    const attached = role.managedPolicyArns.length + role.customerPolicies.length;
    if (attached > q.managedPoliciesPerRole) {
      issues.push({
        path: [...base, 'managedPolicies'],
        message: `attaches ${attached} managed policies; the quota is ${q.managedPoliciesPerRole} per role. Fix: combine policies, or have AWS raise the quota (up to 20) and set quotas.managedPoliciesPerRole.`,
      });
    }
    const consoleName = role.path.slice(1) + role.name;
    if (consoleName.length > IAM_LIMITS.consoleRolePathAndName) {
      issues.push({
        path: [...base, 'path'],
        message: `path and name together are ${consoleName.length} characters; the console's switch role accepts at most ${IAM_LIMITS.consoleRolePathAndName}. Fix: shorten the path or the role name.`,
      });
    }
    for (const key of role.accountKeys) {
      const tags = new Set([...defaultTagKeys(key), ...Object.keys(role.tags)]);
      if (tags.size > IAM_LIMITS.tagsPerRole) {
        issues.push({
          path: [...base, 'tags'],
          message: `in account ${key} the role would carry ${tags.size} tags (with the stack's default tags); IAM allows ${IAM_LIMITS.tagsPerRole}. Fix: drop some tags.`,
        });
        break;
      }
    }
  }

  // One OIDC provider per issuer and account holds the audiences and thumbprints of every entry using it there.
  const reported = new Set<string>();
  for (const account of model.accounts) {
    for (const provider of oidcProvidersIn(model, account.key)) {
      const entry = provider.firstEntry;
      const limits: [string, number, number, string][] = [
        ['audiences', provider.audiences.length, IAM_LIMITS.oidcClientIdsPerProvider, 'client ids (audiences)'],
        ['thumbprints', provider.thumbprints.length, IAM_LIMITS.oidcThumbprintsPerProvider, 'thumbprints'],
      ];
      for (const [key, count, limit, what] of limits) {
        if (count <= limit || reported.has(`${provider.issuerHostPath} ${key}`)) continue;
        reported.add(`${provider.issuerHostPath} ${key}`);
        issues.push({
          path: [entry.section, entry.name],
          at: 'key',
          message: `the OIDC provider of ${provider.issuerHostPath} in account ${account.key} would hold ${count} ${what} of every entry of that issuer granted a role there; IAM allows ${limit}. Fix: let entries of one issuer share ${what}.`,
        });
      }
    }
  }

  for (const policy of model.policies) {
    const size = policySize(JSON.stringify(policy.document));
    if (size > IAM_LIMITS.managedPolicySize) {
      issues.push({
        path: ['policies', policy.name, 'document'],
        message: `the policy is ${formatCount(size)} characters (white space not counted); IAM allows ${formatCount(IAM_LIMITS.managedPolicySize)} for a managed policy. Fix: split its statements into two policies under policies and attach both, or shorten it (e.g. wildcards in actions and resources).`,
      });
    }
  }

  for (const account of model.accounts) {
    const count = rolesIn(model, account.key).length;
    if (count > q.rolesPerAccount) {
      issues.push({
        path: ['accounts', account.key],
        message: `would hold ${formatCount(count)} generated roles; the quota is ${formatCount(q.rolesPerAccount)} roles per account (and other roles live there too). Fix: place fewer roles in it, or have AWS raise the quota and set quotas.rolesPerAccount.`,
      });
    }
  }

  if (model.groups.length > q.groupsPerAccount) {
    issues.push({
      path: ['groups'],
      message: `defines ${model.groups.length} groups; the quota is ${q.groupsPerAccount} per account. Fix: merge groups, or have AWS raise the quota (up to 500) and set quotas.groupsPerAccount.`,
    });
  }

  for (const group of model.assumers) {
    if (group.kind === 'permission-set') {
      try {
        permissionSetPolicy(model, group);
      } catch (err) {
        if (!(err instanceof PackingError)) throw err;
        issues.push({
          path: ['permissionSets', group.name, 'assume'],
          message: `its policy does not fit the ${formatCount(IAM_LIMITS.inlinePolicySizePerRole)} characters of inline policy its role in the identity account may hold. Fix: split the grants over two permission sets, or grant roles in the same accounts (e.g. "*").`,
        });
      }
      continue;
    }
    if (group.kind !== 'iam-group' && group.kind !== 'saml-role') continue;
    const what = group.kind === 'iam-group' ? 'group' : 'SAML role';
    try {
      const policies = groupAssumePolicies(model, group);
      const longest = assumePolicyName(group.name, Math.max(0, policies.length - 1));
      if (longest.length > IAM_LIMITS.policyName) {
        issues.push({
          path: [group.section, group.name],
          at: 'key',
          message: `its policy name ${longest} would be longer than the ${IAM_LIMITS.policyName} characters IAM allows. Fix: shorten the ${what} name.`,
        });
      }
      if (group.kind === 'saml-role' && policies.length > q.managedPoliciesPerRole) {
        issues.push({
          path: [group.section, group.name, 'assume'],
          message: `its grants need ${policies.length} managed policies; the quota is ${q.managedPoliciesPerRole} per role. Fix: split it into two SAML roles, or grant roles in the same accounts (e.g. "*") so that accounts share one list.`,
        });
      }
    } catch (err) {
      if (!(err instanceof PackingError)) throw err;
      issues.push({
        path: [group.section, group.name, 'assume'],
        message: `${err.message} Fix: split the ${what} into smaller ${what}s, or grant roles in the same accounts (e.g. "*") so that accounts share one list.`,
      });
    }
  }
  return issues;
}
