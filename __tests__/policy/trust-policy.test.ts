import { parseIamPrincipalArn } from '../../policy/arn';
import { policySize } from '../../policy/document';
import { GitHubActionsAssumer, PermissionSetAssumer, WebIdentityAssumer } from '../../policy/assumers';
import { renderTrustPolicy, trustContext, TrustSpec } from '../../policy/trust-policy';

const person = (overrides: Partial<TrustSpec> = {}): TrustSpec => ({
  identityAccountId: '111111111111',
  mfa: true,
  principals: [],
  sourceIps: [],
  sessionTags: false,
  sourceIdentity: false,
  ...overrides,
});
const principal = (arn: string, insideOrg: boolean) => ({ principal: parseIamPrincipalArn(arn)!, insideOrg });

describe('renderTrustPolicy', () => {
  test('GIVEN a role for people WHEN rendered THEN the identity account\'s IAM users are trusted with MFA, nothing else', () => {
    expect(renderTrustPolicy(person()).toJSON()).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'IdentityAccount',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111111111111:root' },
          Action: 'sts:AssumeRole',
          Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:user/*' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        },
      ],
    });
  });

  test('GIVEN MFA age, org id, source IPs, session tags and source identity THEN each becomes its condition or action', () => {
    const doc = renderTrustPolicy(person({ mfaMaxAgeSeconds: 900, orgId: 'o-a1b2c3d4e5', sourceIps: ['203.0.113.0/24'], sessionTags: true, sourceIdentity: true }));
    expect(doc.toString()).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"IdentityAccount","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},' +
        '"Action":["sts:AssumeRole","sts:TagSession","sts:SetSourceIdentity"],"Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111111111111:user/*"},"Bool":{"aws:MultiFactorAuthPresent":"true"},' +
        '"IpAddress":{"aws:SourceIp":"203.0.113.0/24"},"NumericLessThan":{"aws:MultiFactorAuthAge":"900"},"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}',
    );
  });

  test('GIVEN mfa false THEN no MFA condition is written; only IAM users of the identity account are trusted', () => {
    expect(renderTrustPolicy(person({ mfa: false })).toJSON().Statement[0]).toEqual({
      Sid: 'IdentityAccount',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:root' },
      Action: 'sts:AssumeRole',
      Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:user/*' } },
    });
  });

  test('GIVEN a CI role inside the org THEN it is trusted by account root + aws:PrincipalArn, with the org id and no MFA', () => {
    const doc = renderTrustPolicy(person({ identityAccountId: undefined, orgId: 'o-a1b2c3d4e5', principals: [principal('arn:aws:iam::555555555555:role/ci/Pipeline', true)] }));
    expect(doc.toJSON().Statement).toEqual([
      {
        Sid: 'OrgPrincipals',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::555555555555:root' },
        Action: 'sts:AssumeRole',
        Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::555555555555:role/ci/Pipeline' }, StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      },
    ]);
  });

  test('GIVEN a third party THEN its statement requires the external id and never the org id', () => {
    const doc = renderTrustPolicy(
      person({ identityAccountId: undefined, orgId: 'o-a1b2c3d4e5', externalId: 'ext-123', principals: [principal('arn:aws:iam::999999999999:role/Scanner', false), principal('arn:aws:iam::999999999998:root', false)] }),
    );
    expect(doc.toJSON().Statement).toEqual([
      {
        Sid: 'ExternalPrincipals',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::999999999999:root' },
        Action: 'sts:AssumeRole',
        Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::999999999999:role/Scanner' }, StringEquals: { 'sts:ExternalId': 'ext-123' } },
      },
      {
        Sid: 'ExternalAccounts',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::999999999998:root' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': 'ext-123' } },
      },
    ]);
  });

  test('GIVEN people and named principals THEN each gets its own statement with its own conditions', () => {
    const doc = renderTrustPolicy(person({ externalId: 'ext-1', principals: [principal('arn:aws:iam::999999999999:role/Vendor', false)] }));
    expect(doc.toJSON().Statement.map((s) => [s.Sid, s.Condition])).toEqual([
      ['IdentityAccount', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:user/*' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } }],
      ['ExternalPrincipals', { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::999999999999:role/Vendor' }, StringEquals: { 'sts:ExternalId': 'ext-1' } }],
    ]);
  });

  test('GIVEN a third party without an external id THEN rendering refuses', () => {
    expect(() => renderTrustPolicy(person({ principals: [principal('arn:aws:iam::999999999999:role/Vendor', false)] }))).toThrow(
      'Principals outside the org (arn:aws:iam::999999999999:role/Vendor) need an external id.',
    );
  });

  test('GIVEN nobody to trust THEN rendering refuses', () => {
    expect(() => renderTrustPolicy(person({ identityAccountId: undefined }))).toThrow('A trust policy needs the identity account or at least one principal.');
  });

  test('size counts characters without white space, as IAM does', () => {
    expect(policySize('{ "Version": "2012-10-17",\n  "Statement": [] }')).toBe(39);
    expect(renderTrustPolicy(person()).size).toBe(219 + '"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111111111111:user/*"},'.length);
  });

  test('the trust context is the spec\'s own settings; no account id is the empty one', () => {
    const spec = person({ mfaMaxAgeSeconds: 900, orgId: 'o-a1b2c3d4e5', externalId: 'ext-1', sourceIps: ['203.0.113.0/24'], requestedRegions: ['eu-west-1'], sessionTags: true, sourceIdentity: true, accountId: '222222222222' });
    expect(trustContext(spec)).toEqual({
      accountId: '222222222222',
      orgId: 'o-a1b2c3d4e5',
      sourceIps: ['203.0.113.0/24'],
      requestedRegions: ['eu-west-1'],
      sessionTags: true,
      sourceIdentity: true,
      externalId: 'ext-1',
      mfa: true,
      mfaMaxAgeSeconds: 900,
    });
    expect(trustContext(person()).accountId).toBe('');
  });

  test('GIVEN people, a permission set, a GitHub repository and a denied permission set THEN one statement each, in that order', () => {
    const doc = renderTrustPolicy(
      person({
        accountId: '222222222222',
        mfa: false,
        assumers: [new GitHubActionsAssumer('infra', 'acme/infra', { branches: ['main'] }), new PermissionSetAssumer('111111111111', 'Dev')],
        deniedPermissionSets: [new PermissionSetAssumer('111111111111', 'Guest')],
      }),
    );
    expect(doc.toJSON().Statement).toEqual([
      { Sid: 'IdentityAccount', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole', Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:user/*' } } },
      {
        Sid: 'IdentityCenter',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:root' },
        Action: 'sts:AssumeRole',
        Condition: {
          ArnLike: {
            'aws:PrincipalArn': [
              'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Dev_????????????????',
              'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev_????????????????',
            ],
          },
        },
      },
      {
        Sid: 'GitHubActions',
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/infra:ref:refs/heads/main' } },
      },
      {
        Sid: 'DenyIdentityCenter',
        Effect: 'Deny',
        Principal: { AWS: 'arn:aws:iam::111111111111:root' },
        Action: 'sts:AssumeRole',
        Condition: {
          ArnLike: {
            'aws:PrincipalArn': [
              'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Guest_????????????????',
              'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Guest_????????????????',
            ],
          },
        },
      },
    ]);
  });

  test('GIVEN a web identity (OIDC or GitHub Actions) but no account id THEN rendering refuses: the provider is that account\'s', () => {
    const message = 'A trust with a web identity needs the role\'s accountId: it trusts that account\'s OIDC provider.';
    expect(() => renderTrustPolicy(person({ assumers: [new GitHubActionsAssumer('infra', 'acme/infra')] }))).toThrow(new Error(message));
    expect(() => renderTrustPolicy(person({ assumers: [new WebIdentityAssumer('ci', 'https://idp.example.com', ['aud'], ['sub'])] }))).toThrow(new Error(message));
    // A permission set needs no account id.
    expect(renderTrustPolicy(person({ identityAccountId: undefined, assumers: [new PermissionSetAssumer('111111111111', 'Dev')] })).statements.map((s) => s.sid)).toEqual(['IdentityCenter']);
  });
});
