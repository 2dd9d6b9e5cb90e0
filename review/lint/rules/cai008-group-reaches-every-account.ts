import { PEOPLE_NOUN } from '../../access';
import { LintRule } from '../rule';

/** CAI008: one group, permission set or SAML role can reach every member account. */
export const groupReachesEveryAccount: LintRule = {
  id: 'CAI008',
  name: 'group-reaches-every-account',
  title: 'Group reaches every member account',
  level: 'note',
  description: 'A group (or an Identity Center permission set, or a SAML role) can assume a role in every member account: a compromised member reaches everything.',
  fix: 'Grant only the accounts the group needs, or suppress with the reason (e.g. auditors).',
  check: ({ synth, access }) => {
    if (synth.accounts.length < 2) return [];
    const all = new Set(synth.accounts.map((a) => a.stack)).size;
    const people = [...new Map(access.grants.map((g) => [`${g.kind}|${g.group}`, { kind: g.kind, group: g.group }])).values()];
    return people
      .filter(({ kind, group }) => new Set(access.grants.filter((g) => g.kind === kind && g.group === group).map((g) => g.account)).size === all)
      .map(({ kind, group }) => ({
        message: `${PEOPLE_NOUN[kind]} ${group} can assume a role in every one of the ${synth.accounts.length} member accounts`,
        target: { stack: 'identity', group, ...(kind === 'iam-group' ? {} : { kind }) },
      }));
  },
};
