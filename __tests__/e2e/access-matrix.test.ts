/**
 * The access matrix, judged by the IAM simulator over the synthesized cdk.tf.json files (what will
 * be deployed), against the org file's intent read straight from the YAML.
 */
import { join } from 'node:path';
import { readSynthesizedOrg } from '../../review/artifact';
import { AccessMatrix } from '../helpers/access-matrix';
import { readIntent } from '../helpers/intent';
import { EXAMPLE_ORG, FIXTURES, synthOrgFile } from '../helpers/synth';

const ORGS: [string, string][] = [
  ['example org.yaml', EXAMPLE_ORG],
  ['minimal', join(FIXTURES, 'minimal.yaml')],
  ['automation', join(FIXTURES, 'automation.yaml')],
  ['implicit', join(FIXTURES, 'implicit.yaml')],
];

describe.each(ORGS)('access matrix of %s', (_name, orgPath) => {
  let matrix: AccessMatrix;

  beforeAll(() => {
    matrix = new AccessMatrix(readSynthesizedOrg(synthOrgFile(orgPath)), readIntent(orgPath));
  });
  afterAll(() => {
    process.stdout.write(`access matrix of ${_name}: ${matrix.pairs().length} group x account x role pairs, ${matrix.requests} simulator requests\n`);
  });

  test('every synthesized role is one the org file places in that account, and no other', () => {
    expect(matrix.placement()).toEqual([]);
  });

  test('each group x account x role: allowed with MFA exactly when the org file grants it', async () => {
    expect(matrix.pairs().length).toBeGreaterThan(0);
    expect(await matrix.grantsWithMfa()).toEqual([]);
  });

  test('without MFA (a session opened without it, long-term keys without a code): denied wherever the role requires MFA, by both halves, the trust alone and the group alone; long-term keys with an MFA code allowed exactly where granted', async () => {
    expect(await matrix.mfaEnforced()).toEqual([]);
  });

  test('an MFA sign-in older than the role allows is denied by both halves', async () => {
    // Judged only where the org has an MFA age; the orgs with one must give the check work.
    if (['example org.yaml', 'automation'].includes(_name)) expect(matrix.featureCounts().mfaAges).toBeGreaterThan(0);
    expect(await matrix.mfaAgeEnforced()).toEqual([]);
  });

  test('named principals get in only with the right external id (and, inside the org, the org id)', async () => {
    if (['example org.yaml', 'automation'].includes(_name)) expect(matrix.featureCounts().namedPrincipals).toBeGreaterThan(0);
    expect(await matrix.namedPrincipals()).toEqual([]);
  });

  test('an account the org file does not name never gets in, whatever it sends', async () => {
    expect(await matrix.strangers()).toEqual([]);
  });
});
