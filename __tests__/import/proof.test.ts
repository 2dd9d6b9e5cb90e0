/**
 * The proof: live access (as read) against the org file as synthesized, pair by pair, through the
 * review tools' own reader. Identical for what import wrote; a grant taken out of the file, or an
 * MFA age dropped, shows as a difference on the right side.
 */
import { compareAccess, liveAsSynthesized, synthesizedOf } from '../../bin/import-proof';
import { mapEstate } from '../../import/map';
import { renderOrgFile } from '../../import/write';
import { parseOrg } from '../../org/load';
import { estate, IDENTITY } from './estate';

const live = estate();
const result = mapEstate(live, { organization: 'acme', region: 'us-east-1', identityAccountId: IDENTITY });
const text = renderOrgFile(result.draft, ['imported']);
const liveSide = liveAsSynthesized(live, { roles: result.imported.roles, groups: result.imported.groups });
const proofOf = async (yaml: string) => compareAccess(liveSide, await synthesizedOf(parseOrg(yaml, 'org.yaml')));

test('GIVEN the imported org file THEN every pair and every role\'s permissions are the same as live', async () => {
  const proof = await proofOf(text);
  expect({ onlyLive: proof.onlyLive, onlyFile: proof.onlyFile }).toEqual({ onlyLive: [], onlyFile: [] });
  expect(proof.pairs).toBeGreaterThanOrEqual(8);
});

test('GIVEN a grant taken out of the file THEN the proof shows the pair the file would take away', async () => {
  const narrowed = text.replace('  developers:\n    adopt: true\n    assume:\n      ReadOnly:\n        - dev\n        - prod\n', '  developers:\n    adopt: true\n    assume:\n      ReadOnly:\n        - dev\n');
  expect(narrowed).not.toBe(text);
  const proof = await proofOf(narrowed);
  expect(proof.onlyLive).toEqual(['iam-group developers may assume arn:aws:iam::333333333333:role/ReadOnly (mfa true, org -, source ips -, external id -, session 3600 s)']);
  expect(proof.onlyFile).toEqual([]);
});

test('GIVEN an MFA age dropped from the file THEN the proof shows the looser pair the file would add', async () => {
  const looser = text.replace('      mfaMaxAgeSeconds: 3600\n', '');
  const proof = await proofOf(looser);
  expect(proof.onlyLive).toEqual(['iam-group ops may assume arn:aws:iam::333333333333:role/Admin (mfa true, mfa age < 3600, org -, source ips -, external id -, session 7200 s)']);
  expect(proof.onlyFile).toEqual(['iam-group ops may assume arn:aws:iam::333333333333:role/Admin (mfa true, org -, source ips -, external id -, session 7200 s)']);
});
