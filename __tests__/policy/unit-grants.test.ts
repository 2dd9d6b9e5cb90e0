/**
 * The assumer side of grants by organizational unit and of grants that end, rendered alone: exact
 * statements, how roles share them, and how many unit paths are cut across statements.
 */
import { AssumeGrant, renderAssumePolicies, renderAssumeStatements } from '../../policy/assume-policy';
import { EndingAssumer, GitHubActionsAssumer, renderTrustParts } from '../../policy/assumers';
import { endsAt } from '../../policy/condition';

const people = { mfa: false, sessionTags: false, sourceIdentity: false };
const unit = (role: string, paths: string[], extra: Partial<AssumeGrant> = {}): AssumeGrant => ({ roleArn: `arn:aws:iam::*:role/${role}`, orgPaths: paths, ...people, ...extra });
const P = 'o-a1b2c3d4e5/r-ab12/';

test('roles granted for the same units share one statement; other unit sets get their own, numbered in order', () => {
  const statements = renderAssumeStatements([unit('B', [`${P}ou-ab12-22222222/*`]), unit('A', [`${P}ou-ab12-22222222/*`]), unit('C', [`${P}ou-ab12-11111111/*`, `${P}ou-ab12-22222222/*`])]);
  expect(statements.map((s) => JSON.stringify(s.toJSON()))).toEqual([
    '{"Sid":"AssumeRoleUnits1","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/C","Condition":{"ForAnyValue:StringLike":{"aws:ResourceOrgPaths":["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*","o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/*"]}}}',
    '{"Sid":"AssumeRoleUnits2","Effect":"Allow","Action":"sts:AssumeRole","Resource":["arn:aws:iam::*:role/A","arn:aws:iam::*:role/B"],"Condition":{"ForAnyValue:StringLike":{"aws:ResourceOrgPaths":"o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/*"}}}',
  ]);
});

test('an end adds DateLessThan aws:CurrentTime and its own Sid, for account and unit grants; session extras carry it too', () => {
  const until = '2027-03-31T23:59:59Z';
  const statements = renderAssumeStatements([
    { roleArn: 'arn:aws:iam::222222222222:role/A', ...people, until },
    { roleArn: 'arn:aws:iam::222222222222:role/B', ...people },
    unit('C', [`${P}*`], { until, sessionTags: true }),
  ]);
  expect(statements.map((s) => JSON.stringify(s.toJSON()))).toEqual([
    '{"Sid":"AssumeRole","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::222222222222:role/B"}',
    '{"Sid":"AssumeRoleUntil20270331T235959Z","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::222222222222:role/A","Condition":{"DateLessThan":{"aws:CurrentTime":"2027-03-31T23:59:59Z"}}}',
    '{"Sid":"AssumeRoleUntil20270331T235959ZUnits1","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/C","Condition":{"DateLessThan":{"aws:CurrentTime":"2027-03-31T23:59:59Z"},"ForAnyValue:StringLike":{"aws:ResourceOrgPaths":"o-a1b2c3d4e5/r-ab12/*"}}}',
    '{"Sid":"TagSessionUntil20270331T235959ZUnits1","Effect":"Allow","Action":"sts:TagSession","Resource":"arn:aws:iam::*:role/C","Condition":{"DateLessThan":{"aws:CurrentTime":"2027-03-31T23:59:59Z"},"ForAnyValue:StringLike":{"aws:ResourceOrgPaths":"o-a1b2c3d4e5/r-ab12/*"}}}',
  ]);
  expect(endsAt(undefined)).toEqual({});
});

test('people granted by unit get the MFA denial on the role by name, as for account grants', () => {
  const [doc] = renderAssumePolicies([unit('Admin', [`${P}*`], { mfa: true, mfaMaxAgeSeconds: 3600 })]);
  expect(doc.toString()).toBe(
    '{"Version":"2012-10-17","Statement":[{"Sid":"AssumeRoleUnits1","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/Admin","Condition":{"ForAnyValue:StringLike":{"aws:ResourceOrgPaths":"o-a1b2c3d4e5/r-ab12/*"}}},{"Sid":"DenyAssumeRoleMfaOlderThan3600","Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/Admin","Condition":{"NumericGreaterThanEquals":{"aws:MultiFactorAuthAge":"3600"}}},{"Sid":"DenyAssumeRoleWithoutMfa","Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/Admin","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}',
  );
});

test('units too many for one policy are cut across statements (Part2, ...) and policies, every path kept once', () => {
  const paths = Array.from({ length: 400 }, (_, i) => `${P}ou-ab12-${String(10000000 + i)}/*`);
  const docs = renderAssumePolicies([unit('ReadOnly', paths)]);
  // 400 paths of 39 characters (42 with quotes and comma) are 16,800 characters: 3 policies at the least.
  expect(docs.length).toBe(3);
  const statements = docs.flatMap((d) => d.toJSON().Statement as { Sid: string; Condition: Record<string, Record<string, string[]>> }[]);
  // Packed largest piece first: the policies need not hold the parts in order.
  expect(statements.map((s) => s.Sid).sort()).toEqual(['AssumeRoleUnits1', 'AssumeRoleUnits1Part2', 'AssumeRoleUnits1Part3']);
  expect(statements.flatMap((s) => s.Condition['ForAnyValue:StringLike']['aws:ResourceOrgPaths']).sort()).toEqual([...paths].sort());
  for (const d of docs) expect(d.size).toBeLessThanOrEqual(6144);
});

test('a web identity whose grant ends: its own trust statement, with the end and a Sid that says it', () => {
  const gh = new GitHubActionsAssumer('deploy', 'acme/infra', { branches: ['main'] });
  const ending = new EndingAssumer(gh, '2027-12-31T00:00:00Z');
  expect([ending.kind, ending.name, ending.chained, ending.mfaFromAws, ending.assumerSide, ending.describe()]).toEqual([
    'github-actions',
    'deploy',
    false,
    false,
    'none',
    'GitHub Actions, repo acme/infra, branch main, until 2027-12-31T00:00:00Z',
  ]);
  const ctx = { accountId: '222222222222', sourceIps: [], sessionTags: false, sourceIdentity: false, mfa: false };
  expect(renderTrustParts([gh.trustPart(ctx), ending.trustPart(ctx)]).toString()).toBe(
    '{"Version":"2012-10-17","Statement":[{"Sid":"GitHubActions","Effect":"Allow","Principal":{"Federated":"arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:acme/infra:ref:refs/heads/main"}}},{"Sid":"GitHubActionsUntil20271231T000000Z","Effect":"Allow","Principal":{"Federated":"arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"DateLessThan":{"aws:CurrentTime":"2027-12-31T00:00:00Z"},"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:acme/infra:ref:refs/heads/main"}}}]}',
  );
});
