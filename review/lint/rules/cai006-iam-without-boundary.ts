import { LintRule } from '../rule';
import { canManageIam } from '../privilege';

/** CAI006: a role that can change IAM has no permissions boundary. */
export const iamWithoutBoundary: LintRule = {
  id: 'CAI006',
  name: 'iam-without-boundary',
  title: 'Role can manage IAM without a permissions boundary',
  level: 'warning',
  description: 'A role that can manage IAM has no permissions boundary, so it can grant itself or others anything.',
  fix: 'Set permissionsBoundary on the role (e.g. a boundary that denies IAM changes outside a path).',
  check: ({ synth }) =>
    synth.accounts.flatMap((a) =>
      a.roles
        .filter((r) => canManageIam(r) && !r.permissionsBoundary)
        .map((r) => ({ message: `role ${r.name} in ${a.stack} can manage IAM and has no permissions boundary`, target: { stack: a.stack, role: r.name } })),
    ),
};
