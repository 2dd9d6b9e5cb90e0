/**
 * The real check: every synthesized stack of the example org passes `terraform validate` against
 * the AWS provider's own schema, installed offline from the machine's mirror.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { validateStack, writeOfflineCliConfig } from '../../review/terraform';
import { EXAMPLE_ORG, FIXTURES, synthOrgFile, tempDir } from '../helpers/synth';

describe('terraform validate on the example org', () => {
  const out = synthOrgFile(EXAMPLE_ORG);
  const cliConfig = writeOfflineCliConfig(tempDir('cai-tf-'));
  const stacks = readdirSync(join(out, 'stacks')).sort();

  test('synthesizes identity and one stack per account', () => {
    expect(stacks).toEqual(['dev', 'identity', 'prod', 'staging', 'tooling']);
  });

  test('every stack is valid Terraform for the AWS provider', async () => {
    const results = await Promise.all(stacks.map(async (stack) => ({ stack, ...(await validateStack(join(out, 'stacks', stack), cliConfig)) })));
    expect(results.map((r) => [r.stack, r.valid, r.output])).toEqual(stacks.map((stack) => [stack, true, '']));
  });
});

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
