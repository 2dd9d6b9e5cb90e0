import { daysLeft, daysLeftWords, GRANT_END_WARNING_DAYS, grantClock, hasEnded } from '../../../org/grant-end';
import { LintRule } from '../rule';
import { endedGrants } from './grant-ends';

/** CAI011: a grant ends within 14 days: whoever holds it should know, and the file should lose it then. */
export const grantEndsSoon: LintRule = {
  id: 'CAI011',
  name: 'grant-ends-soon',
  title: `A grant ends within ${GRANT_END_WARNING_DAYS} days`,
  level: 'warning',
  description: `A grant with an end (until) within the next ${GRANT_END_WARNING_DAYS} days: IAM refuses it from then on, and synth and lint fail once it has passed.`,
  fix: 'Tell whoever holds it; remove the grant once it has ended, or give it a later until if the access must go on.',
  check: ({ access }) => {
    const now = grantClock();
    return endedGrants(access, (until) => !hasEnded(until, now) && daysLeft(until, now) < GRANT_END_WARNING_DAYS).map((e) => ({
      message: `${e.who} can assume ${e.role} in ${e.account} until ${e.until} (${daysLeftWords(e.until, now)})`,
      target: e.target,
    }));
  },
};
