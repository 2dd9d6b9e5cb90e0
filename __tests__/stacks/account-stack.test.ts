import { Testing } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePoliciesExclusive } from '@cdktf/provider-aws/lib/iam-role-policies-exclusive';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachmentsExclusive } from '@cdktf/provider-aws/lib/iam-role-policy-attachments-exclusive';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { readFileSync } from 'node:fs';
import { AccountStack } from '../../stacks/account-stack';
import { buildFromText, EXAMPLE_ORG } from '../helpers/synth';

function prodStack(): AccountStack {
  const { accounts } = buildFromText(readFileSync(EXAMPLE_ORG, 'utf8'));
  return accounts.find((a) => a.account.key === 'prod')!;
}

type Json = { resource: Record<string, Record<string, Record<string, unknown>>>; output: Record<string, { value: unknown }>; terraform: Record<string, unknown> };
const synthJson = (stack: AccountStack): Json => JSON.parse(Testing.synth(stack));

describe('account stack (prod of the example org)', () => {
  test('GIVEN the vendor role THEN its trust is the exact literal JSON: the vendor role by ARN, with the external id', () => {
    expect(Testing.synth(prodStack())).toHaveResourceWithProperties(IamRole, {
      name: 'VendorAudit',
      path: '/',
      max_session_duration: 3600,
      description: 'Third-party compliance scanner',
      tags: { Vendor: 'example-scanner' },
      assume_role_policy:
        '{"Version":"2012-10-17","Statement":[{"Sid":"ExternalPrincipals","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999999999999:root"},' +
        '"Action":"sts:AssumeRole","Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::999999999999:role/SecurityAuditAutomation"},"StringEquals":{"sts:ExternalId":"7f3c9d2e-vendor-id"}}}]}',
    });
  });

  test('GIVEN a role with a boundary THEN the boundary and path are set', () => {
    const synth = Testing.synth(prodStack());
    expect(synth).toHaveResourceWithProperties(IamRole, { name: 'ProdAdmin', permissions_boundary: 'arn:aws:iam::aws:policy/PowerUserAccess' });
    expect(synth).toHaveResourceWithProperties(IamRole, { name: 'Deployer', path: '/automation/' });
  });

  test('managed policies are attached by one exclusive resource per role; deleting the role detaches them', () => {
    const synth = Testing.synth(prodStack());
    expect(Object.keys(synthJson(prodStack()).resource)).not.toContain('aws_iam_role_policy_attachment');
    expect(synth).toHaveResourceWithProperties(IamRole, { name: 'ReadOnly', force_detach_policies: true });
    expect(synth).toHaveResourceWithProperties(IamRolePolicyAttachmentsExclusive, { role_name: '${aws_iam_role.role_ReadOnly.name}', policy_arns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] });
    // A role without managed policies still gets the exclusive resource: hand-attached policies are removed.
    expect(synth).toHaveResourceWithProperties(IamRolePolicyAttachmentsExclusive, { role_name: '${aws_iam_role.role_CrossAccountS3ReadRole.name}', policy_arns: [] });
  });

  test('inline policies are written as literal JSON and managed exclusively', () => {
    const synth = Testing.synth(prodStack());
    expect(synth).toHaveResourceWithProperties(IamRolePolicy, {
      name: 's3-read',
      role: '${aws_iam_role.role_CrossAccountS3ReadRole.name}',
      policy:
        '{"Version":"2012-10-17","Statement":[{"Sid":"ReadSharedBucket","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],' +
        '"Resource":["arn:aws:s3:::acme-shared-bucket","arn:aws:s3:::acme-shared-bucket/*"]}]}',
    });
    expect(synth).toHaveResourceWithProperties(IamRolePoliciesExclusive, { role_name: '${aws_iam_role.role_CrossAccountS3ReadRole.name}', policy_names: ['s3-read'] });
    expect(synth).toHaveResourceWithProperties(IamRolePoliciesExclusive, { role_name: '${aws_iam_role.role_ReadOnly.name}', policy_names: [] });
  });

  test('exactly the roles that live in prod are created there', () => {
    const roles = Object.values(synthJson(prodStack()).resource.aws_iam_role).map((r) => r.name).sort();
    expect(roles).toEqual(['CrossAccountS3ReadRole', 'CrossAccountSecurityAuditRole', 'Deployer', 'ProdAdmin', 'ReadOnly', 'VendorAudit']);
  });

  test('the provider assumes the deployment role in prod only, with a session name a run can set, the region and default tags', () => {
    expect((JSON.parse(Testing.synth(prodStack())) as { variable: Record<string, { default: string }> }).variable.deployment_session_name.default).toBe('cross-account-iam-acme-prod');
    expect(Testing.synth(prodStack())).toHaveProviderWithProperties(AwsProvider, {
      region: 'us-east-1',
      allowed_account_ids: ['444444444444'],
      assume_role: [{ role_arn: 'arn:aws:iam::444444444444:role/OrganizationAccountAccessRole', session_name: '${var.deployment_session_name}' }],
      default_tags: [{ tags: { Environment: 'production', ManagedBy: 'cross-account-iam', Organization: 'acme', Stack: 'prod' } }],
    });
  });

  test('a local backend by default, and a provider constraint that admits 5.100 and 6.x', () => {
    const json = synthJson(prodStack());
    expect(json.terraform).toEqual({
      backend: { local: { path: 'terraform.prod.tfstate' } },
      required_providers: { aws: { source: 'aws', version: '>= 5.100.0, < 7.0.0' } },
    });
  });

  test('outputs: each role ARN and its switch-role link', () => {
    const out = synthJson(prodStack()).output;
    expect(out.role_Deployer_arn.value).toBe('${aws_iam_role.role_Deployer.arn}');
    expect(out.role_Deployer_switch_role_url.value).toBe(
      'https://signin.aws.amazon.com/switchrole?account=444444444444&roleName=automation%2FDeployer&displayName=Deployer%20%40%20prod',
    );
    // Six roles, two per-name outputs each, and the two maps keyed by the role name.
    expect(Object.keys(out)).toHaveLength(14);
    expect(out.role_arns.value).toMatchObject({ Deployer: 'arn:aws:iam::444444444444:role/automation/Deployer' });
    expect(out.role_switch_role_urls.value).toMatchObject({ Deployer: out.role_Deployer_switch_role_url.value });
  });
});
