/**
 * Reading at scale: retries on throttling only, with exponential backoff and full jitter; bounded
 * concurrency; documents as IAM returns them (URL-encoded); account lists from the command line.
 */
import { accountKeyOf, parseAccountList } from '../../bin/import';
import { parseDocument } from '../../import/read';
import { backoffDelay, isThrottling, mapBounded, withRetries } from '../../import/retry';

const throttled = (name: string, message = 'Rate exceeded') => Object.assign(new Error(message), { name });

describe('retries on throttling', () => {
  test.each([
    ['Throttling', throttled('Throttling')],
    ['ThrottlingException', throttled('ThrottlingException')],
    ['TooManyRequestsException (Organizations)', throttled('TooManyRequestsException')],
    ['"Rate exceeded" under another name', throttled('ServiceError', 'Rate exceeded')],
  ])('%s is throttling', (_what, err) => expect(isThrottling(err)).toBe(true));

  test('AccessDenied is not throttling', () => expect(isThrottling(throttled('AccessDenied', 'User is not authorized'))).toBe(false));

  test('GIVEN two throttling errors WHEN called THEN it is retried after jittered, growing delays and succeeds', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const result = await withRetries(
      async () => {
        calls++;
        if (calls < 3) throw throttled('Throttling');
        return 'ok';
      },
      { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, baseMs: 200 },
    );
    expect({ result, calls, sleeps }).toEqual({ result: 'ok', calls: 3, sleeps: [100, 200] });
  });

  test('another error is thrown at once, never retried', async () => {
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw throttled('AccessDenied', 'not authorized');
        },
        { sleep: async () => undefined },
      ),
    ).rejects.toThrow('not authorized');
    expect(calls).toBe(1);
  });

  test('throttling past the last attempt is thrown', async () => {
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw throttled('Throttling');
        },
        { attempts: 4, sleep: async () => undefined },
      ),
    ).rejects.toThrow('Rate exceeded');
    expect(calls).toBe(4);
  });

  test('the backoff ceiling doubles up to the cap; the delay is uniform below it', () => {
    expect([1, 2, 3, 4, 10].map((n) => backoffDelay(n, { random: () => 0.999999, baseMs: 100, capMs: 1000 }))).toEqual([99, 199, 399, 799, 999]);
    expect(backoffDelay(5, { random: () => 0 })).toBe(0);
  });
});

test('mapBounded keeps the order and never runs more than its bound at once', async () => {
  let running = 0;
  let most = 0;
  const out = await mapBounded([5, 1, 4, 2, 3, 0, 6, 7, 8, 9], 3, async (n) => {
    running++;
    most = Math.max(most, running);
    await new Promise((r) => setTimeout(r, n));
    running--;
    return n * 10;
  });
  expect({ out, most }).toEqual({ out: [50, 10, 40, 20, 30, 0, 60, 70, 80, 90], most: 3 });
});

test('documents come URL-encoded from IAM, or as JSON from an emulator', () => {
  const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::222222222222:role/a+b@c' }] };
  expect(parseDocument(encodeURIComponent(JSON.stringify(doc)))).toEqual(doc);
  expect(parseDocument(JSON.stringify(doc))).toEqual(doc);
});

describe('accounts from the command line', () => {
  test('name=id pairs', () => expect(parseAccountList('dev=222222222222, prod=333333333333')).toEqual([{ key: 'dev', accountId: '222222222222' }, { key: 'prod', accountId: '333333333333' }]));
  test.each([
    ['Dev=222222222222', '--accounts: "Dev=222222222222" is not name=id (a lowercase name of a-z, 0-9 and "-", then "=" and a 12-digit account id), e.g. dev=222222222222'],
    ['dev=2222', '--accounts: "dev=2222" is not name=id (a lowercase name of a-z, 0-9 and "-", then "=" and a 12-digit account id), e.g. dev=222222222222'],
    ['dev=222222222222,dev=333333333333', '--accounts: the name "dev" is given twice'],
  ])('%s is refused', (text, message) => expect(() => parseAccountList(text)).toThrow(message));
  test('AWS Organizations names become unique account keys', () => {
    const taken = new Set<string>();
    expect(['Prod Account', 'prod account', '123 Sandbox', 'identity'].map((n, i) => accountKeyOf(n, `00000000000${i}`, taken))).toEqual(['prod-account', 'prod-account-2', 'a-123-sandbox', 'identity-000000000003']);
  });
});
