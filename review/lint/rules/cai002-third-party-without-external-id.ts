import { LintRule } from '../rule';

/** CAI002: a principal outside the org is trusted without an external id (confused deputy). */
export const thirdPartyWithoutExternalId: LintRule = {
  id: 'CAI002',
  name: 'third-party-without-external-id',
  title: 'Third party trusted without an external id',
  level: 'error',
  description: 'A principal outside the org can assume the role without an sts:ExternalId, which opens the confused-deputy problem.',
  fix: 'Set trust.externalId to the id agreed with the third party.',
  check: ({ access, orgAccountIds }) =>
    access.principals
      .filter((p) => (p.kind === 'role' || p.kind === 'user' || p.kind === 'account') && !p.externalId && !orgAccountIds.has(/::(\d{12}):/.exec(p.principal)?.[1] ?? ''))
      .map((p) => ({ message: `${p.principal} is outside the org and can assume ${p.role} in ${p.account} without an external id`, target: { stack: p.account, role: p.role } })),
};
