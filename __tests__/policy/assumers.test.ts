/**
 * Each kind of assumer: what it says of itself, and its exact share of a role's trust policy; and how
 * the shares of several assumers join into statements.
 */
import {
  AWS_SAML_AUDIENCE,
  describeGitHubFilter,
  GITHUB_ACTIONS_AUDIENCE,
  GITHUB_ACTIONS_ISSUER,
  GitHubActionsAssumer,
  githubSubjects,
  IamGroupAssumer,
  identityUsersPart,
  mfaConditions,
  NamedPrincipalAssumer,
  PermissionSetAssumer,
  renderTrustParts,
  SamlRoleAssumer,
  trustActions,
  TrustContext,
  TrustPart,
  WebIdentityAssumer,
} from '../../policy/assumers';
import { parseIamPrincipalArn } from '../../policy/arn';
import { AccountPrincipal, FederatedPrincipal } from '../../policy/principal';

const IDENTITY = '111111111111';
const ROLE_ACCOUNT = '222222222222';
const ctx = (overrides: Partial<TrustContext> = {}): TrustContext => ({ accountId: ROLE_ACCOUNT, sourceIps: [], sessionTags: false, sourceIdentity: false, mfa: false, ...overrides });
const named = (arn: string, insideOrg: boolean) => new NamedPrincipalAssumer(parseIamPrincipalArn(arn)!, insideOrg);
/** A part as plain data: principals by their key and ARN. */
const plain = (part: TrustPart) => ({ ...part, principals: part.principals.map((p) => `${p.type} ${p.arn}`) });

describe('the trust\'s actions and MFA conditions', () => {
  test('AssumeRole, then TagSession and SetSourceIdentity when the role allows them', () => {
    expect(trustActions({ sessionTags: false, sourceIdentity: false })).toEqual(['sts:AssumeRole']);
    expect(trustActions({ sessionTags: true, sourceIdentity: false })).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    expect(trustActions({ sessionTags: false, sourceIdentity: true })).toEqual(['sts:AssumeRole', 'sts:SetSourceIdentity']);
    expect(trustActions({ sessionTags: true, sourceIdentity: true })).toEqual(['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity']);
  });

  test('MFA: present, and younger than the age when one is given (0 included); nothing when MFA is off', () => {
    expect(mfaConditions(false, 900)).toEqual({});
    expect(mfaConditions(true)).toEqual({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } });
    expect(mfaConditions(true, 900)).toEqual({ Bool: { 'aws:MultiFactorAuthPresent': 'true' }, NumericLessThan: { 'aws:MultiFactorAuthAge': '900' } });
    expect(mfaConditions(true, 0)).toEqual({ Bool: { 'aws:MultiFactorAuthPresent': 'true' }, NumericLessThan: { 'aws:MultiFactorAuthAge': '0' } });
  });
});

describe('people in IAM groups', () => {
  // Fresh fixtures per test (built inside each test, so mutation coverage sees them too).
  const group = () => new IamGroupAssumer(IDENTITY, 'devs');

  test('are IAM users: no chaining, MFA set by AWS, a group policy of their own', () => {
    expect(group()).toMatchObject({ kind: 'iam-group', name: 'devs', identityAccountId: IDENTITY, chained: false, mfaFromAws: true, assumerSide: 'iam-group' });
    expect(group().describe()).toBe('IAM group devs (users of 111111111111)');
  });

  test('their part: the identity account\'s users, with MFA, org, source IP and region conditions as the role asks', () => {
    const part = group().trustPart(ctx({ mfa: true, mfaMaxAgeSeconds: 3600, orgId: 'o-a1b2c3d4e5', sourceIps: ['203.0.113.0/24', '198.51.100.7/32'], requestedRegions: ['eu-west-1'], sessionTags: true }));
    expect(plain(part)).toEqual({
      key: 'identity-users',
      sid: 'IdentityAccount',
      order: 0,
      principals: ['AWS arn:aws:iam::111111111111:root'],
      actions: ['sts:AssumeRole', 'sts:TagSession'],
      conditions: {
        ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:user/*' },
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
        IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.7/32'] },
        NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
        StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5', 'aws:RequestedRegion': 'eu-west-1' },
      },
    });
    expect(part).toEqual(identityUsersPart(IDENTITY, ctx({ mfa: true, mfaMaxAgeSeconds: 3600, orgId: 'o-a1b2c3d4e5', sourceIps: ['203.0.113.0/24', '198.51.100.7/32'], requestedRegions: ['eu-west-1'], sessionTags: true })));
  });

  test('no region list, or an empty one, asks for no region', () => {
    expect(group().trustPart(ctx({ requestedRegions: [] })).conditions).toEqual({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:user/*' } });
    expect(group().trustPart(ctx({ requestedRegions: ['eu-west-1', 'us-east-1'] })).conditions).toEqual({
      ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:user/*' },
      StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] },
    });
  });
});

describe('principals named by ARN', () => {
  test('what each kind is: a role chains, a user does not, a root is a whole account', () => {
    expect(named('arn:aws:iam::555555555555:role/ci/Pipeline', true)).toMatchObject({ kind: 'role', name: 'arn:aws:iam::555555555555:role/ci/Pipeline', chained: true, mfaFromAws: false, assumerSide: 'none', insideOrg: true });
    expect(named('arn:aws:iam::555555555555:user/bot', true)).toMatchObject({ kind: 'user', chained: false });
    expect(named('arn:aws:iam::555555555555:root', false)).toMatchObject({ kind: 'account', name: 'arn:aws:iam::555555555555:root', chained: false });
  });

  test('describe: the principal, and whether it is outside the org', () => {
    expect(named('arn:aws:iam::555555555555:role/ci/Pipeline', true).describe()).toBe('role arn:aws:iam::555555555555:role/ci/Pipeline');
    expect(named('arn:aws:iam::999999999999:user/bot', false).describe()).toBe('user arn:aws:iam::999999999999:user/bot, outside the org');
    expect(named('arn:aws:iam::555555555555:root', true).describe()).toBe('every principal of account 555555555555');
    expect(named('arn:aws:iam::999999999999:root', false).describe()).toBe('every principal of account 999999999999, outside the org');
  });

  test('inside the org: the org id, the external id when the role has one, the principal by aws:PrincipalArn', () => {
    expect(plain(named('arn:aws:iam::555555555555:role/ci/Pipeline', true).trustPart(ctx({ orgId: 'o-a1b2c3d4e5', externalId: 'ext-1', sourceIps: ['203.0.113.0/24'] })))).toEqual({
      key: 'OrgPrincipals',
      sid: 'OrgPrincipals',
      order: 1,
      principals: ['AWS arn:aws:iam::555555555555:root'],
      actions: ['sts:AssumeRole'],
      conditions: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' }, StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5', 'sts:ExternalId': 'ext-1' } },
      members: { operator: 'ArnEquals', key: 'aws:PrincipalArn', values: ['arn:aws:iam::555555555555:role/ci/Pipeline'] },
    });
    expect(plain(named('arn:aws:iam::555555555555:root', true).trustPart(ctx({ orgId: 'o-a1b2c3d4e5', sourceIdentity: true })))).toEqual({
      key: 'OrgAccounts',
      sid: 'OrgAccounts',
      order: 2,
      principals: ['AWS arn:aws:iam::555555555555:root'],
      actions: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
      conditions: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      members: undefined,
    });
  });

  test('outside the org: the external id, never the org id', () => {
    const outside = ctx({ orgId: 'o-a1b2c3d4e5', externalId: 'ext-1' });
    expect(plain(named('arn:aws:iam::999999999999:user/bot', false).trustPart(outside))).toEqual({
      key: 'ExternalPrincipals',
      sid: 'ExternalPrincipals',
      order: 3,
      principals: ['AWS arn:aws:iam::999999999999:root'],
      actions: ['sts:AssumeRole'],
      conditions: { StringEquals: { 'sts:ExternalId': 'ext-1' } },
      members: { operator: 'ArnEquals', key: 'aws:PrincipalArn', values: ['arn:aws:iam::999999999999:user/bot'] },
    });
    expect(plain(named('arn:aws:iam::999999999999:root', false).trustPart(outside))).toMatchObject({ key: 'ExternalAccounts', sid: 'ExternalAccounts', order: 4, conditions: { StringEquals: { 'sts:ExternalId': 'ext-1' } }, members: undefined });
    expect(() => named('arn:aws:iam::999999999999:root', false).trustPart(ctx())).toThrow(new Error('Principals outside the org (arn:aws:iam::999999999999:root) need an external id.'));
  });

  test('inside the org without an org id or external id: no condition but the principal\'s', () => {
    expect(named('arn:aws:iam::555555555555:role/R', true).trustPart(ctx()).conditions).toEqual({});
  });
});

describe('Identity Center permission sets', () => {
  const set = () => new PermissionSetAssumer(IDENTITY, 'Dev');
  const patterns = [
    'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Dev_????????????????',
    'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev_????????????????',
  ];

  test('are role sessions (chained) whose MFA is Identity Center\'s', () => {
    expect(set()).toMatchObject({ kind: 'permission-set', name: 'Dev', chained: true, mfaFromAws: false, assumerSide: 'permission-set' });
    expect(set().describe()).toBe('IAM Identity Center permission set Dev (in 111111111111)');
    expect([...set().rolePatterns].sort()).toEqual(patterns);
  });

  test('their part: the identity account, the set\'s role patterns by ArnLike, the org and network conditions', () => {
    const part = set().trustPart(ctx({ orgId: 'o-a1b2c3d4e5', sourceIps: ['203.0.113.0/24'], mfa: true, sessionTags: true }));
    expect(plain({ ...part, members: part.members && { ...part.members, values: [...part.members.values].sort() } })).toEqual({
      key: 'identity-center',
      sid: 'IdentityCenter',
      order: 5,
      principals: ['AWS arn:aws:iam::111111111111:root'],
      actions: ['sts:AssumeRole', 'sts:TagSession'],
      conditions: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' }, StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      members: { operator: 'ArnLike', key: 'aws:PrincipalArn', values: patterns },
    });
  });

  test('denied: an explicit Deny of AssumeRole for the set\'s roles, whatever the role allows', () => {
    const part = set().denyPart();
    expect(plain({ ...part, members: part.members && { ...part.members, values: [...part.members.values].sort() } })).toEqual({
      key: 'deny-identity-center',
      sid: 'DenyIdentityCenter',
      order: 9,
      effect: 'Deny',
      principals: ['AWS arn:aws:iam::111111111111:root'],
      actions: ['sts:AssumeRole'],
      conditions: {},
      members: { operator: 'ArnLike', key: 'aws:PrincipalArn', values: patterns },
    });
  });
});

describe('SAML roles', () => {
  const provider = 'arn:aws:iam::111111111111:saml-provider/Okta';

  test('are roles of the identity account the app creates, chained, with the IdP\'s MFA', () => {
    const saml = new SamlRoleAssumer(IDENTITY, 'Engineers', '/people/', provider);
    expect(saml).toMatchObject({ kind: 'saml-role', chained: true, mfaFromAws: false, assumerSide: 'identity-role', arn: 'arn:aws:iam::111111111111:role/people/Engineers', audience: AWS_SAML_AUDIENCE, sessionTags: false, sourceIdentity: false });
    expect(AWS_SAML_AUDIENCE).toBe('https://signin.aws.amazon.com/saml');
    expect(saml.describe()).toBe('SAML role Engineers (Okta sign-in, in 111111111111)');
  });

  test('their part: the SAML role by ArnEquals, with the org and network conditions', () => {
    expect(plain(new SamlRoleAssumer(IDENTITY, 'Engineers', '/', provider).trustPart(ctx({ orgId: 'o-a1b2c3d4e5', requestedRegions: ['eu-west-1'], sourceIdentity: true })))).toEqual({
      key: 'saml-roles',
      sid: 'SamlRoles',
      order: 6,
      principals: ['AWS arn:aws:iam::111111111111:root'],
      actions: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
      conditions: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5', 'aws:RequestedRegion': 'eu-west-1' } },
      members: { operator: 'ArnEquals', key: 'aws:PrincipalArn', values: ['arn:aws:iam::111111111111:role/Engineers'] },
    });
  });

  test('their own trust: the provider\'s assertions for the sign-in audience, with the session extras the IdP passes', () => {
    expect(new SamlRoleAssumer(IDENTITY, 'Engineers', '/', provider).ownTrustPolicy().toJSON()).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'SamlSignIn',
          Effect: 'Allow',
          Principal: { Federated: provider },
          Action: 'sts:AssumeRoleWithSAML',
          Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
        },
      ],
    });
    expect(new SamlRoleAssumer(IDENTITY, 'Engineers', '/', provider, 'https://eu.signin.aws.amazon.com/saml', true, true).ownTrustPolicy().toJSON().Statement[0]).toMatchObject({
      Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession', 'sts:SetSourceIdentity'],
      Condition: { StringEquals: { 'SAML:aud': 'https://eu.signin.aws.amazon.com/saml' } },
    });
    expect(new SamlRoleAssumer(IDENTITY, 'E', '/', provider, AWS_SAML_AUDIENCE, false, true).ownTrustPolicy().toJSON().Statement[0].Action).toEqual(['sts:AssumeRoleWithSAML', 'sts:SetSourceIdentity']);
    expect(new SamlRoleAssumer(IDENTITY, 'E', '/', provider, AWS_SAML_AUDIENCE, true).ownTrustPolicy().toJSON().Statement[0].Action).toEqual(['sts:AssumeRoleWithSAML', 'sts:TagSession']);
  });

  test('an empty audience is refused: any assertion of the provider would pass', () => {
    expect(() => new SamlRoleAssumer(IDENTITY, 'Engineers', '/', provider, '')).toThrow(
      new Error('SAML role Engineers needs a SAML:aud audience: without it any assertion of the provider for any audience would pass.'),
    );
  });
});

describe('web identities (OIDC)', () => {
  const oidc = (issuer = 'https://idp.example.com/tenant/', audiences = ['b-aud', 'a-aud'], subjects = ['system:serviceaccount:ci:*', 'job:deploy']) => new WebIdentityAssumer('ci', issuer, audiences, subjects);

  test('are trusted alone: no chaining, no assumer side; the issuer loses its trailing slashes', () => {
    const w = oidc('https://idp.example.com/tenant//');
    expect(w).toMatchObject({ kind: 'oidc', name: 'ci', chained: false, mfaFromAws: false, assumerSide: 'none', issuerUrl: 'https://idp.example.com/tenant', issuerHostPath: 'idp.example.com/tenant' });
    expect(w.describe()).toBe('OIDC idp.example.com/tenant, sub system:serviceaccount:ci:* or job:deploy');
  });

  test('their part: the role account\'s OIDC provider, the sorted audiences, the subjects by StringLike', () => {
    expect(plain(oidc().trustPart(ctx({ sourceIps: ['203.0.113.0/24'], orgId: 'o-ignored', sessionTags: true, mfa: true })))).toEqual({
      key: 'web-identity idp.example.com/tenant a-aud b-aud',
      sid: 'WebIdentity',
      order: 7,
      principals: ['Federated arn:aws:iam::222222222222:oidc-provider/idp.example.com/tenant'],
      actions: ['sts:AssumeRoleWithWebIdentity'],
      conditions: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' }, StringEquals: { 'idp.example.com/tenant:aud': ['a-aud', 'b-aud'] } },
      members: { operator: 'StringLike', key: 'idp.example.com/tenant:sub', values: ['system:serviceaccount:ci:*', 'job:deploy'] },
    });
  });

  test('an issuer must be an https:// URL with a host, without query or fragment', () => {
    for (const issuer of ['http://idp.example.com', 'https://', 'https:///tenant', 'https://idp.example.com?x=1', 'https://idp.example.com/a#f', 'https://idp example.com', 'xhttps://idp.example.com', 'https://idp.example.com/a b']) {
      expect(() => oidc(issuer)).toThrow(new Error(`OIDC issuer ${issuer} must be an https:// URL without query or fragment.`));
    }
    expect(oidc('https://idp.example.com').issuerUrl).toBe('https://idp.example.com');
  });

  test('"$" in an audience or subject is refused: IAM would read a policy variable', () => {
    expect(() => oidc(undefined, ['a$b'])).toThrow(new Error('OIDC assumer ci: "a$b" holds "$", which IAM reads as the start of a policy variable.'));
    expect(() => oidc(undefined, undefined, ['repo:${x}'])).toThrow(new Error('OIDC assumer ci: "repo:${x}" holds "$", which IAM reads as the start of a policy variable.'));
  });

  test('at least one audience, and a subject that restricts something', () => {
    expect(() => oidc(undefined, [])).toThrow(new Error('OIDC assumer ci needs at least one audience.'));
    for (const subjects of [[], ['*'], ['job:a', '?*'], ['']]) {
      expect(() => oidc(undefined, undefined, subjects)).toThrow(new Error('OIDC assumer ci needs a sub restriction: without one, every workload of https://idp.example.com/tenant/ could assume the role.'));
    }
    expect(oidc(undefined, undefined, ['a*']).subjects).toEqual(['a*']);
  });
});

describe('GitHub Actions', () => {
  test('GitHub\'s issuer and the AWS action\'s audience by default; every run of the repository without a filter', () => {
    const gh = new GitHubActionsAssumer('infra', 'acme/infra');
    expect(GITHUB_ACTIONS_ISSUER).toBe('https://token.actions.githubusercontent.com');
    expect(GITHUB_ACTIONS_AUDIENCE).toBe('sts.amazonaws.com');
    expect(gh).toMatchObject({ kind: 'github-actions', issuerUrl: GITHUB_ACTIONS_ISSUER, audiences: ['sts.amazonaws.com'], subjects: ['repo:acme/infra:*'], restricted: false });
    expect(gh.describe()).toBe('GitHub Actions, repo acme/infra, any branch, tag or environment');
    expect(plain(gh.trustPart(ctx()))).toEqual({
      key: 'web-identity token.actions.githubusercontent.com sts.amazonaws.com',
      sid: 'GitHubActions',
      order: 7,
      principals: ['Federated arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com'],
      actions: ['sts:AssumeRoleWithWebIdentity'],
      conditions: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
      members: { operator: 'StringLike', key: 'token.actions.githubusercontent.com:sub', values: ['repo:acme/infra:*'] },
    });
  });

  test('branches, tags and environments become sub patterns, in that order; another audience and issuer (GHES) are kept', () => {
    const gh = new GitHubActionsAssumer('infra', 'acme/infra', { environments: ['production'], tags: ['v*'], branches: ['main', 'dev'] }, 'sts.acme', 'https://ghe.acme.example/_services/token');
    expect(gh.subjects).toEqual(['repo:acme/infra:ref:refs/heads/main', 'repo:acme/infra:ref:refs/heads/dev', 'repo:acme/infra:ref:refs/tags/v*', 'repo:acme/infra:environment:production']);
    expect(gh).toMatchObject({ audiences: ['sts.acme'], issuerHostPath: 'ghe.acme.example/_services/token', restricted: true });
    expect(gh.describe()).toBe('GitHub Actions, repo acme/infra, branch main or dev, tag v*, environment production');
  });

  test('restricted: some branch, tag or environment, none of them a bare wildcard', () => {
    const restricted = (filter: ConstructorParameters<typeof GitHubActionsAssumer>[2]) => new GitHubActionsAssumer('x', 'acme/infra', filter).restricted;
    expect(restricted({})).toBe(false);
    expect(restricted({ branches: [] })).toBe(false);
    expect(restricted({ branches: ['main'] })).toBe(true);
    expect(restricted({ tags: ['v1'] })).toBe(true);
    expect(restricted({ environments: ['prod'] })).toBe(true);
    expect(restricted({ branches: ['main', '*'] })).toBe(false);
    expect(restricted({ tags: ['?'] })).toBe(false);
    expect(restricted({ environments: ['**'] })).toBe(false);
    expect(restricted({ branches: ['release/*'] })).toBe(true);
  });

  test('a repository is owner/name, letters, digits, ".", "_" and "-", no wildcard', () => {
    expect(githubSubjects('Acme_1/infra.tools-2', {})).toEqual(['repo:Acme_1/infra.tools-2:*']);
    for (const repository of ['acme', 'acme/*', 'acme/infra/x', '/infra', 'acme/', 'ac me/infra', 'x acme/infra', 'acme/infra x']) {
      expect(() => githubSubjects(repository, {})).toThrow(new Error(`GitHub repository "${repository}" must be owner/name, without wildcards.`));
    }
  });

  test('the filter in words', () => {
    expect(describeGitHubFilter({})).toBe('any branch, tag or environment');
    expect(describeGitHubFilter({ branches: [], tags: [], environments: [] })).toBe('any branch, tag or environment');
    expect(describeGitHubFilter({ tags: ['v1', 'v2'] })).toBe('tag v1 or v2');
    expect(describeGitHubFilter({ environments: ['prod'] })).toBe('environment prod');
    expect(describeGitHubFilter({ branches: ['main'], environments: ['prod', 'stage'] })).toBe('branch main, environment prod or stage');
  });
});

describe('renderTrustParts', () => {
  const part = (overrides: Partial<TrustPart>): TrustPart => ({ key: 'k', sid: 'S', order: 1, principals: [new AccountPrincipal(IDENTITY)], actions: ['sts:AssumeRole'], conditions: {}, ...overrides });

  test('parts with one key become one statement: principals once each, member values joined, once each and sorted', () => {
    const doc = renderTrustParts([
      part({ principals: [new AccountPrincipal('333333333333')], members: { operator: 'ArnEquals', key: 'aws:PrincipalArn', values: ['arn:aws:iam::333333333333:role/B'] } }),
      part({ principals: [new AccountPrincipal(IDENTITY)], members: { operator: 'ArnEquals', key: 'aws:PrincipalArn', values: ['arn:aws:iam::111111111111:role/A', 'arn:aws:iam::333333333333:role/B'] } }),
      part({ principals: [new AccountPrincipal('333333333333')], members: { operator: 'ArnEquals', key: 'aws:PrincipalArn', values: ['arn:aws:iam::333333333333:role/A'] } }),
    ]);
    expect(doc.toJSON()).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'S',
          Effect: 'Allow',
          Principal: { AWS: ['arn:aws:iam::111111111111:root', 'arn:aws:iam::333333333333:root'] },
          Action: 'sts:AssumeRole',
          Condition: { ArnEquals: { 'aws:PrincipalArn': ['arn:aws:iam::111111111111:role/A', 'arn:aws:iam::333333333333:role/A', 'arn:aws:iam::333333333333:role/B'] } },
        },
      ],
    });
  });

  test('an AWS principal and a federated one of the same ARN are two principals', () => {
    const doc = renderTrustParts([part({ principals: [new AccountPrincipal(IDENTITY)] }), part({ principals: [new FederatedPrincipal('arn:aws:iam::111111111111:root')] })]);
    expect(doc.toJSON().Statement[0].Principal).toEqual({ AWS: 'arn:aws:iam::111111111111:root', Federated: 'arn:aws:iam::111111111111:root' });
  });

  test('statements follow the parts\' order; a Sid two keys share is numbered; a Deny stays a Deny', () => {
    const doc = renderTrustParts([
      part({ key: 'deny', sid: 'DenyIt', order: 9, effect: 'Deny', conditions: { Bool: { 'aws:x': 'true' } } }),
      part({ key: 'web-b', sid: 'WebIdentity', order: 7, principals: [new FederatedPrincipal('arn:b')] }),
      part({ key: 'web-a', sid: 'WebIdentity', order: 7, principals: [new FederatedPrincipal('arn:a')] }),
      part({ key: 'web-c', sid: 'WebIdentity', order: 7, principals: [new FederatedPrincipal('arn:c')] }),
      part({ key: 'people', sid: 'IdentityAccount', order: 0 }),
    ]);
    expect(doc.toJSON().Statement).toEqual([
      { Sid: 'IdentityAccount', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' },
      { Sid: 'WebIdentity', Effect: 'Allow', Principal: { Federated: 'arn:b' }, Action: 'sts:AssumeRole' },
      { Sid: 'WebIdentity2', Effect: 'Allow', Principal: { Federated: 'arn:a' }, Action: 'sts:AssumeRole' },
      { Sid: 'WebIdentity3', Effect: 'Allow', Principal: { Federated: 'arn:c' }, Action: 'sts:AssumeRole' },
      { Sid: 'DenyIt', Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:x': 'true' } } },
    ]);
  });

  test('one key asked for with other conditions or other actions is a programming error', () => {
    const message = 'Trust statement S is asked for with two different sets of conditions or actions.';
    expect(() => renderTrustParts([part({}), part({ conditions: { Bool: { 'aws:x': 'true' } } })])).toThrow(new Error(message));
    expect(() => renderTrustParts([part({}), part({ actions: ['sts:AssumeRole', 'sts:TagSession'] })])).toThrow(new Error(message));
    expect(() => renderTrustParts([part({ actions: ['sts:AssumeRole', 'sts:TagSession'] }), part({ actions: ['sts:AssumeRole'] })])).toThrow(new Error(message));
  });

  test('no part is no trust policy', () => {
    expect(() => renderTrustParts([])).toThrow(new Error('A trust policy needs the identity account or at least one principal.'));
  });
});
