/** The sandbox's building blocks that need no emulator: finding moto, the deploy order, preparing the stacks. */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadOrgFile } from '../../org/load';
import { EMULATOR_INSTALL_HINT, findOnPath, freePort, startEmulator } from '../../sandbox/emulator';
import { inDependencyOrder, prepareStacks, SandboxStack, splitRoleArn, synthesizeForEmulator } from '../../sandbox/deploy';
import { MOTO_IGNORES_CONDITIONS } from '../../sandbox/emulator-quirks';
import { FIXTURES, synthOrgFile, tempDir } from '../helpers/synth';

const fake = (name: string, dependencies: string[] = []) => ({ name, dependencies }) as unknown as SandboxStack;

describe('finding and starting the emulator', () => {
  test('findOnPath finds an executable on PATH, and nothing on an empty PATH', () => {
    expect(findOnPath('node', dirname(process.execPath))).toBe(join(dirname(process.execPath), 'node'));
    expect(findOnPath('node', '')).toBeUndefined();
  });

  test('without moto_server on PATH, starting fails with the install hint', async () => {
    const saved = process.env.PATH;
    process.env.PATH = dirname(process.execPath);
    try {
      await expect(startEmulator()).rejects.toThrow(`moto_server was not found. ${EMULATOR_INSTALL_HINT}`);
    } finally {
      process.env.PATH = saved;
    }
    expect(EMULATOR_INSTALL_HINT).toContain('pip install "moto[server]"');
  });

  test('a free port is a port on the loopback interface', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(1023);
    expect(port).toBeLessThan(65536);
  });
});

describe('inDependencyOrder', () => {
  const stacks = [fake('identity'), fake('app', ['ci']), fake('ci'), fake('web', ['app'])];

  test('starts a stack only after the stacks it depends on, never more than `concurrency` at once', async () => {
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const { results, notRun } = await inDependencyOrder(stacks, 2, async (s) => {
      running++;
      most = Math.max(most, running);
      log.push(`start ${s.name}`);
      await new Promise((r) => setTimeout(r, 20));
      log.push(`end ${s.name}`);
      running--;
      return { code: 0 };
    });
    expect(notRun).toEqual([]);
    expect([...results.keys()].sort()).toEqual(['app', 'ci', 'identity', 'web']);
    expect(most).toBe(2);
    expect(log.indexOf('start app')).toBeGreaterThan(log.indexOf('end ci'));
    expect(log.indexOf('start web')).toBeGreaterThan(log.indexOf('end app'));
  });

  test('reversed (destroy): a stack goes only after the stacks that depend on it', async () => {
    const log: string[] = [];
    await inDependencyOrder(stacks, 2, async (s) => (log.push(s.name), { code: 0 }), { reverse: true });
    expect(log.indexOf('ci')).toBeGreaterThan(log.indexOf('app'));
    expect(log.indexOf('app')).toBeGreaterThan(log.indexOf('web'));
  });

  test('a failed stack stops the stacks that wait for it, which are reported as not run', async () => {
    const ran: string[] = [];
    const { results, notRun } = await inDependencyOrder(stacks, 1, async (s) => (ran.push(s.name), { code: s.name === 'ci' ? 1 : 0 }));
    expect(notRun.sort()).toEqual(['app', 'web']);
    expect(ran.sort()).toEqual(['ci', 'identity']);
    expect(results.get('ci')).toEqual({ code: 1 });
  });
});

describe('prepareStacks', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  test('refuses stacks synthesized for AWS, naming the variable to set', () => {
    const out = synthOrgFile(join(FIXTURES, 'minimal.yaml'));
    const work = tempDir('cai-prep-');
    dirs.push(out, work);
    expect(() => prepareStacks(out, work, 'http://127.0.0.1:5000')).toThrow(
      `Stack identity in ${out} was synthesized for AWS, not for an emulator. Synthesize with CROSS_ACCOUNT_IAM_ENDPOINT=http://127.0.0.1:5000.`,
    );
  });

  test('reads accounts, deployment roles, dependencies, protected and adopted resources; leaves out exactly the unsupported resources', async () => {
    const work = tempDir('cai-prep-');
    dirs.push(work);
    await synthesizeForEmulator(loadOrgFile(join(FIXTURES, 'full-feature.yaml')), join(work, 'out'), 'http://127.0.0.1:5000', join(work, 'state'));
    expect(() => prepareStacks(join(work, 'out'), join(work, 'x'), 'http://127.0.0.1:6000')).toThrow(
      `Stack app in ${join(work, 'out')} points at http://127.0.0.1:5000, not at http://127.0.0.1:6000. Synthesize again with CROSS_ACCOUNT_IAM_ENDPOINT=http://127.0.0.1:6000.`,
    );
    const stacks = prepareStacks(join(work, 'out'), join(work, 'run'), 'http://127.0.0.1:5000');
    // moto ignores conditions: the group side's conditional Denys (without MFA, MFA too old) are left out of its copy.
    expect(stacks.flatMap((s) => s.statementsLeftOut.map((l) => [s.name, l.effect, l.why]))).toEqual(
      Array.from({ length: 4 }, () => ['identity', 'Deny', MOTO_IGNORES_CONDITIONS]),
    );
    expect(stacks.map((s) => [s.name, s.statementsLeftOut.map((l) => l.statement)])).toEqual([
      ['app', []],
      ['ci', []],
      [
        'identity',
        [
          'aws_iam_policy.group_engineers_policy_engineers-assume-roles: DenyAssumeRoleMfaOlderThan3600',
          'aws_iam_policy.group_engineers_policy_engineers-assume-roles: DenyAssumeRoleWithoutMfa',
          'aws_iam_policy.group_oncall_policy_oncall-assume-roles: DenyAssumeRoleMfaOlderThan3600',
          'aws_iam_policy.group_oncall_policy_oncall-assume-roles: DenyAssumeRoleWithoutMfa',
        ],
      ],
      ['organization', []],
    ]);
    const identityPolicy = JSON.parse(stacks.find((s) => s.name === 'identity')!.json.resource!.aws_iam_policy['group_oncall_policy_oncall-assume-roles'].policy as string);
    expect(identityPolicy.Statement.map((st: { Sid: string; Effect: string }) => `${st.Effect} ${st.Sid}`)).toEqual(['Allow AssumeRole', 'Allow SetSourceIdentity']);
    expect(stacks.map((s) => [s.name, s.accountId, s.region, s.deploymentRoleArn, s.dependencies, s.skipped, s.protectedAddresses, s.imports])).toEqual([
      ['app', '610000000003', 'eu-west-1', 'arn:aws:iam::610000000003:role/OrganizationAccountAccessRole', ['ci'], [], ['aws_iam_role.role_Deployer'], [{ to: 'aws_iam_role.role_Breakglass', id: 'Breakglass' }]],
      ['ci', '610000000002', 'us-east-1', 'arn:aws:iam::610000000002:role/OrganizationAccountAccessRole', [], [], [], []],
      ['identity', '610000000001', 'us-east-1', 'arn:aws:iam::610000000001:role/OrganizationAccountAccessRole', [], [], [], [{ to: 'aws_iam_group.group_oncall', id: 'oncall' }]],
      [
        'organization',
        '610000000000',
        'us-east-1',
        'arn:aws:iam::610000000000:role/OrganizationAccountAccessRole',
        [],
        ['aws_accessanalyzer_analyzer.access_analyzer', 'aws_organizations_policy_attachment.perimeter_r-ab12'],
        [],
        [],
      ],
    ]);
    const org = stacks.find((s) => s.name === 'organization')!;
    expect(Object.keys(org.json.resource!)).toEqual(['aws_organizations_policy']);
  });

  test('splitRoleArn reads account, path and name', () => {
    expect(splitRoleArn('arn:aws:iam::111111111111:role/ci/deploy/Runner')).toEqual({ accountId: '111111111111', path: '/ci/deploy/', name: 'Runner' });
    expect(splitRoleArn('arn:aws:iam::111111111111:role/Admin')).toEqual({ accountId: '111111111111', path: '/', name: 'Admin' });
    expect(() => splitRoleArn('arn:aws:iam::111111111111:user/x')).toThrow('not a role ARN: arn:aws:iam::111111111111:user/x');
  });
});
