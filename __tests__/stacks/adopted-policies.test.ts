/**
 * `policies.<name>.adopt: true`: a customer managed policy made by hand is imported (by its ARN in
 * each account) by every account stack whose roles use it, instead of being created; without it,
 * nothing is imported.
 */
import { Testing } from 'cdktf';
import { AccountStack } from '../../stacks/account-stack';
import { buildFromText } from '../helpers/synth';

const org = (adopt: boolean) => `organization: acme
region: us-east-1
identity:
  accountId: "111111111111"
accounts:
  dev: { accountId: "222222222222" }
  prod: { accountId: "333333333333" }
  test: { accountId: "444444444444" }
policies:
  ReadLogs:
    path: /app/
    ${adopt ? 'adopt: true' : ''}
    document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "logs:GetLogEvents", Resource: "*" }] }
roles:
  Reader:
    accounts: [dev, prod]
    managedPolicies: [ReadLogs]
  Other:
    accounts: [test]
groups:
  developers:
    assume: { Reader: "*", Other: "*" }
`;

type Json = { import?: { to: string; id: string }[]; resource: Record<string, Record<string, unknown>> };
const stackJson = (text: string, key: string): Json => {
  const built = buildFromText(text);
  return JSON.parse(Testing.synth(built.accounts.find((a: AccountStack) => a.account.key === key)!)) as Json;
};

test('GIVEN adopt: true WHEN synthesized THEN each stack whose roles use the policy imports it by its ARN there; others do not', () => {
  expect(stackJson(org(true), 'dev').import).toEqual(expect.arrayContaining([{ to: 'aws_iam_policy.policy_ReadLogs', id: 'arn:aws:iam::222222222222:policy/app/ReadLogs' }]));
  expect(stackJson(org(true), 'prod').import).toEqual(expect.arrayContaining([{ to: 'aws_iam_policy.policy_ReadLogs', id: 'arn:aws:iam::333333333333:policy/app/ReadLogs' }]));
  expect(stackJson(org(true), 'test').resource.aws_iam_policy).toBeUndefined();
  expect(stackJson(org(true), 'test').import ?? []).toEqual([]);
});

test('without adopt the policy is created, never imported', () => {
  const dev = stackJson(org(false), 'dev');
  expect(Object.keys(dev.resource.aws_iam_policy)).toEqual(['policy_ReadLogs']);
  expect((dev.import ?? []).filter((i) => i.to.startsWith('aws_iam_policy.'))).toEqual([]);
});
