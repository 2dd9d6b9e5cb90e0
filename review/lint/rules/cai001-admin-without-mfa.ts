import { LintRule } from '../rule';
import { isAdminLike } from '../privilege';

/** CAI001: people reach an administrator-like role without MFA. */
export const adminWithoutMfa: LintRule = {
  id: 'CAI001',
  name: 'admin-without-mfa',
  title: 'Administrator-like role assumable without MFA',
  level: 'error',
  description: 'A role with administrator-like permissions can be assumed by people without MFA.',
  fix: 'Set trust.mfa: true (the default) on the role, or grant a less privileged role.',
  check: ({ synth, access }) => {
    const roles = new Map(synth.accounts.flatMap((a) => a.roles.map((r) => [`${a.stack}|${r.name}`, r] as const)));
    return access.grants
      .filter((g) => !g.mfa && isAdminLike(roles.get(`${g.account}|${g.role}`)!))
      .map((g) => ({ message: `group ${g.group} can assume administrator-like role ${g.role} in ${g.account} without MFA`, target: { stack: g.account, role: g.role, group: g.group } }));
  },
};
