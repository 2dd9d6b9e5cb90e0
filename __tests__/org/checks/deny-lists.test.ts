/** The deny lists check alone: deny names people of this file, and never one the file also grants the role. */
import { denyListIssues } from '../../../org/checks/deny-lists';
import { contextOf } from '../../helpers/check-context';

const ROLES = { Admin: { accounts: ['dev'] }, Audit: { accounts: ['dev'] } };

describe('denyListIssues', () => {
  test('GIVEN a deny list naming a group, a SAML role and a permission set not granted the role THEN nothing is wrong', () => {
    const ctx = contextOf({ roles: { ...ROLES, Audit: { accounts: ['dev'], deny: ['developers', 'Okta', 'Ops'] } }, samlRoles: { Okta: { provider: 'Okta', assume: {} } }, permissionSets: { Ops: { assume: {} } } });
    expect(denyListIssues(ctx)).toEqual([]);
  });

  test('GIVEN a name that is no assumer THEN the item is refused, with a suggestion and the names to use', () => {
    expect(denyListIssues(contextOf({ roles: { ...ROLES, Audit: { accounts: ['dev'], deny: ['developer'] } } }))).toEqual([
      { path: ['roles', 'Audit', 'deny', 0], message: '"developer" is not a group, SAML role or permission set of this file (groups, samlRoles, permissionSets). Did you mean "developers"? Fix: use one of: developers, or remove it from deny.' },
    ]);
  });

  test('GIVEN a workload THEN the item is refused: it reaches the role only by its own grant', () => {
    expect(denyListIssues(contextOf({ roles: { ...ROLES, Audit: { accounts: ['dev'], deny: ['deploy'] } }, githubActions: { deploy: { repository: 'acme/infra', assume: {} } } }))).toEqual([
      {
        path: ['roles', 'Audit', 'deny', 0],
        message: '"deploy" is a workload of githubActions, trusted by the role itself: it reaches the role only where githubActions.deploy.assume grants it. Fix: remove deploy from deny (and Audit from githubActions.deploy.assume).',
      },
    ]);
  });

  test.each([
    ['groups', 'developers', 'group', {}],
    ['samlRoles', 'Okta', 'SAML role', { samlRoles: { Okta: { provider: 'Okta', assume: { Admin: ['dev'] } } } }],
    ['permissionSets', 'Ops', 'permission set', { permissionSets: { Ops: { assume: { Admin: '*' } } } }],
  ])('GIVEN %s.%s both granted and denied Admin THEN its grant is refused at the key', (section, name, kind, sections) => {
    expect(denyListIssues(contextOf({ roles: { ...ROLES, Admin: { accounts: ['dev'], deny: [name] } }, ...sections }))).toEqual([
      {
        path: [section, name, 'assume', 'Admin'],
        at: 'key',
        message: `grants role "Admin", but roles.Admin.deny lists ${kind} "${name}": the file both grants and denies it. Fix: remove Admin from ${section}.${name}.assume, or remove ${name} from roles.Admin.deny.`,
      },
    ]);
  });
});
