import { LintRule } from '../rule';
import { isAdminLike } from '../privilege';

/**
 * CAI001: people reach an administrator-like role without MFA. IAM users only: AWS sets
 * `aws:MultiFactorAuthPresent` for them alone. Permission sets and SAML roles are never flagged: their
 * people sign in at IAM Identity Center or their identity provider, whose MFA AWS does not see (and
 * the trust cannot ask for); the report says "MFA left to" that provider.
 */
export const adminWithoutMfa: LintRule = {
  id: 'CAI001',
  name: 'admin-without-mfa',
  title: 'Administrator-like role assumable without MFA',
  level: 'error',
  description:
    'A role with administrator-like permissions can be assumed by IAM users (group members) without MFA. Permission sets and SAML roles are not checked: their MFA is IAM Identity Center\'s or the identity provider\'s, which AWS does not see.',
  fix: 'Set trust.mfa: true (the default) on the role, or grant a less privileged role.',
  check: ({ synth, access }) => {
    const roles = new Map(synth.accounts.flatMap((a) => a.roles.map((r) => [`${a.stack}|${r.name}`, r] as const)));
    return access.grants
      .filter((g) => g.kind === 'iam-group' && !g.mfa && isAdminLike(roles.get(`${g.account}|${g.role}`)!))
      .map((g) => ({ message: `group ${g.group} can assume administrator-like role ${g.role} in ${g.account} without MFA`, target: { stack: g.account, role: g.role, group: g.group } }));
  },
};
