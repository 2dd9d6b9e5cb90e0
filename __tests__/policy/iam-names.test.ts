/**
 * The IAM and STS names the generator and the review code write, spelled exactly as AWS documents
 * them: a typo here would be a condition that never matches, or an action that allows nothing.
 */
import { ConditionKey, ConditionOperator, oidcConditionKey } from '../../policy/condition';
import { ASSUME_ROLE, ASSUME_ROLE_WITH_SAML, ASSUME_ROLE_WITH_WEB_IDENTITY, GITHUB_SUB_FORMS, SET_SOURCE_IDENTITY, TAG_SESSION } from '../../policy/assumers';

test('the STS actions', () => {
  expect([ASSUME_ROLE, ASSUME_ROLE_WITH_WEB_IDENTITY, ASSUME_ROLE_WITH_SAML, TAG_SESSION, SET_SOURCE_IDENTITY]).toEqual([
    'sts:AssumeRole',
    'sts:AssumeRoleWithWebIdentity',
    'sts:AssumeRoleWithSAML',
    'sts:TagSession',
    'sts:SetSourceIdentity',
  ]);
});

test('the condition operators', () => {
  expect(ConditionOperator).toEqual({
    Bool: 'Bool',
    BoolIfExists: 'BoolIfExists',
    Null: 'Null',
    StringEquals: 'StringEquals',
    StringLike: 'StringLike',
    ArnEquals: 'ArnEquals',
    ArnLike: 'ArnLike',
    IpAddress: 'IpAddress',
    NumericLessThan: 'NumericLessThan',
    NumericLessThanEquals: 'NumericLessThanEquals',
    NumericGreaterThanEquals: 'NumericGreaterThanEquals',
    DateLessThan: 'DateLessThan',
    ForAnyValueStringLike: 'ForAnyValue:StringLike',
  });
});

test('the condition keys, and the keys of an OIDC provider\'s claims', () => {
  expect(ConditionKey).toEqual({
    MfaPresent: 'aws:MultiFactorAuthPresent',
    MfaAge: 'aws:MultiFactorAuthAge',
    PrincipalOrgId: 'aws:PrincipalOrgID',
    PrincipalArn: 'aws:PrincipalArn',
    SourceIp: 'aws:SourceIp',
    RequestedRegion: 'aws:RequestedRegion',
    ExternalId: 'sts:ExternalId',
    SourceIdentity: 'sts:SourceIdentity',
    SessionSourceIdentity: 'aws:SourceIdentity',
    ResourceAccount: 'aws:ResourceAccount',
    ResourceOrgPaths: 'aws:ResourceOrgPaths',
    CurrentTime: 'aws:CurrentTime',
    SamlAudience: 'SAML:aud',
  });
  expect(oidcConditionKey('token.actions.githubusercontent.com', 'sub')).toBe('token.actions.githubusercontent.com:sub');
});

test('the forms of a GitHub Actions subject after repo:<owner>/<name>:', () => {
  expect(GITHUB_SUB_FORMS).toEqual({ branches: 'ref:refs/heads/', tags: 'ref:refs/tags/', environments: 'environment:' });
});
