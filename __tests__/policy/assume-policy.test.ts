import { AssumeGrant, DEFAULT_PACK_LIMITS, PackingError, renderAssumePolicies, renderAssumeStatements } from '../../policy/assume-policy';

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

describe('the group side, statement by statement', () => {
  const noMfa = (roleArn: string, overrides: Partial<AssumeGrant> = {}) => grant(roleArn, { mfa: false, ...overrides });

  test('the limits of a group: 6,144 characters per policy, 10 policies', () => {
    expect(DEFAULT_PACK_LIMITS).toEqual({ policySize: 6144, maxPolicies: 10 });
  });

  test('GIVEN MFA ages THEN one Deny per age, youngest first, after the Deny without MFA; listed denials once each, sorted', () => {
    const statements = renderAssumeStatements(
      [
        grant('arn:aws:iam::222222222222:role/Admin', { mfaMaxAgeSeconds: 3600 }),
        grant('arn:aws:iam::222222222222:role/ops/Break', { mfaMaxAgeSeconds: 60 }),
        grant('arn:aws:iam::333333333333:role/Admin', { mfaMaxAgeSeconds: 900 }),
        grant('arn:aws:iam::444444444444:role/Admin', { mfaMaxAgeSeconds: 3600 }),
        noMfa('arn:aws:iam::222222222222:role/ReadOnly', { sessionTags: true }),
      ],
      ['arn:aws:iam::*:role/Z', 'arn:aws:iam::*:role/A', 'arn:aws:iam::*:role/Z'],
    );
    expect(statements.map((s) => s.toJSON())).toEqual([
      {
        Sid: 'AssumeRole',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: ['arn:aws:iam::222222222222:role/Admin', 'arn:aws:iam::222222222222:role/ReadOnly', 'arn:aws:iam::222222222222:role/ops/Break', 'arn:aws:iam::333333333333:role/Admin', 'arn:aws:iam::444444444444:role/Admin'],
      },
      { Sid: 'TagSession', Effect: 'Allow', Action: 'sts:TagSession', Resource: 'arn:aws:iam::222222222222:role/ReadOnly' },
      { Sid: 'DenyAssumeRoleWithoutMfa', Effect: 'Deny', Action: 'sts:AssumeRole', Resource: ['arn:aws:iam::*:role/Admin', 'arn:aws:iam::*:role/ops/Break'], Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
      { Sid: 'DenyAssumeRoleMfaOlderThan60', Effect: 'Deny', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/ops/Break', Condition: { NumericGreaterThanEquals: { 'aws:MultiFactorAuthAge': '60' } } },
      { Sid: 'DenyAssumeRoleMfaOlderThan900', Effect: 'Deny', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/Admin', Condition: { NumericGreaterThanEquals: { 'aws:MultiFactorAuthAge': '900' } } },
      { Sid: 'DenyAssumeRoleMfaOlderThan3600', Effect: 'Deny', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/Admin', Condition: { NumericGreaterThanEquals: { 'aws:MultiFactorAuthAge': '3600' } } },
      { Sid: 'DenyAssumeRole', Effect: 'Deny', Action: 'sts:AssumeRole', Resource: ['arn:aws:iam::*:role/A', 'arn:aws:iam::*:role/Z'] },
    ]);
  });

  test('GIVEN federated people (SAML, Identity Center) THEN they may only pass on the source identity their session carries', () => {
    expect(renderAssumeStatements([noMfa('arn:aws:iam::222222222222:role/Deploy', { sessionTags: true, sourceIdentity: true, sourceIdentityFromIdp: true })]).map((s) => s.toJSON())).toEqual([
      { Sid: 'AssumeRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::222222222222:role/Deploy' },
      { Sid: 'SetSourceIdentity', Effect: 'Allow', Action: 'sts:SetSourceIdentity', Resource: 'arn:aws:iam::222222222222:role/Deploy', Condition: { Null: { 'aws:SourceIdentity': 'false' } } },
      { Sid: 'TagSession', Effect: 'Allow', Action: 'sts:TagSession', Resource: 'arn:aws:iam::222222222222:role/Deploy' },
    ]);
  });

  test('GIVEN no grant but denied roles THEN the group gets one policy of Denys', () => {
    expect(renderAssumePolicies([], DEFAULT_PACK_LIMITS, ['arn:aws:iam::*:role/Admin']).map((d) => d.toJSON())).toEqual([
      { Version: '2012-10-17', Statement: [{ Sid: 'DenyAssumeRole', Effect: 'Deny', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/Admin' }] },
    ]);
    expect(renderAssumeStatements([])).toEqual([]);
  });

  test('a grant that is not a role ARN is a programming error', () => {
    expect(() => renderAssumeStatements([grant('arn:aws:iam::222222222222:user/alice')])).toThrow(new Error('Not a role ARN: arn:aws:iam::222222222222:user/alice'));
    // Without MFA it is found when the grants are packed by account.
    const many = [...'ABCDEFGHIJ'].map((r, i) => noMfa(`arn:aws:iam::${String(200000000000 + i)}:role/${r}`));
    expect(() => renderAssumePolicies([...many, noMfa('arn:aws:iam::222222222222:user/alice')], { policySize: 300, maxPolicies: 10 })).toThrow(new Error('Not a role ARN: arn:aws:iam::222222222222:user/alice'));
  });
});

describe('packing at the edges of the size limit', () => {
  const noMfa = (roleArn: string) => grant(roleArn, { mfa: false });
  const readOnly = noMfa('arn:aws:iam::222222222222:role/ReadOnly');
  const ALLOW = '{"Sid":"AssumeRole","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::222222222222:role/ReadOnly"}';
  const DENY = '{"Sid":"DenyAssumeRole","Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/Admin"}';

  test('a policy of exactly the limit fits; one character over does not', () => {
    const doc = `{"Version":"2012-10-17","Statement":[${ALLOW}]}`;
    expect(doc).toHaveLength(155);
    expect(renderAssumePolicies([readOnly], { policySize: 155, maxPolicies: 1 }).map((d) => d.toString())).toEqual([doc]);
    expect(() => renderAssumePolicies([readOnly], { policySize: 154, maxPolicies: 10 })).toThrow(new PackingError('A single grant does not fit a 154-character policy.', Infinity));
  });

  test('two statements share a policy up to exactly the limit (a comma between them); over it, each gets its own, the larger first', () => {
    const both = `{"Version":"2012-10-17","Statement":[${ALLOW},${DENY}]}`;
    expect(both).toHaveLength(261);
    expect(renderAssumePolicies([readOnly], { policySize: 261, maxPolicies: 1 }, ['arn:aws:iam::*:role/Admin']).map((d) => d.toString())).toEqual([both]);
    // Listed ARNs need two policies, and so would the account-set form: the listed ARNs are kept.
    expect(renderAssumePolicies([readOnly], { policySize: 260, maxPolicies: 2 }, ['arn:aws:iam::*:role/Admin']).map((d) => d.toString())).toEqual([
      `{"Version":"2012-10-17","Statement":[${ALLOW}]}`,
      `{"Version":"2012-10-17","Statement":[${DENY}]}`,
    ]);
  });

  test('a group may have exactly maxPolicies policies, not one more', () => {
    expect(renderAssumePolicies([readOnly], { policySize: 260, maxPolicies: 2 }, ['arn:aws:iam::*:role/Admin'])).toHaveLength(2);
    let error: unknown;
    try {
      renderAssumePolicies([readOnly], { policySize: 260, maxPolicies: 1 }, ['arn:aws:iam::*:role/Admin']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PackingError);
    expect(error).toMatchObject({ name: 'PackingError', policiesNeeded: 2, message: 'its grants need 2 managed policies of 260 characters even when packed by account set; IAM allows 1 per group.' });
  });

  test('a list too long for one policy is cut where the next ARN would not fit; the parts are numbered', () => {
    const grants = [...'ABCDEFGHIJ'].map((r, i) => noMfa(`arn:aws:iam::${String(200000000000 + i)}:role/${r}`));
    const arns = grants.map((g) => `"${g.roleArn}"`);
    expect(renderAssumePolicies(grants, { policySize: 400, maxPolicies: 10 }).map((d) => d.toString())).toEqual([
      `{"Version":"2012-10-17","Statement":[{"Sid":"AssumeRole","Effect":"Allow","Action":"sts:AssumeRole","Resource":[${arns.slice(0, 8).join(',')}]}]}`,
      `{"Version":"2012-10-17","Statement":[{"Sid":"AssumeRolePart2","Effect":"Allow","Action":"sts:AssumeRole","Resource":[${arns.slice(8).join(',')}]}]}`,
    ]);
    expect(renderAssumePolicies(grants, { policySize: 400, maxPolicies: 10 })[0].size).toBe(395);
    // Each part as large as fits: five and five at 300 characters, the larger part's policy first.
    expect(renderAssumePolicies(grants, { policySize: 300, maxPolicies: 10 }).map((d) => d.statements.map((s) => [s.sid, s.resources.length]))).toEqual([[['AssumeRolePart2', 5]], [['AssumeRole', 5]]]);
  });

  test('ARNs with long paths: as many as fit one policy (twelve of 494 characters in 6,144), the rest in the next', () => {
    const path = `/${'p'.repeat(460)}/`;
    const grants = Array.from({ length: 14 }, (_, i) => noMfa(`arn:aws:iam::2222222222${10 + i}:role${path}R${i}`));
    expect(grants[0].roleArn).toHaveLength(494);
    const docs = renderAssumePolicies(grants);
    expect(docs.map((d) => d.statements.map((s) => [s.sid, s.resources]))).toEqual([[['AssumeRole', grants.slice(0, 12).map((g) => g.roleArn)]], [['AssumeRolePart2', grants.slice(12).map((g) => g.roleArn)]]]);
    expect(docs.map((d) => d.size)).toEqual([6081, 1116]);
  });
});
