import { assumePolicyName, boundedName, EVENT_RULE_NAME } from '../../policy/names';

const rule = (role: string) => boundedName('cross-account-iam-assume-', role, EVENT_RULE_NAME.maxLength, EVENT_RULE_NAME.allowed);

describe('names of generated resources', () => {
  test('group policy names: <group>-assume-roles, then -2, -3', () => {
    expect([0, 1, 2].map((i) => assumePolicyName('devs', i))).toEqual(['devs-assume-roles', 'devs-assume-roles-2', 'devs-assume-roles-3']);
  });

  test('an EventBridge rule named after a usual role name keeps its name', () => {
    expect(rule('Breakglass')).toBe('cross-account-iam-assume-Breakglass');
  });

  test('role names with characters EventBridge refuses, or too long, get a valid name of their own', () => {
    const plus = rule('ops+oncall@team');
    expect(plus).toMatch(/^cross-account-iam-assume-ops-oncall-team-[0-9a-f]{8}$/);
    const long1 = rule(`${'A'.repeat(50)}-first`);
    const long2 = rule(`${'A'.repeat(50)}-second`);
    for (const name of [plus, long1, long2]) {
      expect(name.length).toBeLessThanOrEqual(64);
      expect(name).toMatch(/^[.\-_A-Za-z0-9]+$/);
    }
    // Truncation alone would give both the same name.
    expect(long1).not.toBe(long2);
    expect(rule('ops+oncall')).not.toBe(rule('ops=oncall'));
  });
});

describe('boundedName at its edges', () => {
  const allowed = EVENT_RULE_NAME.allowed;

  test('EventBridge names allow letters, digits, ".", "-" and "_", one character at a time, at most 64', () => {
    expect(EVENT_RULE_NAME.maxLength).toBe(64);
    expect([...'aZ09.-_'].every((c) => allowed.test(c))).toBe(true);
    expect([...'+=,@/ :'].some((c) => allowed.test(c))).toBe(false);
    expect(allowed.test('ab')).toBe(false);
    expect(boundedName('p-', 'a.b_c-D9', 64, allowed)).toBe('p-a.b_c-D9');
  });

  test('a name of exactly the limit is kept; one character more is cut, hashed, and exactly at the limit', () => {
    expect(rule('A'.repeat(39))).toBe(`cross-account-iam-assume-${'A'.repeat(39)}`);
    expect(rule('A'.repeat(39))).toHaveLength(64);
    expect(rule('A'.repeat(40))).toBe(`cross-account-iam-assume-${'A'.repeat(30)}-f0a2fb80`);
    expect(rule('A'.repeat(40))).toHaveLength(64);
  });

  test('refused characters become "-", and the first 8 hex digits of the name\'s SHA-256 follow', () => {
    expect(rule('ops+oncall@team')).toBe('cross-account-iam-assume-ops-oncall-team-a9f8b38a');
  });

  test('a prefix that leaves no room keeps only the prefix and the hash', () => {
    expect(boundedName('abcdefghij', 'xyz!', 12, allowed)).toBe('abcdefghij-f674b179');
  });
});
