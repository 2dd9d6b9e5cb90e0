/**
 * Property: however the grants are packed (listed ARNs, or accounts grouped by role set and cut
 * across policies), the policies allow exactly the granted (role, account) pairs and each fits.
 */
import fc from 'fast-check';
import { AssumeGrant, renderAssumePolicies } from '../../policy/assume-policy';
import { isAllowed, userCaller } from '../helpers/simulator';

const ROLES = ['/ReadOnly', '/ops/Admin', '/Deploy'];
const TRUST_ANYONE = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] };

test('packed group policies allow exactly the granted pairs, each within the size', async () => {
  let compactRuns = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 40 }),
      fc.array(fc.boolean(), { minLength: 120, maxLength: 120 }),
      fc.integer({ min: 700, max: 2500 }),
      async (accountCount, granted, policySize) => {
        const accounts = Array.from({ length: accountCount }, (_, i) => String(400000000000 + i * 37));
        const mfaOf = (role: string) => role !== '/Deploy';
        const grants = new Map<string, AssumeGrant>();
        accounts.forEach((account, a) =>
          ROLES.forEach((role, r) => {
            if (!granted[a * 3 + r]) return;
            const arn = `arn:aws:iam::${account}:role${role}`;
            grants.set(arn, { roleArn: arn, mfa: mfaOf(role), sessionTags: false, sourceIdentity: false });
          }),
        );
        if (grants.size === 0) return;
        const docs = renderAssumePolicies([...grants.values()], { policySize, maxPolicies: 100 });
        for (const d of docs) expect(d.size).toBeLessThanOrEqual(policySize);
        if (docs.some((d) => d.toString().includes('aws:ResourceAccount'))) compactRuns++;
        for (const account of accounts) {
          for (const role of ROLES) {
            const arn = `arn:aws:iam::${account}:role${role}`;
            const allowed = await isAllowed({
              caller: userCaller('100000000001', 'alice'),
              roleArn: arn,
              identityPolicies: docs.map((d) => d.toJSON()),
              trustPolicy: TRUST_ANYONE,
              context: { 'aws:MultiFactorAuthPresent': 'true' },
            });
            expect({ arn, allowed }).toEqual({ arn, allowed: grants.has(arn) });
          }
        }
      },
    ),
    { numRuns: 40, seed: 99 },
  );
  // The compact form was really exercised, not only listed ARNs.
  expect(compactRuns).toBeGreaterThan(10);
});
