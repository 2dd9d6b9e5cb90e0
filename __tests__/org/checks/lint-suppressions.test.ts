/** The lint suppressions check alone: each names a defined role, assumer and account. */
import { lintSuppressionIssues } from '../../../org/checks/lint-suppressions';
import { contextOf } from '../../helpers/check-context';

const suppress = (fields: Record<string, string>) => ({ lint: { suppressions: [{ rule: 'CAI005', reason: 'accepted on purpose by the platform team', ...fields }] } });

describe('lintSuppressionIssues', () => {
  test('GIVEN a suppression naming a defined role, group and account THEN nothing is wrong', () => {
    expect(lintSuppressionIssues(contextOf(suppress({ role: 'Admin', group: 'developers', account: 'dev' })))).toEqual([]);
  });

  test('GIVEN a permission set, SAML role or OIDC entry under group THEN it is taken: findings about people name their entry', () => {
    expect(lintSuppressionIssues(contextOf({ permissionSets: { Ops: { assume: {} } }, ...suppress({ group: 'Ops' }) }))).toEqual([]);
  });

  test('GIVEN undefined names THEN each field is refused, role, group and account in that order, with suggestions', () => {
    expect(lintSuppressionIssues(contextOf(suppress({ account: 'prd', group: 'developer', role: 'admin' })))).toEqual([
      { path: ['lint', 'suppressions', 0, 'role'], message: 'role "admin" is not defined under roles. Did you mean "Admin"? Fix: name a defined role, or remove the suppression.' },
      { path: ['lint', 'suppressions', 0, 'group'], message: 'group "developer" is not defined under groups. Did you mean "developers"? Fix: name a defined group (or permission set, SAML role or OIDC entry), or remove the suppression.' },
      { path: ['lint', 'suppressions', 0, 'account'], message: 'account "prd" is not defined under accounts. Did you mean "prod"? Fix: name a defined account, or remove the suppression.' },
    ]);
  });
});
