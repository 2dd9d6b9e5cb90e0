/**
 * The compact (account-set) form of a group's assume-role policies, and first-fit packing of
 * several statements, written out: which accounts share a statement, in which order, and where a
 * policy ends.
 */
import { AssumeGrant, renderAssumePolicies } from '../../policy/assume-policy';

const noMfa = (roleArn: string, overrides: Partial<AssumeGrant> = {}): AssumeGrant => ({ roleArn, mfa: false, sessionTags: false, sourceIdentity: false, ...overrides });

describe('accounts that share a role set share a statement', () => {
  test('GIVEN grants in any order THEN accounts with the same roles (whatever their order) share one statement; statements by role set, accounts sorted', () => {
    const bothRoles = ['9', '3', '7', '1', '5', '2', '8', '4', '6', '0'].flatMap((d, i) => {
      const account = `20000000000${d}`;
      const roles = [noMfa(`arn:aws:iam::${account}:role/Beta`), noMfa(`arn:aws:iam::${account}:role/Zeta`)];
      return i % 2 ? roles.reverse() : roles;
    });
    const grants = [noMfa('arn:aws:iam::300000000001:role/Zeta'), ...bothRoles, noMfa('arn:aws:iam::300000000000:role/Zeta')];
    const docs = renderAssumePolicies(grants, { policySize: 600, maxPolicies: 10 });
    expect(docs.map((d) => d.toJSON())).toEqual([
      {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AssumeRoleAccounts1',
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Resource: ['arn:aws:iam::*:role/Beta', 'arn:aws:iam::*:role/Zeta'],
            Condition: { StringEquals: { 'aws:ResourceAccount': Array.from({ length: 10 }, (_, i) => `20000000000${i}`) } },
          },
          {
            Sid: 'AssumeRoleAccounts2',
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Resource: 'arn:aws:iam::*:role/Zeta',
            Condition: { StringEquals: { 'aws:ResourceAccount': ['300000000000', '300000000001'] } },
          },
        ],
      },
    ]);
    expect(docs[0].size).toBe(579);
  });
});

describe('first-fit packing of several statements', () => {
  const grants = [noMfa('arn:aws:iam::222222222222:role/ReadOnly', { sessionTags: true })];
  const ALLOW = '{"Sid":"AssumeRole","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::222222222222:role/ReadOnly"}';
  const TAG = '{"Sid":"TagSession","Effect":"Allow","Action":"sts:TagSession","Resource":"arn:aws:iam::222222222222:role/ReadOnly"}';
  const DENY = '{"Sid":"DenyAssumeRole","Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/Admin"}';

  test('three statements fill one policy of exactly their size', () => {
    const docs = renderAssumePolicies(grants, { policySize: 378, maxPolicies: 10 }, ['arn:aws:iam::*:role/Admin']);
    expect(docs.map((d) => d.toString())).toEqual([`{"Version":"2012-10-17","Statement":[${ALLOW},${DENY},${TAG}]}`]);
    expect(docs[0].size).toBe(378);
  });

  test('one character less: the two largest share the first policy, the third starts the next', () => {
    const docs = renderAssumePolicies(grants, { policySize: 377, maxPolicies: 10 }, ['arn:aws:iam::*:role/Admin']);
    expect(docs.map((d) => d.toString())).toEqual([`{"Version":"2012-10-17","Statement":[${ALLOW},${TAG}]}`, `{"Version":"2012-10-17","Statement":[${DENY}]}`]);
    expect(docs.map((d) => d.size)).toEqual([272, 144]);
  });
});

describe('cutting a list of ARNs of mixed lengths', () => {
  test('one long ARN among short ones does not shorten the parts: each holds as many as fit', () => {
    const long = noMfa(`arn:aws:iam::222222222222:role/${'p'.repeat(460)}/Long`);
    const short = Array.from({ length: 200 }, (_, i) => noMfa(`arn:aws:iam::${String(300000000000 + i)}:role/R${i}`));
    const docs = renderAssumePolicies([long, ...short]);
    expect(docs.map((d) => d.statements.map((s) => [s.sid, s.resources.length]))).toEqual([[['AssumeRole', 149]], [['AssumeRolePart2', 52]]]);
    expect(docs.map((d) => d.size)).toEqual([6128, 2096]);
    // The next short ARN would not have fit: 6,128 + 33 + 3 > 6,144.
    expect(docs[0].statements[0].resources[0]).toBe(long.roleArn);
  });
});
