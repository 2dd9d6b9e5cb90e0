import { LintRule } from '../rule';
import { isPrivileged } from '../privilege';

/** CAI005: a privileged role allows sessions longer than one hour. */
export const longPrivilegedSession: LintRule = {
  id: 'CAI005',
  name: 'long-privileged-session',
  title: 'Privileged role allows sessions over 1 hour',
  level: 'warning',
  description: 'A privileged role (administrator-like or PowerUserAccess) allows sessions longer than 1 hour; stolen credentials stay useful longer.',
  fix: 'Set maxSessionDuration: 3600 on the role.',
  check: ({ synth }) =>
    synth.accounts.flatMap((a) =>
      a.roles
        .filter((r) => isPrivileged(r) && r.maxSessionDuration > 3600)
        .map((r) => ({ message: `privileged role ${r.name} in ${a.stack} allows ${r.maxSessionDuration / 3600} h sessions`, target: { stack: a.stack, role: r.name } })),
    ),
};
