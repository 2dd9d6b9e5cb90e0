import { AccessReport, PEOPLE_NOUN } from '../../access';
import { FindingTarget } from '../rule';

/**
 * The grants with an end that `pick` selects (people and web identities alike), one per assumer,
 * role and account: what CAI010 and CAI011 report.
 */
export function endedGrants(access: AccessReport, pick: (until: string) => boolean): { who: string; role: string; account: string; until: string; target: FindingTarget }[] {
  const people = access.grants
    .filter((g) => g.until !== undefined && pick(g.until))
    .map((g) => ({ who: `${PEOPLE_NOUN[g.kind]} ${g.group}`, role: g.role, account: g.account, until: g.until!, target: { stack: g.account, role: g.role, group: g.group, ...(g.kind === 'iam-group' ? {} : { kind: g.kind }) } }));
  const workloads = access.principals
    .filter((p) => p.until !== undefined && pick(p.until))
    .map((p) => ({ who: p.description, role: p.role, account: p.account, until: p.until!, target: { stack: p.account, role: p.role, kind: p.kind } }));
  return [...people, ...workloads];
}
