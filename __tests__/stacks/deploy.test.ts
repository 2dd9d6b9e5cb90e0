/** Deploying for real: backends, provider reach, safe changes and guardrails, on the synthesized JSON. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { AccessanalyzerAnalyzer } from '@cdktf/provider-aws/lib/accessanalyzer-analyzer';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { CrossAccountRole } from '../../modules/cross-account-role';
import { renderTrustPolicy } from '../../policy/trust-policy';
import { validateStack, writeOfflineCliConfig } from '../../stacks/terraform';
import { buildFromText, FIXTURES, synthOrgFile, tempDir } from '../helpers/synth';

const GUARDED = readFileSync(join(FIXTURES, 'guarded.yaml'), 'utf8');
type Json = { terraform: Record<string, unknown>; resource: Record<string, Record<string, Record<string, unknown>>>; import?: unknown[] };
const json = (stack: TerraformStack) => JSON.parse(Testing.synth(stack)) as Json;
const withBackend = (backend: string) => readFileSync(join(FIXTURES, 'minimal.yaml'), 'utf8').replace('accounts:', `deployment:\n  backend:\n${backend}accounts:`);

describe('backends', () => {
  test('local by default: one state file per stack; a folder when given', () => {
    expect(json(buildFromText(readFileSync(join(FIXTURES, 'minimal.yaml'), 'utf8')).accounts[0]).terraform.backend).toEqual({ local: { path: 'terraform.sandbox.tfstate' } });
    expect(json(buildFromText(withBackend('    type: local\n    path: state/\n')).accounts[0]).terraform.backend).toEqual({ local: { path: 'state/sandbox.tfstate' } });
  });

  test('s3: bucket, a key per stack, region, encryption and the native lock file (or a DynamoDB table)', () => {
    expect(json(buildFromText(withBackend('    type: s3\n    bucket: tiny-state\n    keyPrefix: iam\n')).accounts[0]).terraform.backend).toEqual({
      s3: { bucket: 'tiny-state', key: 'iam/sandbox.tfstate', region: 'eu-west-1', encrypt: true, use_lockfile: true },
    });
    expect(json(buildFromText(withBackend('    type: s3\n    bucket: tiny-state\n    region: us-east-1\n    dynamodbTable: locks\n')).identity!).terraform.backend).toEqual({
      s3: { bucket: 'tiny-state', key: 'tiny/identity.tfstate', region: 'us-east-1', encrypt: true, dynamodb_table: 'locks' },
    });
  });

  test('cloud: the organization and one workspace per stack from the pattern, in a project', () => {
    const text = withBackend('    type: cloud\n    organization: tiny-co\n    workspacePattern: "iam-{stack}"\n    project: access\n');
    expect(json(buildFromText(text).accounts[0]).terraform.cloud).toEqual({ organization: 'tiny-co', workspaces: { name: 'iam-sandbox', project: 'access' } });
    expect(json(buildFromText(withBackend('    type: cloud\n    organization: tiny-co\n')).identity!).terraform.cloud).toEqual({ organization: 'tiny-co', workspaces: { name: 'tiny-identity' } });
  });

  test.each([
    ['s3', '    type: s3\n    bucket: tiny-state\n'],
    ['cloud', '    type: cloud\n    organization: tiny-co\n'],
  ])('a stack with the %s backend passes terraform validate (init -backend=false)', async (_type, backend) => {
    const dir = tempDir();
    const file = join(dir, 'org.yaml');
    require('node:fs').writeFileSync(file, withBackend(backend));
    const out = synthOrgFile(file);
    const result = await validateStack(join(out, 'stacks', 'sandbox'), writeOfflineCliConfig(tempDir('cai-tf-')));
    expect(result.output).toBe('');
    expect(result.valid).toBe(true);
  });
});

describe('provider reach', () => {
  test('per-account role and region overrides, and the deployment external id', () => {
    const { accounts } = buildFromText(GUARDED);
    const prod = accounts.find((a) => a.account.key === 'prod')!;
    expect(Testing.synth(prod)).toHaveProviderWithProperties(AwsProvider, {
      region: 'eu-west-1',
      assume_role: [{ role_arn: 'arn:aws:iam::444444444444:role/PlatformDeployRole', external_id: 'deploy-ext-1', session_name: '${var.deployment_session_name}' }],
    });
    const tooling = accounts.find((a) => a.account.key === 'tooling')!;
    expect(Testing.synth(tooling)).toHaveProviderWithProperties(AwsProvider, {
      region: 'us-east-1',
      assume_role: [{ role_arn: 'arn:aws:iam::555555555555:role/OrganizationAccountAccessRole', external_id: 'deploy-ext-1', session_name: '${var.deployment_session_name}' }],
    });
  });
});

describe('safe changes', () => {
  test('resource addresses depend only on IAM names: moving a construct elsewhere in the tree changes nothing', () => {
    const props = { roleName: 'Auditor', trustPolicy: renderTrustPolicy({ identityAccountId: '111111111111', mfa: true, principals: [], sourceIps: [], sessionTags: false, sourceIdentity: false }), managedPolicyArns: ['arn:aws:iam::aws:policy/SecurityAudit'] };
    const app = new App({ outdir: tempDir() });
    const flat = new TerraformStack(app, 'flat');
    new CrossAccountRole(flat, 'auditor', props);
    const nested = new TerraformStack(app, 'nested');
    new CrossAccountRole(new Construct(new Construct(nested, 'team'), 'security'), 'another-id', props);
    const addresses = (stack: TerraformStack) => Object.entries(json(stack).resource).flatMap(([type, rs]) => Object.keys(rs).map((n) => `${type}.${n}`)).sort();
    expect(addresses(flat)).toEqual(['aws_iam_role.role_Auditor', 'aws_iam_role_policies_exclusive.role_Auditor_inline_policies', 'aws_iam_role_policy_attachments_exclusive.role_Auditor_attachments']);
    expect(addresses(nested)).toEqual(addresses(flat));
  });

  test('a protected role cannot be destroyed by Terraform (prevent_destroy)', () => {
    const prod = buildFromText(GUARDED).accounts.find((a) => a.account.key === 'prod')!;
    expect(Testing.synth(prod)).toHaveResourceWithProperties(IamRole, { name: 'Deployer', lifecycle: { prevent_destroy: true } });
    expect(json(prod).resource.aws_iam_role.role_VendorAudit.lifecycle).toBeUndefined();
  });

  test('an adopted role or group is imported by name, not created', () => {
    const { identity, accounts } = buildFromText(GUARDED);
    expect(json(accounts.find((a) => a.account.key === 'prod')!).import).toEqual([{ id: 'Breakglass', to: 'aws_iam_role.role_Breakglass' }]);
    expect(json(identity!).import).toEqual([{ id: 'oncall', to: 'aws_iam_group.group_oncall' }]);
  });

  test('a stack whose role trusts a role another stack creates depends on that stack, also in the manifest', () => {
    const { accounts } = buildFromText(GUARDED);
    const prod = accounts.find((a) => a.account.key === 'prod')!;
    expect(prod.dependencies.map((d) => d.node.id)).toEqual(['tooling']);
    const manifest = JSON.parse(readFileSync(join(synthOrgFile(join(FIXTURES, 'guarded.yaml')), 'manifest.json'), 'utf8'));
    expect(manifest.stacks.prod.dependencies).toEqual(['tooling']);
    expect(manifest.stacks.tooling.dependencies).toEqual([]);
  });
});

describe('guardrails', () => {
  test('alertOnAssume: an EventBridge rule on the role\'s AssumeRole event feeds an SNS topic with the e-mails', () => {
    const prod = Testing.synth(buildFromText(GUARDED).accounts.find((a) => a.account.key === 'prod')!);
    expect(prod).toHaveResourceWithProperties(CloudwatchEventRule, {
      name: 'cross-account-iam-assume-Breakglass',
      event_pattern: JSON.stringify({
        source: ['aws.sts'],
        'detail-type': ['AWS API Call via CloudTrail'],
        detail: { eventSource: ['sts.amazonaws.com'], eventName: ['AssumeRole'], requestParameters: { roleArn: ['arn:aws:iam::444444444444:role/Breakglass'] } },
      }),
    });
    expect(prod).toHaveResourceWithProperties(CloudwatchEventTarget, { rule: '${aws_cloudwatch_event_rule.alert_Breakglass.name}', arn: '${aws_sns_topic.alerts.arn}' });
    expect(prod).toHaveResourceWithProperties(SnsTopicSubscription, { protocol: 'email', endpoint: 'security@example.com' });
  });

  test('Access Analyzer per account', () => {
    for (const stack of buildFromText(GUARDED).accounts) expect(Testing.synth(stack)).toHaveResourceWithProperties(AccessanalyzerAnalyzer, { type: 'ACCOUNT', analyzer_name: `cross-account-iam-acme-${stack.account.key}` });
  });

  test('the organization stack attaches the perimeter policy to the chosen targets, exempting the third-party role', () => {
    const organization = buildFromText(GUARDED).organization!;
    const policy = json(organization).resource.aws_organizations_policy.perimeter;
    expect(policy.type).toBe('RESOURCE_CONTROL_POLICY');
    expect(JSON.parse(String(policy.content))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyAssumeRoleFromOutsideTheOrg',
          Effect: 'Deny',
          Principal: '*',
          Action: 'sts:AssumeRole',
          NotResource: 'arn:aws:iam::*:role/VendorAudit',
          Condition: {
            BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
            StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
          },
        },
      ],
    });
    expect(Testing.synth(organization)).toHaveResourceWithProperties(OrganizationsPolicyAttachment, { target_id: 'r-ab12', policy_id: '${aws_organizations_policy.perimeter.id}' });
    expect(Testing.synth(organization)).toHaveProviderWithProperties(AwsProvider, { allowed_account_ids: ['100000000000'] });
  });

  test('every stack of the guarded org passes terraform validate, import blocks included', async () => {
    const out = synthOrgFile(join(FIXTURES, 'guarded.yaml'));
    const cli = writeOfflineCliConfig(tempDir('cai-tf-'));
    const results = await Promise.all(['identity', 'organization', 'prod', 'tooling'].map(async (s) => ({ s, ...(await validateStack(join(out, 'stacks', s), cli)) })));
    expect(results.map((r) => [r.s, r.valid, r.output])).toEqual([
      ['identity', true, ''],
      ['organization', true, ''],
      ['prod', true, ''],
      ['tooling', true, ''],
    ]);
  });
});
