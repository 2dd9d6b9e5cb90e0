/**
 * The edges of the new assumer kinds: what IAM would refuse at apply is refused at synth with its
 * place and fix (OIDC provider URL and client id rules, merged provider limits, case-insensitive
 * SAML role names, policy variables), what would never match is refused (a refs/ prefix), and what
 * is accepted renders exactly (environments with spaces, two issuers whose names differ only in
 * "/" and "_", a SAML role passing on its identity provider's source identity).
 */
import { Testing } from 'cdktf';
import { parseOrg } from '../../org/load';
import { OrgConfigError } from '../../org/errors';
import { buildFromText } from '../helpers/synth';

const HEAD = `organization: acme
region: eu-west-1
identity: { accountId: "111111111111" }
accounts:
  dev: { accountId: "222222222222" }
  prod: { accountId: "444444444444" }
roles:
  Deployer:
    accounts: [dev, prod]
    managedPolicies: [PowerUserAccess]
`;
const T = (c: string) => `"${c.repeat(40)}"`;
const problems = (text: string): string[] => {
  try {
    parseOrg(text, 'org.yaml');
  } catch (err) {
    if (err instanceof OrgConfigError) return err.problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`);
    throw err;
  }
  throw new Error('expected the org file to be refused');
};

describe('refused at synth, with place and fix', () => {
  test.each([
    [
      'an issuer with a port',
      `oidc:\n  a: { issuer: "https://gitlab.example.com:8443", audiences: [x], subjects: [foo], assume: { Deployer: [dev] } }\n`,
      '12:16 oidc.a.issuer: must not name a port: IAM refuses an OIDC provider URL with one. Fix: write the issuer as its tokens name it, without :port',
    ],
    [
      'an issuer host in capitals',
      `oidc:\n  a: { issuer: "https://GitLab.example.com", audiences: [x], subjects: [foo], assume: { Deployer: [dev] } }\n`,
      '12:16 oidc.a.issuer: must write the host in lowercase, as IAM names the provider and its condition keys by it. Fix: lowercase the host, e.g. https://gitlab.example.com',
    ],
    [
      'a client id longer than 255',
      `oidc:\n  a: { issuer: "https://gitlab.example.com", audiences: [${'a'.repeat(256)}], subjects: [foo], assume: { Deployer: [dev] } }\n`,
      '12:58 oidc.a.audiences[0]: is longer than the 255 characters IAM allows for an OIDC client id (audience)',
    ],
    [
      'two SAML roles whose names differ in case',
      `samlRoles:\n  Okta: { provider: Okta, assume: { Deployer: [dev] } }\n  okta: { provider: Okta, assume: { Deployer: [prod] } }\n`,
      '13:3 samlRoles.okta: IAM SAML role names are case-insensitive: "okta" and "Okta" are the same SAML role. Fix: rename one.',
    ],
    [
      'a policy variable in the SAML audience',
      `samlRoles:\n  Okta: { provider: Okta, audience: "https://signin.aws.amazon.com/saml\${x}", assume: { Deployer: [dev] } }\n`,
      '12:37 samlRoles.Okta.audience: must not contain "$": in a policy it starts a variable (${...}), so the condition would not match what is written here. Fix: remove the "$"',
    ],
    [
      'a branch written as a ref',
      `githubActions:\n  ci: { repository: acme/infra, branches: [refs/heads/main], assume: { Deployer: [dev] } }\n`,
      '12:44 githubActions.ci.branches[0]: must be the name only: the app adds refs/heads/ or refs/tags/. Fix: write main, not refs/heads/main',
    ],
    ['an empty branch list', `githubActions:\n  ci: { repository: acme/infra, branches: [], assume: { Deployer: [dev] } }\n`, '12:43 githubActions.ci.branches: names no branch: list at least one, e.g. [main], or remove the key'],
    [
      'thumbprints for a provider made elsewhere',
      `oidc:\n  a: { issuer: "https://gitlab.example.com", audiences: [x], subjects: [foo], oidcProvider: existing, thumbprints: [${T('a')}], assume: { Deployer: [dev] } }\n`,
      '12:116 oidc.a.thumbprints: apply only to an OIDC provider the app creates or adopts, and oidcProvider is existing (made elsewhere). Fix: remove thumbprints here and set them where the provider is made, or set oidcProvider: create.',
    ],
    [
      'two entries of one issuer whose thumbprints add up to 6 in one account',
      `oidc:\n  a: { issuer: "https://gitlab.example.com", audiences: [x], subjects: [foo], thumbprints: [${T('1')}, ${T('2')}, ${T('3')}], assume: { Deployer: [dev] } }\n  b: { issuer: "https://gitlab.example.com", audiences: [x], subjects: [bar], thumbprints: [${T('4')}, ${T('5')}, ${T('6')}], assume: { Deployer: [dev] } }\n`,
      '12:3 oidc.a: the OIDC provider of gitlab.example.com in account dev would hold 6 thumbprints of every entry of that issuer granted a role there; IAM allows 5. Fix: let entries of one issuer share thumbprints.',
    ],
    [
      '101 client ids on one provider',
      `oidc:\n  a: { issuer: "https://gitlab.example.com", audiences: [${Array.from({ length: 101 }, (_, i) => `aud${i}`).join(', ')}], subjects: [foo], assume: { Deployer: [dev] } }\n`,
      '12:3 oidc.a: the OIDC provider of gitlab.example.com in account dev would hold 101 client ids (audiences) of every entry of that issuer granted a role there; IAM allows 100. Fix: let entries of one issuer share client ids (audiences).',
    ],
  ])('%s', (_what, lines, expected) => {
    expect(problems(HEAD + lines)).toEqual([expected]);
  });
});

describe('accepted, and exact', () => {
  test('a GitHub environment whose name has a space is its own sub', () => {
    const model = parseOrg(HEAD + `githubActions:\n  ci: { repository: acme/infra, environments: [Production EU], assume: { Deployer: [dev] } }\n`, 'org.yaml');
    const ci = model.assumers.find((a) => a.name === 'ci')!;
    expect(ci.kind === 'github-actions' && ci.principal.subjects).toEqual(['repo:acme/infra:environment:Production EU']);
  });

  test('two issuers whose host paths differ only in "/" and "_" get a provider each', () => {
    const { accounts } = buildFromText(
      HEAD +
        `oidc:\n  a: { issuer: "https://oidc.example.com/tenant/a_b", audiences: [x], subjects: [foo], assume: { Deployer: [dev] } }\n  b: { issuer: "https://oidc.example.com/tenant/a/b", audiences: [x], subjects: [bar], assume: { Deployer: [dev] } }\n`,
    );
    const dev = JSON.parse(Testing.synth(accounts[0])) as { resource: Record<string, Record<string, { url: string }>> };
    expect(Object.values(dev.resource.aws_iam_openid_connect_provider).map((p) => p.url).sort()).toEqual(['https://oidc.example.com/tenant/a/b', 'https://oidc.example.com/tenant/a_b']);
  });

  test('a SAML role granted a role that takes a source identity: its sign-in may carry one, and it may only pass that one on', () => {
    const { identity } = buildFromText(HEAD.replace('    managedPolicies: [PowerUserAccess]\n', '    managedPolicies: [PowerUserAccess]\n    trust: { sourceIdentity: true }\n') + `samlRoles:\n  Okta: { provider: Okta, assume: { Deployer: [dev] } }\n`);
    const out = JSON.parse(Testing.synth(identity!)) as { resource: Record<string, Record<string, { assume_role_policy?: string; policy?: string }>> };
    expect(JSON.parse(out.resource.aws_iam_role.role_Okta.assume_role_policy!).Statement[0]).toEqual({
      Sid: 'SamlSignIn',
      Effect: 'Allow',
      Principal: { Federated: 'arn:aws:iam::111111111111:saml-provider/Okta' },
      Action: ['sts:AssumeRoleWithSAML', 'sts:SetSourceIdentity'],
      Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
    });
    expect(JSON.parse(Object.values(out.resource.aws_iam_policy)[0].policy!).Statement).toEqual([
      { Sid: 'AssumeRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::222222222222:role/Deployer' },
      { Sid: 'SetSourceIdentity', Effect: 'Allow', Action: 'sts:SetSourceIdentity', Resource: 'arn:aws:iam::222222222222:role/Deployer', Condition: { Null: { 'aws:SourceIdentity': 'false' } } },
    ]);
  });

  test('a role placed where nothing grants it: a warning names the accounts and the fallback', () => {
    const model = parseOrg(HEAD + `githubActions:\n  ci: { repository: acme/infra, branches: [main], assume: { Deployer: [dev] } }\n`, 'org.yaml');
    expect(model.warnings.map((w) => `${w.line}:${w.column} ${w.path}: ${w.message}`)).toEqual([
      "9:15 roles.Deployer.accounts: places the role in prod, where nothing grants it: there its trust falls back to the identity account's IAM users (with MFA), as for a role granted to no one, and only those whose own policy allows it could assume it. Fix: grant it there, or remove prod from roles.Deployer.accounts.",
    ]);
  });
});
