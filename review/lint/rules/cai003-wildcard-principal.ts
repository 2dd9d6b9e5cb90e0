import { statementsOf } from '../../access';
import { LintRule } from '../rule';

/** CAI003: a trust policy lets anyone (`*`) assume the role. */
export const wildcardPrincipal: LintRule = {
  id: 'CAI003',
  name: 'wildcard-principal',
  title: 'Trust policy trusts any principal ("*")',
  level: 'error',
  description: 'A trust policy names the principal "*": any AWS account could assume the role.',
  fix: 'Trust specific accounts or roles (trust.principals), never "*".',
  check: ({ synth }) =>
    synth.accounts.flatMap((a) =>
      a.roles
        .filter((r) =>
          statementsOf(r.trustPolicy).some((s) => {
            const p = s.Principal as string | { AWS?: unknown } | undefined;
            const aws = typeof p === 'string' ? [p] : Array.isArray(p?.AWS) ? p.AWS : [p?.AWS];
            return s.Effect === 'Allow' && aws.some((x) => x === '*');
          }),
        )
        .map((r) => ({ message: `role ${r.name} in ${a.stack} trusts the principal "*"`, target: { stack: a.stack, role: r.name } })),
    ),
};
