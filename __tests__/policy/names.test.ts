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
