import { statementsOf } from '../../access';
import { LintRule } from '../rule';

/** CAI007: an inline policy allows every action, or every action of a service. */
export const wildcardAction: LintRule = {
  id: 'CAI007',
  name: 'wildcard-action',
  title: 'Inline policy allows a wildcard action',
  level: 'warning',
  description: 'An inline policy allows "*" or "service:*": more than the role needs.',
  fix: 'List the actions the role needs (least privilege).',
  check: ({ synth }) =>
    synth.accounts.flatMap((a) =>
      a.roles.flatMap((r) =>
        r.inlinePolicies.flatMap((p) =>
          statementsOf(p.document)
            .filter((s) => s.Effect === 'Allow')
            .flatMap((s) => (Array.isArray(s.Action) ? s.Action : s.Action === undefined ? [] : [s.Action]).map(String))
            .filter((action) => action === '*' || action.endsWith(':*'))
            .map((action) => ({ message: `inline policy ${p.name} of role ${r.name} in ${a.stack} allows ${action}`, target: { stack: a.stack, role: r.name } })),
        ),
      ),
    ),
};
