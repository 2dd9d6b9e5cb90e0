import {
  accountRootArn,
  allIamResourcesArn,
  allUsersArn,
  customerPolicyArn,
  groupArn,
  managedPolicyArn,
  oidcIssuerHostPath,
  oidcProviderArn,
  parseIamPrincipalArn,
  parseRoleArn,
  PARTITION,
  permissionSetOfPattern,
  permissionSetRoleArnPatterns,
  regionalArnAnyRegion,
  roleArn,
  samlProviderArn,
  switchRoleUrl,
} from '../../policy/arn';

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

  test('the account, its users, policies, groups and providers, in the commercial partition', () => {
    expect(PARTITION).toBe('aws');
    expect(accountRootArn('123456789012')).toBe('arn:aws:iam::123456789012:root');
    expect(allUsersArn('123456789012')).toBe('arn:aws:iam::123456789012:user/*');
    expect(customerPolicyArn('123456789012', 'ReadLogs')).toBe('arn:aws:iam::123456789012:policy/ReadLogs');
    expect(customerPolicyArn('123456789012', 'ReadLogs', '/team/')).toBe('arn:aws:iam::123456789012:policy/team/ReadLogs');
    expect(groupArn('123456789012', 'devs')).toBe('arn:aws:iam::123456789012:group/devs');
    expect(groupArn('123456789012', 'devs', '/people/')).toBe('arn:aws:iam::123456789012:group/people/devs');
    expect(allIamResourcesArn('123456789012', 'instance-profile')).toBe('arn:aws:iam::123456789012:instance-profile/*');
    expect(regionalArnAnyRegion('events', '123456789012', 'rule/cross-account-iam-assume-Admin')).toBe('arn:aws:events:*:123456789012:rule/cross-account-iam-assume-Admin');
    expect(samlProviderArn('123456789012', 'Okta')).toBe('arn:aws:iam::123456789012:saml-provider/Okta');
  });

  test('OIDC providers are named by the issuer\'s host and path, without scheme or trailing slashes', () => {
    expect(oidcProviderArn('123456789012', 'https://token.actions.githubusercontent.com')).toBe('arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com');
    expect(oidcIssuerHostPath('https://idp.example.com/tenant/a//')).toBe('idp.example.com/tenant/a');
    // Only a leading scheme and the trailing slashes go.
    expect(oidcIssuerHostPath('idp.example.com/https://x/y/')).toBe('idp.example.com/https://x/y');
  });

  test('role ARNs are read back into account, path and name; anything else is not a role ARN', () => {
    expect(parseRoleArn('arn:aws:iam::222222222222:role/ReadOnly')).toEqual({ accountId: '222222222222', path: '/', roleName: 'ReadOnly' });
    expect(parseRoleArn('arn:aws:iam::222222222222:role/ops/team/Admin')).toEqual({ accountId: '222222222222', path: '/ops/team/', roleName: 'Admin' });
    expect(parseRoleArn('arn:aws:iam::*:role/ops/Admin')).toEqual({ accountId: '*', path: '/ops/', roleName: 'Admin' });
    for (const notRole of [
      'arn:aws:iam::22222222222:role/X',
      'arn:aws:iam::2222222222222:role/X',
      'arn:aws:iam::22222222222a:role/X',
      'arn:aws:iam::222222222222:role/ops/',
      'arn:aws:iam::222222222222:role/ops//Admin',
      'arn:aws:iam::222222222222:user/X',
      'arn:aws:iam::222222222222:role',
      'xarn:aws:iam::222222222222:role/X',
    ]) {
      expect({ notRole, parsed: parseRoleArn(notRole) }).toEqual({ notRole, parsed: undefined });
    }
  });

  test('principal ARNs may hold the characters IAM allows in paths and names', () => {
    expect(parseIamPrincipalArn('arn:aws:iam::999999999999:user/a_b+c=d,e.f@g-h/i')).toEqual({ arn: 'arn:aws:iam::999999999999:user/a_b+c=d,e.f@g-h/i', accountId: '999999999999', kind: 'user' });
    expect(parseIamPrincipalArn('arn:aws:iam::999999999999:root')).toEqual({ arn: 'arn:aws:iam::999999999999:root', accountId: '999999999999', kind: 'root' });
    for (const bad of ['arn:aws:iam::999999999999:root/x', 'x:arn:aws:iam::999999999999:root', 'arn:aws:iam::999999999999:role/', 'arn:aws:iam::999999999999:group/G', 'arn:aws:iam::999999999999:role/a b']) {
      expect({ bad, parsed: parseIamPrincipalArn(bad) }).toEqual({ bad, parsed: undefined });
    }
  });

  test('a role at the root path switches by its bare name', () => {
    expect(switchRoleUrl('444444444444', 'ReadOnly', '/', 'ro')).toBe('https://signin.aws.amazon.com/switchrole?account=444444444444&roleName=ReadOnly&displayName=ro');
  });

  test('Identity Center permission set roles: two patterns (with and without the region segment), read back to the set', () => {
    const patterns = permissionSetRoleArnPatterns('111111111111', 'Dev');
    expect(patterns).toEqual([
      'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev_????????????????',
      'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Dev_????????????????',
    ]);
    for (const p of patterns) expect(permissionSetOfPattern(p)).toEqual({ accountId: '111111111111', name: 'Dev' });
    expect(permissionSetOfPattern('arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Data_Admins_*')).toEqual({ accountId: '111111111111', name: 'Data_Admins' });
    for (const bad of [
      'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev_???????????????',
      'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev_abc',
      'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/a/b/AWSReservedSSO_Dev_*',
      'arn:aws:iam::111111111111:role/aws-reserved/ssoXamazonaws.com/AWSReservedSSO_Dev_*',
      'arn:aws:iam::11111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev_*',
      'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO__*',
      'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev_*x',
      'xarn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev_*',
      'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/X_AWSReservedSSO_Dev_*',
    ]) {
      expect({ bad, parsed: permissionSetOfPattern(bad) }).toEqual({ bad, parsed: undefined });
    }
  });
});
