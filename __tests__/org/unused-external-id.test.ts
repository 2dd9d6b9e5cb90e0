/**
 * A trust setting that no statement uses is a warning with its place and fix: `trust.externalId` on
 * a role that names no principal asks no one for it, whatever the author expected.
 */
import { parseOrg } from '../../org/load';
import { withAdmin } from '../helpers/base-org';

describe('warnings', () => {
  test('trust.externalId without trust.principals: placed, with the fix; the file still loads', () => {
    const model = parseOrg(withAdmin('    trust:\n      externalId: vendor-7f3c9d2e\n'), 'org.yaml');
    expect(model.warnings).toEqual([
      {
        file: 'org.yaml',
        line: 12,
        column: 19,
        path: 'roles.Admin.trust.externalId',
        message: 'applies to the principals of trust.principals only (third parties and CI), and this role names none: no one is asked for it. Fix: remove externalId, or list the principals that must pass it.',
      },
    ]);
  });

  test('no warning where the external id is asked of a principal', () => {
    const model = parseOrg(withAdmin('    trust:\n      externalId: vendor-7f3c9d2e\n      principals: [arn:aws:iam::999999999999:role/Scanner]\n'), 'org.yaml');
    expect(model.warnings).toEqual([]);
  });
});
