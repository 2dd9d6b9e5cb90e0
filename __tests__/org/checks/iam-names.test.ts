/** The IAM names check alone: names IAM compares case-insensitively, the assumers' one namespace, and clashes in an identity account that is also a member. */
import { iamNameIssues } from '../../../org/checks/iam-names';
import { contextOf } from '../../helpers/check-context';

const role = { accounts: ['dev'] };
/** The identity account 111111111111 is also member account `hub`. */
const IDENTITY_IS_MEMBER = { accounts: { hub: { accountId: '111111111111' }, dev: { accountId: '222222222222' } } };

describe('iamNameIssues', () => {
  test('GIVEN the base file THEN nothing is wrong', () => {
    expect(iamNameIssues(contextOf())).toEqual([]);
  });

  test.each([
    ['roles', { Admin: role, admin: role }, 'role', 'admin', 'Admin'],
    ['groups', { developers: { assume: {} }, Developers: { assume: {} } }, 'group', 'Developers', 'developers'],
    ['policies', { Audit: { document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] } }, AUDIT: { document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] } } }, 'policy', 'AUDIT', 'Audit'],
    ['samlRoles', { Okta: { provider: 'Okta', assume: {} }, okta: { provider: 'Okta', assume: {} } }, 'SAML role', 'okta', 'Okta'],
    ['permissionSets', { Ops: { assume: {} }, OPS: { assume: {} } }, 'Identity Center permission set', 'OPS', 'Ops'],
  ])('GIVEN two %s differing only in case THEN the second is refused at its key', (section, entries, kind, second, first) => {
    expect(iamNameIssues(contextOf({ [section]: entries }))).toEqual([
      { path: [section, second], at: 'key', message: `IAM ${kind} names are case-insensitive: "${second}" and "${first}" are the same ${kind}. Fix: rename one.` },
    ]);
  });

  test('GIVEN a group and a permission set named alike, whatever the case, THEN the later kind is refused, naming the earlier', () => {
    expect(iamNameIssues(contextOf({ permissionSets: { Developers: { assume: {} } } }))).toEqual([
      {
        path: ['permissionSets', 'Developers'],
        at: 'key',
        message: '"Developers" is also the name of groups.developers: groups, permission sets, SAML roles and OIDC entries share one namespace (deny lists and lint suppressions name them, case-insensitively). Fix: rename one.',
      },
    ]);
  });

  test('GIVEN the identity account is also a member THEN a policy named like a group\'s assume-role policy (or its later parts) is refused', () => {
    const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] };
    const message = (name: string) =>
      `"${name}" is the name of the assume-role policy of group developers, and the identity account 111111111111 is also a member account here, where IAM policy names must be unique. Fix: rename this policy.`;
    expect(iamNameIssues(contextOf({ ...IDENTITY_IS_MEMBER, policies: { 'developers-assume-roles': { document }, 'Developers-Assume-Roles-2': { document }, 'developers-assume-roles-x': { document } } }))).toEqual([
      { path: ['policies', 'developers-assume-roles'], at: 'key', message: message('developers-assume-roles') },
      { path: ['policies', 'Developers-Assume-Roles-2'], at: 'key', message: message('Developers-Assume-Roles-2') },
    ]);
  });

  test('GIVEN the identity account is no member THEN such a policy name is free', () => {
    const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] };
    expect(iamNameIssues(contextOf({ policies: { 'developers-assume-roles': { document } } }))).toEqual([]);
  });

  test('GIVEN the identity account is also member hub THEN a SAML role named like a role created in hub is refused, one in another account is not', () => {
    const roles = { Admin: { accounts: ['hub'] }, Audit: { accounts: ['dev'] } };
    expect(iamNameIssues(contextOf({ ...IDENTITY_IS_MEMBER, roles, groups: undefined, samlRoles: { admin: { provider: 'Okta', assume: {} }, Audit: { provider: 'Okta', assume: {} } } }))).toEqual([
      { path: ['samlRoles', 'admin'], at: 'key', message: 'the identity account is also member account "hub", where roles.Admin is created: IAM role names are unique in an account, case-insensitively. Fix: rename the SAML role or the role.' },
    ]);
  });
});
