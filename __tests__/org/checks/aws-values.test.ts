/** The AWS values check alone: regions, AWS managed policies and policy documents against AWS's own data (each rule in detail: __tests__/org/aws-validation.test.ts). */
import { awsValueIssues } from '../../../org/checks/aws-values';
import { contextOf } from '../../helpers/check-context';

describe('awsValueIssues', () => {
  test('GIVEN the base file THEN nothing is wrong', () => {
    expect(awsValueIssues(contextOf())).toEqual([]);
  });

  test('GIVEN a region AWS does not have and one of another partition THEN each is refused at its key path', () => {
    expect(awsValueIssues(contextOf({ region: 'us-east-7', accounts: { dev: { accountId: '222222222222', region: 'cn-north-1' } } }))).toEqual([
      { path: ['region'], message: '"us-east-7" is not an AWS region. Did you mean "us-east-1"? Fix: use a region name such as us-east-1 or eu-west-1.' },
      {
        path: ['accounts', 'dev', 'region'],
        message: '"cn-north-1" is in the aws-cn partition, but this app writes ARNs of the commercial partition (arn:aws:...) only, so AWS would refuse them there. Fix: use a region of the aws partition, e.g. us-east-1.',
      },
    ]);
  });

  test('GIVEN a customer policy named like an AWS managed policy, and a managed policy that does not exist THEN both are refused', () => {
    const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] };
    expect(awsValueIssues(contextOf({ policies: { ReadOnlyAccess: { document } }, roles: { Admin: { accounts: ['dev'], managedPolicies: ['AdminAccess'] } } }))).toEqual([
      {
        path: ['policies', 'ReadOnlyAccess'],
        at: 'key',
        message: '"ReadOnlyAccess" is also the name of an AWS managed policy, so managedPolicies and permissionsBoundary could not tell which one is meant. Fix: rename this policy, e.g. ReadOnlyAccess-custom.',
      },
      {
        path: ['roles', 'Admin', 'managedPolicies', 0],
        message:
          '"AdminAccess" is neither an AWS managed policy nor defined under policies. Fix: use an AWS managed policy\'s name with its path as AWS lists it (e.g. job-function/ViewOnlyAccess), define "AdminAccess" under policies, or use a customer policy ARN arn:aws:iam::<account>:policy/<name>.',
      },
    ]);
  });

  test('GIVEN an inline policy with an action its service does not have THEN the action is refused at its statement', () => {
    const inlinePolicies = { p: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObjects'], Resource: '*' }] } };
    expect(awsValueIssues(contextOf({ roles: { Admin: { accounts: ['dev'], inlinePolicies } } }))).toEqual([
      {
        path: ['roles', 'Admin', 'inlinePolicies', 'p', 'Statement', 0, 'Action', 0],
        message: '"s3:GetObjects" is not an action of s3. Did you mean "s3:GetObject"? Fix: use an action s3 has (see the Service Authorization Reference).',
      },
    ]);
  });
});
