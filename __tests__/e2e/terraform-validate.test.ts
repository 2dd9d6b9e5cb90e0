/**
 * The real check: every synthesized stack of an org with every kind of assumer passes `terraform
 * validate` against the AWS provider's own schema, installed offline from the machine's mirror.
 * (The example org's stacks are applied for real to the AWS API emulator, which proves more:
 * emulator-sandbox-cli.test.ts; the guarded org, with the resources the emulator cannot take, is
 * validated in stacks/deploy.test.ts; every stack of both orgs is also planned offline in
 * offline-plan.test.ts.)
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { validateStack, writeOfflineCliConfig } from '../../review/terraform';
import { FIXTURES, synthOrgFile, tempDir } from '../helpers/synth';

describe('terraform validate on every kind of assumer', () => {
  // Permission sets, a SAML role (its role, policy and attachments in the identity stack), OIDC providers, web identity trusts.
  const out = synthOrgFile(join(FIXTURES, 'every-assumer.yaml'));
  const cliConfig = writeOfflineCliConfig(tempDir('cai-tf-'));
  const stacks = readdirSync(join(out, 'stacks')).sort();

  test('every stack is valid Terraform for the AWS provider', async () => {
    expect(stacks).toEqual(['dev', 'identity', 'prod']);
    const results = await Promise.all(stacks.map(async (stack) => ({ stack, ...(await validateStack(join(out, 'stacks', stack), cliConfig)) })));
    expect(results.map((r) => [r.stack, r.valid, r.output])).toEqual(stacks.map((stack) => [stack, true, '']));
  });
});
