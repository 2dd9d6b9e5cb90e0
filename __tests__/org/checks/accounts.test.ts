/** The accounts check alone: exact messages and key paths. */
import { accountIssues } from '../../../org/checks/accounts';
import { contextOf } from '../../helpers/check-context';

describe('accountIssues', () => {
  test('GIVEN distinct account ids and keys WHEN checked THEN nothing is wrong', () => {
    expect(accountIssues(contextOf())).toEqual([]);
  });

  test.each(['identity', 'organization'])('GIVEN an account keyed "%s", a stack the app makes itself, THEN the key is refused', (key) => {
    expect(accountIssues(contextOf({ accounts: { dev: { accountId: '222222222222' }, [key]: { accountId: '444444444444' } } }))).toEqual([
      { path: ['accounts', key], at: 'key', message: `"${key}" is the name of a stack the app makes itself. Fix: rename the account, e.g. ${key}-account.` },
    ]);
  });

  test('GIVEN three accounts with one id WHEN checked THEN the second and third are refused, each naming the first', () => {
    const accounts = { dev: { accountId: '222222222222' }, prod: { accountId: '222222222222' }, test: { accountId: '222222222222' } };
    expect(accountIssues(contextOf({ accounts }))).toEqual([
      { path: ['accounts', 'prod', 'accountId'], message: 'account id 222222222222 is already used by account "dev". Fix: each account key needs its own account id.' },
      { path: ['accounts', 'test', 'accountId'], message: 'account id 222222222222 is already used by account "dev". Fix: each account key needs its own account id.' },
    ]);
  });

  test('GIVEN no account WHEN checked THEN the accounts section is refused', () => {
    expect(accountIssues(contextOf({ accounts: {}, roles: undefined, groups: undefined }))).toEqual([
      { path: ['accounts'], message: 'names no account. Fix: add at least one member account, e.g. dev: { accountId: "222222222222" }.' },
    ]);
  });
});
