/**
 * Property-based: for random valid orgs, the access the IAM simulator finds in the synthesized
 * JSON equals the org file's intent, and every rendered policy is within its IAM limit.
 */
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseOrg } from '../../org/load';
import { findAccount } from '../../org/lookup';
import { assumeGrants, roleTrustPolicy } from '../../org/render';
import { renderAssumePolicies } from '../../policy/assume-policy';
// IAM's default quotas, written out rather than read from the code under test.
import { readSynthesizedOrg } from '../../review/artifact';
import { AccessMatrix } from '../helpers/access-matrix';
import { readIntent } from '../helpers/intent';
import { randomOrg } from '../helpers/random-org';
import { synthOrgFile, tempDir } from '../helpers/synth';

describe('random valid orgs', () => {
  test('the simulated access matrix of the synthesized JSON equals the org file, for every pair', async () => {
    let orgs = 0;
    let pairs = 0;
    await fc.assert(
      fc.asyncProperty(randomOrg(4), async (org) => {
        const dir = tempDir('cai-prop-');
        const file = join(dir, 'org.yaml');
        writeFileSync(file, stringify(org));
        const matrix = new AccessMatrix(readSynthesizedOrg(synthOrgFile(file)), readIntent(file));
        expect(await matrix.all()).toEqual([]);
        orgs++;
        pairs += matrix.pairs().length;
      }),
      { numRuns: 40, seed: 20261122 },
    );
    process.stdout.write(`random orgs: ${orgs} orgs, ${pairs} group x account x role pairs\n`);
  });

  test('every rendered trust and group policy is within its IAM limit, up to 400 accounts', () => {
    fc.assert(
      fc.property(randomOrg(400), (org) => {
        const model = parseOrg(stringify(org), 'org.yaml');
        // The trust as each account gets it (people are trusted per account).
        for (const role of model.roles) for (const key of role.accountKeys) expect(roleTrustPolicy(model, role, findAccount(model, key)).size).toBeLessThanOrEqual(2048);
        for (const group of model.groups) {
          const policies = renderAssumePolicies(assumeGrants(model, group));
          expect(policies.length).toBeLessThanOrEqual(10);
          for (const p of policies) expect(p.size).toBeLessThanOrEqual(6144);
        }
      }),
      { numRuns: 60, seed: 7 },
    );
  });
});
