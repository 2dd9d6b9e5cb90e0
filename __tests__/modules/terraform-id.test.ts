/**
 * The one mapping from IAM names to Terraform identifiers: injective (its inverse gives the parts
 * back), always a name Terraform takes, unchanged for names that start with a letter, and total: a
 * valid org file never stops the synth in it (an issuer host such as 1ci.example.com).
 */
import fc from 'fast-check';
import { Testing } from 'cdktf';
import { parseTerraformId, terraformId } from '../../modules/terraform-id';
import { buildFromText } from '../helpers/synth';

/** What Terraform takes as a resource or output name. */
const TERRAFORM_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

describe('terraformId', () => {
  test('any parts give a name Terraform takes, and the parts come back from it', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 4 }), (parts) => {
        const id = terraformId(...parts);
        expect(id).toMatch(TERRAFORM_NAME);
        expect(parseTerraformId(id)).toEqual(parts);
      }),
      { numRuns: 2000, seed: 11 },
    );
  });

  test('a first part starting with a digit or "-" has that character escaped; names starting with a letter are as they always were', () => {
    expect(terraformId('1ci.example.com')).toBe('__0031ci__002eexample__002ecom');
    expect(terraformId('-x', 'y')).toBe('__002dx_y');
    expect(terraformId('9', '9')).toBe('__0039_9');
    expect(terraformId('role', 'ops.admin')).toBe('role_ops__002eadmin');
    expect(terraformId('oidc', 'provider', 'token.actions.githubusercontent.com')).toBe('oidc_provider_token__002eactions__002egithubusercontent__002ecom');
  });

  test('parts that differ only by a leading digit escaped or not never meet', () => {
    expect(terraformId('1a')).not.toBe(terraformId('__0031a'));
    expect(parseTerraformId(terraformId('__0031a'))).toEqual(['__0031a']);
  });
});

describe('an OIDC issuer whose host starts with a digit', () => {
  const org = (mode: string) => `organization: acme
region: us-east-1
identity:
  accountId: "111111111111"
accounts:
  dev: { accountId: "222222222222" }
roles:
  Deployer:
    accounts: [dev]
    managedPolicies: [PowerUserAccess]
oidc:
  ci:
    issuer: https://1ci.example.com
    audiences: [sts.amazonaws.com]
    subjects: ["project:acme/app:ref:main"]
    oidcProvider: ${mode}
    assume:
      Deployer: [dev]
`;

  test.each(['create', 'adopt', 'existing'])('synthesizes with oidcProvider: %s, the provider addressed by the one mapping', (mode) => {
    const { accounts } = buildFromText(org(mode));
    const json = JSON.parse(Testing.synth(accounts[0])) as { resource: Record<string, Record<string, { url?: string }>>; import?: { to: string; id: string }[] };
    const providers = json.resource.aws_iam_openid_connect_provider ?? {};
    if (mode === 'existing') expect(providers).toEqual({});
    else expect(Object.entries(providers).map(([id, p]) => [id, p.url])).toEqual([['oidc_provider_1ci__002eexample__002ecom', 'https://1ci.example.com']]);
    if (mode === 'adopt') expect(json.import).toContainEqual({ to: 'aws_iam_openid_connect_provider.oidc_provider_1ci__002eexample__002ecom', id: 'arn:aws:iam::222222222222:oidc-provider/1ci.example.com' });
  });
});
