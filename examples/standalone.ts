// The constructs without the org file: one role in a member account that three kinds of assumers
// may assume (the identity account's IAM group `readers` with MFA, the Identity Center permission
// set `Developers`, and GitHub Actions runs of acme/infra on main), and on the identity side the
// group, allowed exactly that role, plus the permission set's policy for Identity Center.
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AssumeRoleGroup, CrossAccountRole, literalStrings, OidcProvider } from 'cross-account-iam/modules';
import {
  GITHUB_ACTIONS_AUDIENCE,
  GITHUB_ACTIONS_ISSUER,
  GitHubActionsAssumer,
  IAM_LIMITS,
  PermissionSetAssumer,
  renderAssumePolicies,
} from 'cross-account-iam/policy';

export const IDENTITY_ACCOUNT = '111111111111';
export const MEMBER_ACCOUNT = '222222222222';

export function buildStandaloneExample(app: App): void {
  const member = new TerraformStack(app, 'member');
  new AwsProvider(member, 'aws', { region: 'eu-west-1' });
  const identity = new TerraformStack(app, 'identity');
  new AwsProvider(identity, 'aws', { region: 'eu-west-1' });

  // Identity account: the group; its policy is rendered from the roles granted to it.
  const readers = new AssumeRoleGroup(identity, 'readers', { groupName: 'readers', accountId: IDENTITY_ACCOUNT });

  // Member account: GitHub's OIDC provider (the role waits for it), then the role and its grants.
  new OidcProvider(member, 'github', { issuerUrl: GITHUB_ACTIONS_ISSUER, accountId: MEMBER_ACCOUNT, audiences: [GITHUB_ACTIONS_AUDIENCE] });
  const readOnly = new CrossAccountRole(member, 'read-only', {
    roleName: 'ReadOnly',
    accountId: MEMBER_ACCOUNT,
    mfa: true,
    managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
  });
  // Both sides: the group's users in the role's trust (with MFA), and the role in the group's policy.
  readOnly.grantAssume(readers);
  // People signed in through IAM Identity Center with the Developers permission set.
  const developers = new PermissionSetAssumer(IDENTITY_ACCOUNT, 'Developers');
  readOnly.grantAssume(developers);
  // Workflow runs of acme/infra on main, keyless.
  readOnly.grantAssume(new GitHubActionsAssumer('infra-deploy', 'acme/infra', { branches: ['main'] }));

  // Identity Center holds the permission set's own policy: this is the one to put on it.
  const [developersPolicy] = renderAssumePolicies(
    [{ roleArn: readOnly.literalArn, ...readOnly.requirementsFor(developers) }],
    { policySize: IAM_LIMITS.inlinePolicySizePerRole, maxPolicies: 1 },
  );
  new TerraformOutput(identity, 'permission-set-Developers-policy', literalStrings({
    value: developersPolicy.toString(),
    description: 'Inline policy for the Identity Center permission set Developers',
  }));
}

if (require.main === module) {
  const app = new App();
  buildStandaloneExample(app);
  app.synth();
}
