/** The grants check alone: a role's own accounts, and every assumer's grants, name what the file defines. */
import { grantIssues } from '../../../org/checks/grants';
import { contextOf } from '../../helpers/check-context';

const notDefined = (key: string, near = '') => `account "${key}" is not defined under accounts.${near} Fix: use one of: dev, prod, or add it under accounts.`;

describe('grantIssues', () => {
  test('GIVEN grants of defined roles in their accounts, lists or "*" THEN nothing is wrong', () => {
    expect(grantIssues(contextOf({ roles: { Admin: { accounts: '*' }, ReadOnly: {} }, groups: { developers: { assume: { Admin: ['dev'], ReadOnly: '*' } } } }))).toEqual([]);
  });

  test('GIVEN a role placed in an undefined account THEN that item of roles.<name>.accounts is refused, with a suggestion', () => {
    expect(grantIssues(contextOf({ roles: { Admin: { accounts: ['dev', 'prd'] } } }))).toEqual([{ path: ['roles', 'Admin', 'accounts', 1], message: notDefined('prd', ' Did you mean "prod"?') }]);
  });

  test('GIVEN a grant of an undefined role THEN its key is refused, with a suggestion and the roles to use', () => {
    expect(grantIssues(contextOf({ groups: { developers: { assume: { Admin: ['dev'], admin2: ['dev'] } } } }))).toEqual([
      { path: ['groups', 'developers', 'assume', 'admin2'], at: 'key', message: 'role "admin2" is not defined under roles. Did you mean "Admin"? Fix: use one of: Admin, or define it under roles.' },
    ]);
  });

  test('GIVEN no roles at all THEN the fix says none is defined', () => {
    expect(grantIssues(contextOf({ roles: undefined, permissionSets: { Ops: { assume: { Zeta: '*' } } }, groups: undefined }))).toEqual([
      { path: ['permissionSets', 'Ops', 'assume', 'Zeta'], at: 'key', message: 'role "Zeta" is not defined under roles. Fix: use one of: (none defined), or define it under roles.' },
    ]);
  });

  test('GIVEN a grant in an undefined account, and in an account outside the role\'s own accounts THEN each item is refused', () => {
    expect(grantIssues(contextOf({ samlRoles: { Okta: { provider: 'Okta', assume: { Admin: ['qa', 'prod'] } } } }))).toEqual([
      { path: ['samlRoles', 'Okta', 'assume', 'Admin', 0], message: notDefined('qa') },
      { path: ['samlRoles', 'Okta', 'assume', 'Admin', 1], message: 'account "prod" is not one of roles.Admin.accounts. Fix: add prod to roles.Admin.accounts, or remove it here.' },
    ]);
  });

  test('GIVEN a role without accounts of its own THEN a grant may place it in any defined account', () => {
    expect(grantIssues(contextOf({ roles: { Admin: {} }, githubActions: { deploy: { repository: 'acme/infra', assume: { Admin: ['prod', 'stage'] } } } }))).toEqual([
      { path: ['githubActions', 'deploy', 'assume', 'Admin', 1], message: notDefined('stage') },
    ]);
  });

  test('GIVEN an OIDC entry whose subjects let anyone in THEN its grants are not checked (it is refused for that alone); a closed one\'s are', () => {
    const oidc = (subjects: string[]) => ({ issuer: 'https://gitlab.example.com', audiences: ['sts.amazonaws.com'], subjects, assume: { Nope: ['dev'] } });
    expect(grantIssues(contextOf({ oidc: { open: oidc(['*']), closed: oidc(['project_path:acme/infra:ref_type:branch:ref:main']) } }))).toEqual([
      { path: ['oidc', 'closed', 'assume', 'Nope'], at: 'key', message: 'role "Nope" is not defined under roles. Fix: use one of: Admin, or define it under roles.' },
    ]);
  });

  test('GIVEN mistakes in role accounts and in grants THEN the roles\' come first, then the assumers\' in section order', () => {
    const issues = grantIssues(contextOf({ roles: { Admin: { accounts: ['qa'] } }, groups: { developers: { assume: { X: ['dev'] } } }, permissionSets: { Ops: { assume: { Y: ['dev'] } } } }));
    expect(issues.map((i) => i.path.join('.'))).toEqual(['roles.Admin.accounts.0', 'groups.developers.assume.X', 'permissionSets.Ops.assume.Y']);
  });
});
