import { LintRule } from '../rule';

/** CAI008: one group can reach every member account. */
export const groupReachesEveryAccount: LintRule = {
  id: 'CAI008',
  name: 'group-reaches-every-account',
  title: 'Group reaches every member account',
  level: 'note',
  description: 'A group can assume a role in every member account: a compromised member reaches everything.',
  fix: 'Grant only the accounts the group needs, or suppress with the reason (e.g. auditors).',
  check: ({ synth, access }) => {
    if (synth.accounts.length < 2) return [];
    const groups = [...new Set(access.grants.map((g) => g.group))];
    return groups
      .filter((group) => new Set(access.grants.filter((g) => g.group === group).map((g) => g.account)).size === new Set(synth.accounts.map((a) => a.stack)).size)
      .map((group) => ({ message: `group ${group} can assume a role in every one of the ${synth.accounts.length} member accounts`, target: { stack: 'identity', group } }));
  },
};
