/** `npx cross-account-iam sandbox`, as a new user runs it: one command, the whole flow, nothing left behind. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EMULATOR_INSTALL_HINT, findOnPath } from '../../review/emulator';
import { runProcess } from '../../review/process';
import { FIXTURES, ROOT } from '../helpers/synth';

const BIN = join(ROOT, 'bin', 'cross-account-iam.js');

const run = (args: string[], env: NodeJS.ProcessEnv = process.env) => runProcess(process.execPath, [BIN, ...args], { cwd: ROOT, env });

const withMoto = findOnPath('moto_server') || process.env.CI === 'true' ? test : test.skip;

describe('cross-account-iam sandbox', () => {
  withMoto(
    'on a small org: starts moto, deploys each stack in its own account, plans again, checks access through STS, tears everything down (exit 0)',
    async () => {
      const { code, stdout, stderr } = await run(['sandbox', '--org', join(FIXTURES, 'minimal.yaml')]);
      expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
      const lines = stdout.split('\n');
      const pid = Number(/^Emulator: http:\/\/127\.0\.0\.1:\d+ \(moto_server, pid (\d+), started here\)$/m.exec(stdout)?.[1]);
      const work = /^Synthesized .* in (\/.*)\/cdktf\.out; Terraform state is local, in \1\/state \(the org file's backend is not used\)\.$/m.exec(stdout)?.[1];
      expect(pid).toBeGreaterThan(0);
      expect(work).toBeDefined();
      expect(lines).toEqual(
        expect.arrayContaining([
          'Bootstrap: account 100000000001: deployment role arn:aws:iam::100000000001:role/OrganizationAccountAccessRole',
          'Bootstrap: account 100000000002: deployment role arn:aws:iam::100000000002:role/OrganizationAccountAccessRole',
          expect.stringMatching(/^Applied identity in account 100000000001: \d+ created \[[\d.]+ s\]$/),
          expect.stringMatching(/^Applied sandbox in account 100000000002: \d+ created \[[\d.]+ s\]$/),
          'Planned identity again: no changes',
          'Planned sandbox again: no changes',
          '  engineers: may assume arn:aws:iam::100000000002:role/Developer; refused on 0 other roles',
          '  every answer matches the org file',
          'Destroyed identity',
          'Destroyed sandbox',
          expect.stringMatching(/^Torn down: emulator stopped, work folder removed\. All steps held \([\d.]+ s\)\.$/),
        ]),
      );
      expect(stderr).toContain('EMULATOR TARGET (CROSS_ACCOUNT_IAM_ENDPOINT is set): NOT A DEPLOYMENT TO AWS');
      expect(() => process.kill(pid, 0)).toThrow();
      expect(existsSync(work!)).toBe(false);
    },
    6 * 60_000,
  );

  test('without moto_server on PATH: exit 2 with the install hint, nothing started', async () => {
    const { code, stderr } = await run(['sandbox', '--org', join(FIXTURES, 'minimal.yaml')], { ...process.env, PATH: dirname(process.execPath) });
    expect({ code, stderr }).toEqual({ code: 2, stderr: `cross-account-iam: moto_server was not found. ${EMULATOR_INSTALL_HINT}\n` });
  });

  test('--endpoint where nothing answers: exit 2 naming the URL', async () => {
    const { code, stderr } = await run(['sandbox', '--org', join(FIXTURES, 'minimal.yaml'), '--endpoint', 'http://127.0.0.1:9']);
    expect({ code, stderr }).toEqual({
      code: 2,
      stderr: 'cross-account-iam: No emulator answers at http://127.0.0.1:9. Start one (e.g. `moto_server -H 127.0.0.1 -p 5000`) or leave out the URL to start one here.\n',
    });
  });
});
