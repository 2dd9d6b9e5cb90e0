import { AssumeGrant, PackingError, renderAssumePolicies } from '../../policy/assume-policy';

const grant = (roleArn: string, overrides: Partial<AssumeGrant> = {}): AssumeGrant => ({ roleArn, mfa: true, sessionTags: false, sourceIdentity: false, ...overrides });

describe('renderAssumePolicies', () => {
  test('GIVEN no grant THEN the group gets no policy', () => {
    expect(renderAssumePolicies([])).toEqual([]);
  });

  test('GIVEN grants with and without MFA THEN one Allow lists exactly the granted ARNs, and Denys refuse a session without MFA or with an old MFA on the roles that need it', () => {
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
        {
          Sid: 'AssumeRole',
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: ['arn:aws:iam::222222222222:role/Admin', 'arn:aws:iam::222222222222:role/Operator', 'arn:aws:iam::222222222222:role/ReadOnly', 'arn:aws:iam::333333333333:role/ReadOnly'],
        },
        {
          Sid: 'DenyAssumeRoleMfaOlderThan3600',
          Effect: 'Deny',
          Action: 'sts:AssumeRole',
          Resource: 'arn:aws:iam::*:role/Admin',
          Condition: { NumericGreaterThanEquals: { 'aws:MultiFactorAuthAge': '3600' } },
        },
        {
          Sid: 'DenyAssumeRoleWithoutMfa',
          Effect: 'Deny',
          Action: 'sts:AssumeRole',
          Resource: ['arn:aws:iam::*:role/Admin', 'arn:aws:iam::*:role/ReadOnly'],
          Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
        },
      ],
    });
  });

  test('GIVEN session tags and source identity THEN those calls are allowed on the same ARNs, source identity only as the user name', () => {
    const [doc] = renderAssumePolicies([grant('arn:aws:iam::222222222222:role/Deploy', { sessionTags: true, sourceIdentity: true })]);
    expect(doc.toJSON().Statement).toEqual([
      { Sid: 'AssumeRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::222222222222:role/Deploy' },
      {
        Sid: 'DenyAssumeRoleWithoutMfa',
        Effect: 'Deny',
        Action: 'sts:AssumeRole',
        Resource: 'arn:aws:iam::*:role/Deploy',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
      },
      {
        Sid: 'SetSourceIdentity',
        Effect: 'Allow',
        Action: 'sts:SetSourceIdentity',
        Resource: 'arn:aws:iam::222222222222:role/Deploy',
        Condition: { StringEquals: { 'sts:SourceIdentity': '${aws:username}' } },
      },
      { Sid: 'TagSession', Effect: 'Allow', Action: 'sts:TagSession', Resource: 'arn:aws:iam::222222222222:role/Deploy' },
    ]);
  });
});

describe('packing a group\'s grants within IAM limits', () => {
  const accounts = Array.from({ length: 12 }, (_, i) => String(200000000000 + i));
  const grants = accounts.flatMap((a, i) => [grant(`arn:aws:iam::${a}:role/ReadOnly`), ...(i % 2 === 0 ? [grant(`arn:aws:iam::${a}:role/ops/Admin`)] : [])]);

  test('GIVEN grants that fit one policy THEN every ARN is listed', () => {
    const docs = renderAssumePolicies(grants);
    expect(docs).toHaveLength(1);
    expect(docs[0].toJSON().Statement[0].Resource).toHaveLength(18);
  });

  test('GIVEN grants over one policy THEN accounts with the same roles share a statement keyed by aws:ResourceAccount', () => {
    const docs = renderAssumePolicies(grants, { policySize: 900, maxPolicies: 10 });
    expect(docs.map((d) => d.toJSON())).toEqual([
      {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AssumeRoleAccounts1',
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Resource: 'arn:aws:iam::*:role/ReadOnly',
            Condition: { StringEquals: { 'aws:ResourceAccount': ['200000000001', '200000000003', '200000000005', '200000000007', '200000000009', '200000000011'] } },
          },
          {
            Sid: 'AssumeRoleAccounts2',
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Resource: ['arn:aws:iam::*:role/ReadOnly', 'arn:aws:iam::*:role/ops/Admin'],
            Condition: { StringEquals: { 'aws:ResourceAccount': ['200000000000', '200000000002', '200000000004', '200000000006', '200000000008', '200000000010'] } },
          },
          {
            Sid: 'DenyAssumeRoleWithoutMfa',
            Effect: 'Deny',
            Action: 'sts:AssumeRole',
            Resource: ['arn:aws:iam::*:role/ReadOnly', 'arn:aws:iam::*:role/ops/Admin'],
            Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
          },
        ],
      },
    ]);
    expect(docs[0].size).toBeLessThanOrEqual(900);
  });

  test('GIVEN a statement too large for one policy THEN its list is cut into parts across policies, each within the size', () => {
    const many = Array.from({ length: 300 }, (_, i) => grant(`arn:aws:iam::${String(300000000000 + i)}:role/ReadOnly`));
    const docs = renderAssumePolicies(many, { policySize: 1500, maxPolicies: 10 });
    expect(docs.length).toBeGreaterThan(1);
    for (const d of docs) expect(d.size).toBeLessThanOrEqual(1500);
    const sids = docs.flatMap((d) => d.statements.map((s) => s.sid));
    expect(new Set(sids).size).toBe(sids.length);
    const listed = docs.flatMap((d) => d.statements.filter((s) => s.effect === 'Allow').flatMap((s) => s.conditions.StringEquals['aws:ResourceAccount'] as string[]));
    expect(listed.sort()).toEqual(many.map((g) => g.roleArn.split(':')[4]).sort());
  });

  test('GIVEN grants that cannot fit even packed THEN a PackingError says how many policies they need', () => {
    const many = Array.from({ length: 300 }, (_, i) => grant(`arn:aws:iam::${String(300000000000 + i)}:role/ReadOnly`));
    expect(() => renderAssumePolicies(many, { policySize: 1500, maxPolicies: 2 })).toThrow(
      new PackingError('its grants need 4 managed policies of 1,500 characters even when packed by account set; IAM allows 2 per group.', 4),
    );
  });
});
