import { DEFAULT_QUOTAS, formatCount, IAM_LIMITS } from '../../policy/quotas';

describe('IAM quotas', () => {
  test('the defaults in force are IAM\'s: trust policy 2,048, 10 managed policies per role, 1,000 roles and 300 groups per account', () => {
    expect(DEFAULT_QUOTAS).toEqual({ trustPolicySize: 2048, managedPoliciesPerRole: 10, rolesPerAccount: 1000, groupsPerAccount: 300 });
    expect(IAM_LIMITS).toMatchObject({ managedPolicySize: 6144, managedPoliciesPerGroup: 10, inlinePolicySizePerRole: 10240 });
  });

  test('counts are written with thousands separators, as in IAM\'s documentation', () => {
    expect(formatCount(6144)).toBe('6,144');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});
