import { daysLeftWords, grantClock, hasEnded } from '../../../org/grant-end';
import { LintRule } from '../rule';
import { endedGrants } from './grant-ends';

/** CAI010: a grant whose end (`until`) has passed is still in the output: IAM refuses it, the file misleads. */
export const grantEnded: LintRule = {
  id: 'CAI010',
  name: 'grant-ended',
  title: 'A grant that has ended is still written',
  level: 'error',
  description:
    'A grant with an end (until) that has passed: IAM already refuses it (aws:CurrentTime), but the org file and the policies still list it, so they no longer say who has access. Synth refuses such a file too.',
  fix: 'Remove the grant from the org file, or give it a later until if the access must go on.',
  check: ({ access }) => {
    const now = grantClock();
    return endedGrants(access, (until) => hasEnded(until, now)).map((e) => ({ message: `${e.who} could assume ${e.role} in ${e.account} until ${e.until} (${daysLeftWords(e.until, now)})`, target: e.target }));
  },
};
