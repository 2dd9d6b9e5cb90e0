// The constructs without the org file: one role in a member account that the identity account's
// people may assume with MFA, and the group on the identity side that may assume it.
import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AssumeRoleGroup, CrossAccountRole } from 'cross-account-iam/modules';
import { renderAssumePolicies, renderTrustPolicy, roleArn } from 'cross-account-iam/policy';

export function buildStandaloneExample(app: App): void {
  const member = new TerraformStack(app, 'member');
  new AwsProvider(member, 'aws', { region: 'eu-west-1' });
  new CrossAccountRole(member, 'read-only', {
    roleName: 'ReadOnly',
    managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
    trustPolicy: renderTrustPolicy({
      identityAccountId: '111111111111',
      mfa: true,
      principals: [],
      sourceIps: [],
      sessionTags: false,
      sourceIdentity: false,
    }),
  });

  const identity = new TerraformStack(app, 'identity');
  new AwsProvider(identity, 'aws', { region: 'eu-west-1' });
  new AssumeRoleGroup(identity, 'readers', {
    groupName: 'readers',
    policies: renderAssumePolicies([
      { roleArn: roleArn('222222222222', 'ReadOnly'), mfa: true, sessionTags: false, sourceIdentity: false },
    ]),
  });
}

if (require.main === module) {
  const app = new App();
  buildStandaloneExample(app);
  app.synth();
}
