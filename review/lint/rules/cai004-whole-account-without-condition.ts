import { statementsOf } from '../../access';
import { LintRule } from '../rule';

/** CAI004: a whole account is trusted with no condition at all. */
export const wholeAccountWithoutCondition: LintRule = {
  id: 'CAI004',
  name: 'whole-account-without-condition',
  title: 'Whole account trusted with no condition',
  level: 'warning',
  description: 'A trust statement trusts an entire account (arn:aws:iam::<id>:root) with no condition: any principal that account allows can assume the role.',
  fix: 'Trust the specific role or user ARN in trust.principals (rendered as root + aws:PrincipalArn), or add an external id.',
  check: ({ synth }) =>
    synth.accounts.flatMap((a) =>
      a.roles.flatMap((r) =>
        statementsOf(r.trustPolicy)
          .filter((s) => s.Effect === 'Allow' && !s.Condition && JSON.stringify(s.Principal ?? '').includes(':root'))
          .map(() => ({ message: `role ${r.name} in ${a.stack} trusts a whole account with no condition`, target: { stack: a.stack, role: r.name } })),
      ),
    ),
};
