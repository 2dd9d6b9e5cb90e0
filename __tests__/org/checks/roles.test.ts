/** The roles check alone (trust settings, principals, placement), and the warnings read from the model a valid file resolves to. */
import { buildModel } from '../../../org/build-model';
import { roleIssues, roleWarnings } from '../../../org/checks/roles';
import { contextOf } from '../../helpers/check-context';

const admin = (more: Record<string, unknown>) => ({ roles: { Admin: { accounts: ['dev'], ...more } } });
const principalsIssues = (principals: string[], more: Record<string, unknown> = {}) => roleIssues(contextOf(admin({ trust: { principals, ...more } })));

describe('roleIssues', () => {
  test('GIVEN the base file THEN nothing is wrong', () => {
    expect(roleIssues(contextOf())).toEqual([]);
  });

  test('GIVEN mfaMaxAgeSeconds with mfa false THEN it is refused', () => {
    expect(roleIssues(contextOf(admin({ trust: { mfa: false, mfaMaxAgeSeconds: 3600 } })))).toEqual([
      { path: ['roles', 'Admin', 'trust', 'mfaMaxAgeSeconds'], message: 'is set but trust.mfa is false. Fix: remove mfaMaxAgeSeconds, or set mfa: true.' },
    ]);
  });

  test('GIVEN mfaMaxAgeSeconds on a role no group grants THEN it is refused; with mfa false too, both, in that order', () => {
    const ctx = contextOf({ ...admin({ trust: { mfa: false, mfaMaxAgeSeconds: 3600 } }), groups: undefined, permissionSets: { Ops: { assume: { Admin: ['dev'] } } } });
    expect(roleIssues(ctx)).toEqual([
      { path: ['roles', 'Admin', 'trust', 'mfaMaxAgeSeconds'], message: 'is set but trust.mfa is false. Fix: remove mfaMaxAgeSeconds, or set mfa: true.' },
      { path: ['roles', 'Admin', 'trust', 'mfaMaxAgeSeconds'], message: 'applies to people, but no group grants this role. Fix: remove it, or grant the role to a group.' },
    ]);
  });

  test('GIVEN a group whose grant names no account the role lives in THEN the role counts as granted to no group', () => {
    const ctx = contextOf({ ...admin({ trust: { mfaMaxAgeSeconds: 3600 } }), groups: { developers: { assume: { Admin: ['prod'] } } } });
    expect(roleIssues(ctx).map((i) => i.message)).toEqual(['applies to people, but no group grants this role. Fix: remove it, or grant the role to a group.']);
  });

  test('GIVEN a principal that is no IAM ARN THEN it is refused', () => {
    expect(principalsIssues(['arn:aws:iam::999999999999:role/*'], { externalId: 'x-123' })).toEqual([
      { path: ['roles', 'Admin', 'trust', 'principals', 0], message: '"arn:aws:iam::999999999999:role/*" is not an IAM role, user or account ARN. Fix: write it like arn:aws:iam::999999999999:role/Name (no wildcards).' },
    ]);
  });

  test.each([
    ['arn:aws:iam::111111111111:root', 'the whole identity account (every IAM user and role in it)'],
    ['arn:aws:iam::111111111111:user/alice', 'an IAM user of the identity account, a person'],
  ])('GIVEN %s THEN it is refused: people of the identity account come through groups', (arn, who) => {
    expect(principalsIssues([arn])).toEqual([
      {
        path: ['roles', 'Admin', 'trust', 'principals', 0],
        message: `${arn} is ${who}; people in the identity account reach roles only through groups, with MFA as the role's trust requires, never by a weaker direct trust. Fix: remove it here and grant the role to a group under groups (put the user in that group); a role of the identity account (e.g. a CI workload) may be named here instead.`,
      },
    ]);
  });

  test('GIVEN a principal outside the org without an external id THEN it is refused; with one, or inside the org, it is taken', () => {
    const outside = 'arn:aws:iam::999999999999:role/Vendor';
    expect(principalsIssues([outside, 'arn:aws:iam::111111111111:role/ci', 'arn:aws:iam::444444444444:root'])).toEqual([
      {
        path: ['roles', 'Admin', 'trust', 'principals', 0],
        message: `${outside} is outside the org (account 999999999999 is not named in this file) and needs an external id against the confused-deputy problem. Fix: add trust.externalId with the id agreed with that party.`,
      },
    ]);
    expect(principalsIssues([outside], { externalId: 'vendor-42' })).toEqual([]);
  });

  test('GIVEN a role with no accounts key that nothing grants THEN its key is refused', () => {
    const issue = { path: ['roles', 'Idle'], at: 'key', message: 'lives in no account: it has no accounts key and no group grants it. Fix: add accounts: [..] or "*", or grant it under groups.' };
    expect(roleIssues(contextOf({ roles: { Admin: { accounts: ['dev'] }, Idle: {} } }))).toEqual([issue]);
  });
});

describe('roleWarnings', () => {
  const warnings = (sections: Record<string, unknown>) => {
    const ctx = contextOf(sections);
    expect(roleIssues(ctx)).toEqual([]);
    return roleWarnings(buildModel(ctx), ctx);
  };

  test('GIVEN the base file THEN nothing is said', () => {
    expect(warnings({})).toEqual([]);
  });

  test('GIVEN an external id and no principals THEN it is said that no one is asked for it; with principals, nothing is said', () => {
    expect(warnings(admin({ trust: { externalId: 'vendor-42', principals: ['arn:aws:iam::999999999999:role/Vendor'] } }))).toEqual([]);
    expect(warnings(admin({ trust: { externalId: 'vendor-42' } }))).toEqual([
      {
        path: ['roles', 'Admin', 'trust', 'externalId'],
        message: 'applies to the principals of trust.principals only (third parties and CI), and this role names none: no one is asked for it. Fix: remove externalId, or list the principals that must pass it.',
      },
    ]);
  });

  test('GIVEN mfa: true and a long session on a role only a permission set assumes THEN MFA, then role chaining, are said', () => {
    expect(warnings({ ...admin({ maxSessionDuration: 14400, trust: { mfa: true } }), groups: undefined, permissionSets: { Ops: { assume: { Admin: ['dev'] } } } })).toEqual([
      {
        path: ['roles', 'Admin', 'trust', 'mfa'],
        message: 'applies to IAM users in groups only, and no group grants this role: permissionSets.Ops sign in through an identity provider, which AWS sets no MFA key for. Fix: require MFA in the identity provider (Identity Center or the SAML IdP), and remove trust.mfa here.',
      },
      {
        path: ['roles', 'Admin', 'maxSessionDuration'],
        message: "is 14400 seconds, but only role sessions assume this role (permissionSets.Ops): AWS caps a session assumed from another role's session at 1 hour (role chaining), so no one gets more. Fix: set maxSessionDuration to 3600, or grant the role to a group whose people need longer sessions.",
      },
    ]);
  });

  test('GIVEN a role placed in an account where nothing grants it THEN the fallback trust there is said, with MFA when it applies', () => {
    const message = (mfa: string) =>
      `places the role in prod, where nothing grants it: there its trust falls back to the identity account's IAM users${mfa}, as for a role granted to no one, and only those whose own policy allows it could assume it. Fix: grant it there, or remove prod from roles.Admin.accounts.`;
    expect(warnings(admin({ accounts: ['dev', 'prod'] }))).toEqual([{ path: ['roles', 'Admin', 'accounts'], message: message(' (with MFA)') }]);
    expect(warnings(admin({ accounts: ['dev', 'prod'], trust: { mfa: false } }))).toEqual([{ path: ['roles', 'Admin', 'accounts'], message: message('') }]);
  });

  test('GIVEN more than 20 such accounts THEN the first 20 are named and the rest counted', () => {
    const keys = Array.from({ length: 23 }, (_, i) => `a${String(i).padStart(2, '0')}`);
    const accounts = { dev: { accountId: '222222222222' }, ...Object.fromEntries(keys.map((k, i) => [k, { accountId: String(300000000000 + i) }])) };
    expect(warnings({ accounts, roles: { Admin: { accounts: '*', managedPolicies: ['AdministratorAccess'] } } })).toEqual([
      {
        path: ['roles', 'Admin', 'accounts'],
        message: `places the role in ${keys.slice(0, 20).join(', ')} and 3 more, where nothing grants it: there its trust falls back to the identity account's IAM users (with MFA), as for a role granted to no one, and only those whose own policy allows it could assume it. Fix: grant it there, or remove them from roles.Admin.accounts.`,
      },
    ]);
  });
});
