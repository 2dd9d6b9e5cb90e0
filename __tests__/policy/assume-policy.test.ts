import { AssumeGrant, renderAssumePolicies } from '../../policy/assume-policy';

const grant = (roleArn: string, overrides: Partial<AssumeGrant> = {}): AssumeGrant => ({ roleArn, mfa: true, sessionTags: false, sourceIdentity: false, ...overrides });

describe('renderAssumePolicies', () => {
  test('GIVEN no grant THEN the group gets no policy', () => {
    expect(renderAssumePolicies([])).toEqual([]);
  });

  test('GIVEN grants with and without MFA THEN one statement per condition, listing exactly the granted ARNs', () => {
    const [doc, ...rest] = renderAssumePolicies([
      grant('arn:aws:iam::333333333333:role/ReadOnly'),
      grant('arn:aws:iam::222222222222:role/ReadOnly'),
      grant('arn:aws:iam::222222222222:role/Admin', { mfaMaxAgeSeconds: 3600 }),
      grant('arn:aws:iam::222222222222:role/Operator', { mfa: false }),
    ]);
    expect(rest).toEqual([]);
    expect(doc.toJSON()).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AssumeRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::222222222222:role/Operator' },
        {
          Sid: 'AssumeRoleWithMfa',
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: ['arn:aws:iam::222222222222:role/ReadOnly', 'arn:aws:iam::333333333333:role/ReadOnly'],
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        },
        {
          Sid: 'AssumeRoleWithMfaMaxAge3600',
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: 'arn:aws:iam::222222222222:role/Admin',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
        },
      ],
    });
  });

  test('GIVEN session tags and source identity THEN those calls are allowed on the same ARNs, source identity only as the user name', () => {
    const [doc] = renderAssumePolicies([grant('arn:aws:iam::222222222222:role/Deploy', { sessionTags: true, sourceIdentity: true })]);
    expect(doc.toJSON().Statement).toEqual([
      { Sid: 'AssumeRoleWithMfa', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::222222222222:role/Deploy', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
      {
        Sid: 'SetSourceIdentityWithMfa',
        Effect: 'Allow',
        Action: 'sts:SetSourceIdentity',
        Resource: 'arn:aws:iam::222222222222:role/Deploy',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, StringEquals: { 'sts:SourceIdentity': '${aws:username}' } },
      },
      { Sid: 'TagSessionWithMfa', Effect: 'Allow', Action: 'sts:TagSession', Resource: 'arn:aws:iam::222222222222:role/Deploy', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
    ]);
  });
});
