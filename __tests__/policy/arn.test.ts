import { managedPolicyArn, parseIamPrincipalArn, roleArn, switchRoleUrl } from '../../policy/arn';

describe('ARN helper', () => {
  test('role ARNs carry the path', () => {
    expect(roleArn('222222222222', 'Deployer', '/automation/')).toBe('arn:aws:iam::222222222222:role/automation/Deployer');
    expect(roleArn('222222222222', 'ReadOnly')).toBe('arn:aws:iam::222222222222:role/ReadOnly');
  });

  test('managed policy names become AWS managed policy ARNs; ARNs stay as they are', () => {
    expect(managedPolicyArn('ReadOnlyAccess')).toBe('arn:aws:iam::aws:policy/ReadOnlyAccess');
    expect(managedPolicyArn('job-function/ViewOnlyAccess')).toBe('arn:aws:iam::aws:policy/job-function/ViewOnlyAccess');
    expect(managedPolicyArn('arn:aws:iam::123456789012:policy/Mine')).toBe('arn:aws:iam::123456789012:policy/Mine');
  });

  test('principal ARNs: roles, users and roots are read; anything else is not', () => {
    expect(parseIamPrincipalArn('arn:aws:iam::999999999999:role/ci/Runner')).toEqual({ arn: 'arn:aws:iam::999999999999:role/ci/Runner', accountId: '999999999999', kind: 'role' });
    expect(parseIamPrincipalArn('arn:aws:iam::999999999999:root')?.kind).toBe('root');
    expect(parseIamPrincipalArn('arn:aws:iam::999999999999:user/bot')?.kind).toBe('user');
    expect(parseIamPrincipalArn('arn:aws:iam::99999999999:role/X')).toBeUndefined();
    expect(parseIamPrincipalArn('arn:aws:iam::999999999999:role/*')).toBeUndefined();
    expect(parseIamPrincipalArn('*')).toBeUndefined();
    expect(parseIamPrincipalArn('arn:aws:sts::999999999999:assumed-role/X/s')).toBeUndefined();
  });

  test('the switch-role link names the account, the role with its path and a display name', () => {
    expect(switchRoleUrl('444444444444', 'Deployer', '/automation/', 'Deployer @ prod')).toBe(
      'https://signin.aws.amazon.com/switchrole?account=444444444444&roleName=automation%2FDeployer&displayName=Deployer%20%40%20prod',
    );
  });
});
