/**
 * `import` when accounts cannot be read: nothing is written, each failed account is listed with
 * its error, exit 1. (An endpoint where nothing listens fails every account the same way a missing
 * deployment role would, without AWS.)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runImport } from '../../bin/import';
import { freePort } from '../../sandbox/emulator';
import { FIXTURES, tempDir } from '../helpers/synth';

test('GIVEN accounts that cannot be read WHEN importing THEN nothing is written, the failed accounts are listed with why, exit 1', async () => {
  const dir = tempDir('cai-import-fail-');
  const out = join(dir, 'org.yaml');
  const said: string[] = [];
  const progress: string[] = [];
  const code = await runImport(
    { accounts: 'dev=222222222222,prod=333333333333', identityAccount: '111111111111', roleName: 'OrganizationAccountAccessRole', endpoint: `http://127.0.0.1:${await freePort()}`, region: 'us-east-1', concurrency: '8', out, proof: true },
    (t) => said.push(t),
    (l) => progress.push(l),
  );
  expect(code).toBe(1);
  expect(existsSync(out)).toBe(false);
  expect(existsSync(`${out}.report.md`)).toBe(false);
  const text = said.join('');
  expect(text).toMatch(/^Nothing written: 3 of 3 accounts could not be read/);
  for (const account of ['dev (222222222222): ', 'identity (111111111111): ', 'prod (333333333333): ']) expect(text).toContain(`  ${account}`);
  expect(text).toMatch(/ECONNREFUSED/);
  expect(progress.filter((l) => l.includes('FAILED'))).toHaveLength(3);
});

test('the accounts must be given one way', async () => {
  await expect(runImport({ roleName: 'R', region: 'us-east-1', concurrency: '8', out: 'x', proof: true }, () => undefined, () => undefined)).rejects.toThrow(
    'import: give the accounts one way: --accounts name=id,..., --from-org-file FILE, --organizations, or --check FILE.',
  );
});

test('--from-org-file reads the accounts, the identity account and the deployment role of an org file', async () => {
  const dir = tempDir('cai-import-from-');
  const said: string[] = [];
  const progress: string[] = [];
  const code = await runImport(
    { fromOrgFile: join(FIXTURES, 'minimal.yaml'), roleName: 'OrganizationAccountAccessRole', endpoint: `http://127.0.0.1:${await freePort()}`, region: 'us-east-1', concurrency: '8', out: join(dir, 'org.yaml'), proof: true },
    (t) => said.push(t),
    (l) => progress.push(l),
  );
  expect(code).toBe(1);
  expect(progress[0]).toBe(`Reading 1 member account and the identity account 100000000001 through OrganizationAccountAccessRole at ${progress[0].split(' at ')[1].split(' ')[0]} (an emulator, not AWS), 8 at a time`);
  expect(said.join('')).toContain('  sandbox (100000000002): ');
});
