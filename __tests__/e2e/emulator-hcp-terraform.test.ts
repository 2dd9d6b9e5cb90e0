/**
 * HCP Terraform mode on the AWS API emulator: the bootstraps are applied through each account's
 * deployment role, then every stack through its own apply role (the role an HCP Terraform apply
 * phase assumes, here with sts:AssumeRole since the emulator has no HCP Terraform token), each
 * planned again (empty), access checked through STS, everything destroyed. The trusts and the
 * Denies of the deployer roles are the IAM simulator's to prove (__tests__/stacks/hcp-terraform.test.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadOrgFile } from '../../org/load';
import { findOnPath } from '../../sandbox/emulator';
import { runProcess } from '../../stacks/process';
import { prepareStacks, synthesizeForEmulator } from '../../sandbox/deploy';
import { ROOT, tempDir } from '../helpers/synth';

const ORG = `organization: acme
region: eu-west-1
identity:
  accountId: "111111111111"
deployment:
  backend: { type: cloud, organization: acme-platform, project: cross-account-iam, workspacePattern: "iam-{stack}" }
  hcpTerraform: {}
accounts:
  dev: { accountId: "222222222222", environment: development }
roles:
  ReadOnly:
    accounts: [dev]
    managedPolicies: [ReadOnlyAccess]
groups:
  engineers:
    assume:
      ReadOnly: [dev]
`;

const withMoto = findOnPath('moto_server') || process.env.CI === 'true' ? test : test.skip;

describe('HCP Terraform mode on the emulator', () => {
  const dir = tempDir('cai-hcp-emu-');
  const org = join(dir, 'org.yaml');
  writeFileSync(org, ORG);

  test('each stack goes through its own apply role, made first by its bootstrap through the deployment role', async () => {
    const work = tempDir('cai-hcp-emu-stacks-');
    await synthesizeForEmulator(loadOrgFile(org), join(work, 'cdktf.out'), 'http://127.0.0.1:5000', join(work, 'state'));
    const stacks = prepareStacks(join(work, 'cdktf.out'), join(work, 'stacks'), 'http://127.0.0.1:5000');
    expect(stacks.map((s) => [s.name, s.deploymentRoleArn, s.dependencies, s.madeByBootstrap ?? false])).toEqual([
      ['bootstrap-dev', 'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole', [], false],
      ['bootstrap-identity', 'arn:aws:iam::111111111111:role/OrganizationAccountAccessRole', [], false],
      ['dev', 'arn:aws:iam::222222222222:role/hcp-terraform/tfc-apply-dev', ['bootstrap-dev'], true],
      ['identity', 'arn:aws:iam::111111111111:role/hcp-terraform/tfc-apply-identity', ['bootstrap-identity'], true],
    ]);
  });

  withMoto('sandbox: bootstraps, then the stacks through their apply roles, planned again empty, access as the org file says, torn down (exit 0)', async () => {
    const result = await runProcess(process.execPath, [join(ROOT, 'bin', 'cross-account-iam.js'), 'sandbox', '--org', org], { cwd: ROOT });
    const out = result.stdout;
    expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr + out }).toEqual({ code: 0, stderr: '' });
    for (const stack of ['bootstrap-identity', 'bootstrap-dev', 'identity', 'dev']) {
      expect(out).toMatch(new RegExp(`^Applied ${stack} in account \\d{12}: \\d+ created`, 'm'));
      expect(out).toContain(`Planned ${stack} again: no changes`);
      expect(out).toMatch(new RegExp(`^Destroyed ${stack}$`, 'm'));
    }
    // The bootstrap of an account comes before its stack, and the stack is destroyed before it.
    expect(out.indexOf('Applied bootstrap-dev')).toBeLessThan(out.indexOf('Applied dev'));
    expect(out.indexOf('Destroyed dev')).toBeLessThan(out.indexOf('Destroyed bootstrap-dev'));
    // The 4 others are the deployer roles: no group reaches them.
    expect(out).toContain('  engineers: may assume arn:aws:iam::222222222222:role/ReadOnly; refused on 4 other roles');
    expect(out).toContain('  every answer matches the org file');
    // No deployment role is made by hand where the apply role is the stack's way in.
    expect(out).not.toContain('role/hcp-terraform/tfc-apply-dev made by hand');
  }, 300_000);
});
