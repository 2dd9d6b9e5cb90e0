/**
 * HCP Terraform mode, judged from the synthesized JSON: each workspace's run reaches its own stack's
 * roles in its own phase and nothing else (IAM simulator), the plan role cannot write, the apply role
 * can do what its stack needs but never widen itself, the stacks carry no credentials of their own,
 * and the workspaces stack gives each workspace exactly its roles.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { loadOrgFile } from '../../org/load';
import { PolicyJson, readSynthesizedOrg } from '../../review/artifact';
import { analyzeAccess } from '../../review/access';
import { diffAccess } from '../../review/diff';
import { DEPLOYER_ACCESS } from '../../policy/hcp-terraform';
import { isWebIdentityAllowed } from '../helpers/web-identity';
import { buildFromText, EXAMPLE_ORG, FIXTURES, synthOrgFile, tempDir } from '../helpers/synth';

const HCP_ORG = join(FIXTURES, 'hcp-terraform.yaml');
const OUT = synthOrgFile(HCP_ORG);
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const stackJson = (out: string, name: string): Json => JSON.parse(readFileSync(join(out, 'stacks', name, 'cdk.tf.json'), 'utf8'));
const policy = (text: string): PolicyJson => JSON.parse(text.replace(/\$\$\{/g, '${'));

/** The stacks that deploy to AWS in the fixture, with their accounts. */
const STACKS: Record<string, string> = { identity: '111111111111', organization: '999999999999', dev: '222222222222', prod: '444444444444', tooling: '555555555555' };

/** A deployer role of a bootstrap stack, read back from its JSON. */
function deployer(stack: string, phase: 'plan' | 'apply') {
  const json = stackJson(OUT, `bootstrap-${stack}`);
  const name = `tfc-${phase}-${stack}`;
  const role = json.resource.aws_iam_role[`role_${name}`];
  const inline = json.resource.aws_iam_role_policy[`role_${name}_inline_hcp-terraform-${phase}`];
  return { arn: `arn:aws:iam::${STACKS[stack]}:role/hcp-terraform/${name}`, trust: policy(role.assume_role_policy), permissions: policy(inline.policy) };
}

const token = (workspace: string, phase: string, over: { organization?: string; project?: string; aud?: string } = {}) => ({
  'app.terraform.io:aud': over.aud ?? 'aws.workload.identity',
  'app.terraform.io:sub': `organization:${over.organization ?? 'acme-platform'}:project:${over.project ?? 'cross-account-iam'}:workspace:${workspace}:run_phase:${phase}`,
});

async function tokenMayAssume(stack: string, phase: 'plan' | 'apply', claims: Record<string, string>): Promise<boolean> {
  const role = deployer(stack, phase);
  return isWebIdentityAllowed({ provider: `arn:aws:iam::${STACKS[stack]}:oidc-provider/app.terraform.io`, roleArn: role.arn, trustPolicy: role.trust, claims });
}

/** Whether a session of the role may make this call, as the IAM simulator judges its policy (and a resource policy, if given). */
async function roleMay(role: { arn: string; permissions: PolicyJson }, action: string, resource: string, resourcePolicy?: PolicyJson, context: Record<string, string> = {}): Promise<boolean> {
  const account = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(role.arn)!;
  const result = await runSimulation(
    {
      request: {
        principal: `arn:aws:sts::${account[1]}:assumed-role/${account[2]}/run`,
        action,
        resource: { resource, accountId: account[1] },
        contextVariables: { 'aws:PrincipalArn': role.arn, ...context },
      },
      identityPolicies: [{ name: 'deployer', policy: role.permissions }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(resourcePolicy ? { resourcePolicy } : {}),
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(`simulator refused the policies: ${JSON.stringify(result.errors)}`);
  return result.overallResult === 'Allowed';
}

describe('a workspace\'s runs reach exactly their own roles', () => {
  test.each(Object.keys(STACKS))('stack %s: its workspace\'s plan token gets the plan role, its apply token the apply role, nothing else does', async (stack) => {
    const ws = `iam-${stack}`;
    const other = stack === 'dev' ? 'iam-prod' : 'iam-dev';
    for (const phase of ['plan', 'apply'] as const) {
      const otherPhase = phase === 'plan' ? 'apply' : 'plan';
      expect(await tokenMayAssume(stack, phase, token(ws, phase))).toBe(true);
      const refused = {
        'the other phase': token(ws, otherPhase),
        'another workspace': token(other, phase),
        'a workspace whose name extends this one': token(`${ws}-2`, phase),
        'a workspace whose name is a prefix of this one': token(ws.slice(0, -1), phase),
        'another project': token(ws, phase, { project: 'other' }),
        'another organization': token(ws, phase, { organization: 'acme-platform-2' }),
        'a wrong audience': token(ws, phase, { aud: 'sts.amazonaws.com' }),
        'a pattern where the workspace goes': token('*', phase),
      };
      for (const [what, claims] of Object.entries(refused)) expect({ what, phase, allowed: await tokenMayAssume(stack, phase, claims) }).toEqual({ what, phase, allowed: false });
    }
  });
});

/**
 * The calls the AWS provider makes to create, update and delete each resource type of the stacks
 * (its resource code and AWS's API reference): an oracle kept apart from the policy's own table, so
 * that a call missing from the apply role fails here. `instance-profile`: the call names one of the
 * role's instance profiles, not the role.
 */
const PROVIDER_CALLS: Record<string, string[]> = {
  aws_iam_role: ['iam:CreateRole', 'iam:TagRole', 'iam:UntagRole', 'iam:UpdateAssumeRolePolicy', 'iam:UpdateRole', 'iam:UpdateRoleDescription', 'iam:PutRolePermissionsBoundary', 'iam:DeleteRolePermissionsBoundary', 'iam:DeleteRole', 'iam:ListInstanceProfilesForRole', 'instance-profile iam:RemoveRoleFromInstanceProfile', 'iam:GetRole'],
  aws_iam_role_policy: ['iam:PutRolePolicy', 'iam:GetRolePolicy', 'iam:DeleteRolePolicy'],
  aws_iam_role_policies_exclusive: ['iam:ListRolePolicies', 'iam:DeleteRolePolicy'],
  aws_iam_role_policy_attachments_exclusive: ['iam:ListAttachedRolePolicies', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy'],
  aws_iam_policy: ['iam:CreatePolicy', 'iam:TagPolicy', 'iam:UntagPolicy', 'iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListPolicyVersions', 'iam:CreatePolicyVersion', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicy'],
  aws_iam_group: ['iam:CreateGroup', 'iam:GetGroup', 'iam:UpdateGroup', 'iam:DeleteGroup'],
  aws_iam_group_policy_attachment: ['iam:AttachGroupPolicy', 'iam:ListAttachedGroupPolicies', 'iam:DetachGroupPolicy'],
  aws_iam_group_policy_attachments_exclusive: ['iam:ListAttachedGroupPolicies', 'iam:AttachGroupPolicy', 'iam:DetachGroupPolicy'],
  aws_iam_group_policies_exclusive: ['iam:ListGroupPolicies', 'iam:DeleteGroupPolicy'],
  aws_iam_openid_connect_provider: ['iam:CreateOpenIDConnectProvider', 'iam:TagOpenIDConnectProvider', 'iam:GetOpenIDConnectProvider', 'iam:AddClientIDToOpenIDConnectProvider', 'iam:RemoveClientIDFromOpenIDConnectProvider', 'iam:UpdateOpenIDConnectProviderThumbprint', 'iam:DeleteOpenIDConnectProvider'],
  aws_sns_topic: ['sns:CreateTopic', 'sns:TagResource', 'sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:ListTagsForResource', 'sns:DeleteTopic'],
  aws_sns_topic_policy: ['sns:SetTopicAttributes', 'sns:GetTopicAttributes'],
  aws_sns_topic_subscription: ['sns:Subscribe', 'sns:GetSubscriptionAttributes', 'sns:SetSubscriptionAttributes', 'sns:Unsubscribe'],
  aws_cloudwatch_event_rule: ['events:PutRule', 'events:TagResource', 'events:DescribeRule', 'events:ListTagsForResource', 'events:EnableRule', 'events:DisableRule', 'events:DeleteRule'],
  aws_cloudwatch_event_target: ['events:PutTargets', 'events:ListTargetsByRule', 'events:RemoveTargets'],
  // The key policy is given in CreateKey; a later change of it (PutKeyPolicy) is the admin path's (see below).
  aws_kms_key: ['new-key kms:CreateKey', 'new-key kms:TagResource', 'kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags', 'kms:EnableKeyRotation', 'kms:UpdateKeyDescription', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion'],
  aws_kms_alias: ['kms:CreateAlias', 'key kms:CreateAlias', 'new-key kms:ListAliases', 'kms:UpdateAlias', 'key kms:UpdateAlias', 'kms:DeleteAlias', 'key kms:DeleteAlias'],
  aws_accessanalyzer_analyzer: ['access-analyzer:CreateAnalyzer', 'access-analyzer:GetAnalyzer', 'access-analyzer:TagResource', 'access-analyzer:DeleteAnalyzer'],
  aws_organizations_policy: ['organizations:CreatePolicy', 'organizations:DescribePolicy', 'organizations:UpdatePolicy', 'organizations:TagResource', 'organizations:DeletePolicy'],
  aws_organizations_policy_attachment: ['organizations:AttachPolicy', 'organizations:ListTargetsForPolicy', 'organizations:DetachPolicy'],
};

/**
 * Every call the apply of a stack makes, on the ARN it names, with the keys AWS puts in the request
 * about that resource (a KMS key carries the provider's default tags).
 */
function callsIn(stack: string): { action: string; arn: string; context?: Record<string, string>; resourcePolicy?: PolicyJson }[] {
  const account = STACKS[stack];
  // A KMS key is reached through its key policy, which lets the account's own IAM policies decide.
  const keys = Object.values((stackJson(OUT, stack).resource.aws_kms_key ?? {}) as Record<string, Json>);
  const keyPolicy = keys.length ? policy(keys[0].policy) : undefined;
  const keyArn = `arn:aws:kms:eu-west-1:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const keyTags = { 'aws:ResourceTag/Stack': stack, 'aws:ResourceTag/ManagedBy': 'cross-account-iam' };
  return arnsOf(stack).flatMap(({ type, arn }) => {
    expect({ type, known: type in PROVIDER_CALLS }).toEqual({ type, known: true });
    return PROVIDER_CALLS[type].map((call) => {
      const [scope, action] = call.includes(' ') ? call.split(' ') : ['', call];
      if (scope === 'instance-profile') return { action, arn: arn.replace(/:role\/.*$/, ':instance-profile/some-profile') };
      if (scope === 'new-key') return { action, arn: '*' };
      if (scope === 'key' || (type === 'aws_kms_key' && scope === '')) return { action, arn: keyArn, context: keyTags, resourcePolicy: keyPolicy };
      return { action, arn };
    });
  });
}
const isRead = (action: string) => /^[a-z-]+:(Get|List|Describe)/.test(action);

/** Every resource of the stack, by the ARN a call on it names (a role's own ARN for what acts on the role). */
function arnsOf(stack: string): { type: string; arn: string }[] {
  const json = stackJson(OUT, stack);
  const account = STACKS[stack];
  const res = json.resource as Record<string, Record<string, Json>>;
  const roleOf = (r: Json) => {
    const ref = /^\$\{aws_iam_role\.([^.]+)\.name\}$/.exec(String(r.role ?? r.role_name))?.[1];
    const role = ref ? res.aws_iam_role[ref] : undefined;
    return `arn:aws:iam::${account}:role${role?.path ?? '/'}${role?.name ?? r.role ?? r.role_name}`;
  };
  const groupOf = (r: Json) => {
    const ref = /^\$\{aws_iam_group\.([^.]+)\.name\}$/.exec(String(r.group ?? r.group_name))?.[1];
    const group = ref ? res.aws_iam_group[ref] : undefined;
    return `arn:aws:iam::${account}:group${group?.path ?? '/'}${group?.name ?? r.group ?? r.group_name}`;
  };
  const out: { type: string; arn: string }[] = [];
  for (const [type, resources] of Object.entries(res)) {
    for (const r of Object.values(resources)) {
      if (type === 'aws_iam_role') out.push({ type, arn: `arn:aws:iam::${account}:role${r.path ?? '/'}${r.name}` });
      else if (type.startsWith('aws_iam_role_polic')) out.push({ type, arn: roleOf(r) });
      else if (type === 'aws_iam_policy') out.push({ type, arn: `arn:aws:iam::${account}:policy${r.path ?? '/'}${r.name}` });
      else if (type === 'aws_iam_group') out.push({ type, arn: `arn:aws:iam::${account}:group${r.path ?? '/'}${r.name}` });
      else if (type.startsWith('aws_iam_group_polic')) out.push({ type, arn: groupOf(r) });
      else if (type === 'aws_iam_openid_connect_provider') out.push({ type, arn: `arn:aws:iam::${account}:oidc-provider/${String(r.url).replace('https://', '')}` });
      else if (type.startsWith('aws_sns_')) out.push({ type, arn: `arn:aws:sns:eu-west-1:${account}:cross-account-iam-acme-alerts` });
      else if (type === 'aws_kms_key') out.push({ type, arn: 'key' });
      else if (type === 'aws_kms_alias') out.push({ type, arn: `arn:aws:kms:eu-west-1:${account}:${r.name}` });
      else if (type.startsWith('aws_cloudwatch_event_')) {
        const ref = /^\$\{aws_cloudwatch_event_rule\.([^.]+)\.name\}$/.exec(String(r.rule))?.[1];
        const rule = r.name ?? (ref ? res.aws_cloudwatch_event_rule[ref].name : r.rule);
        out.push({ type, arn: `arn:aws:events:eu-west-1:${account}:rule/${rule}` });
      }
      else if (type === 'aws_accessanalyzer_analyzer') out.push({ type, arn: `arn:aws:access-analyzer:eu-west-1:${account}:analyzer/${r.analyzer_name}` });
      else if (type.startsWith('aws_organizations_')) out.push({ type, arn: `arn:aws:organizations::${account}:policy/o-a1b2c3d4e5/resource_control_policy/p-abcd1234` });
      else throw new Error(`no ARN for ${type}`);
    }
  }
  return out;
}

describe('the plan role reads, and cannot write', () => {
  test.each(Object.keys(STACKS))('stack %s: the reads of a refresh allowed; every other call its apply makes, and any role hop, refused', async (stack) => {
    const plan = deployer(stack, 'plan');
    const calls = callsIn(stack);
    expect(calls.filter((c) => !isRead(c.action)).length).toBeGreaterThan(0);
    for (const { action, arn, context, resourcePolicy } of calls) expect({ action, arn, allowed: await roleMay(plan, action, arn, resourcePolicy, context) }).toEqual({ action, arn, allowed: isRead(action) });
    const trustsPlanRole: PolicyJson = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: plan.arn }, Action: 'sts:AssumeRole' }] };
    expect(await roleMay(plan, 'sts:AssumeRole', `arn:aws:iam::${STACKS[stack]}:role/Anything`, trustsPlanRole)).toBe(false);
  });
});

describe('the apply role does what its stack needs, and never widens itself', () => {
  test.each(Object.keys(STACKS))('stack %s: every call the apply of the stack makes allowed', async (stack) => {
    const apply = deployer(stack, 'apply');
    for (const { action, arn, context, resourcePolicy } of callsIn(stack)) expect({ action, arn, allowed: await roleMay(apply, action, arn, resourcePolicy, context) }).toEqual({ action, arn, allowed: true });
  });

  test.each(Object.keys(STACKS))('stack %s: changing itself, the plan role, the deployment role or the OIDC provider refused; so are users, keys and role hops', async (stack) => {
    const account = STACKS[stack];
    const apply = deployer(stack, 'apply');
    const own = [apply.arn, deployer(stack, 'plan').arn, `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`];
    const selfEdits = ['iam:UpdateAssumeRolePolicy', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:PutRolePermissionsBoundary', 'iam:DeleteRolePermissionsBoundary', 'iam:DeleteRole', 'iam:UpdateRole', 'iam:TagRole', 'iam:PassRole'];
    for (const arn of own) for (const action of selfEdits) expect({ action, arn, allowed: await roleMay(apply, action, arn) }).toEqual({ action, arn, allowed: false });
    expect(await roleMay(apply, 'iam:GetRole', apply.arn)).toBe(true);
    const provider = `arn:aws:iam::${account}:oidc-provider/app.terraform.io`;
    for (const action of ['iam:DeleteOpenIDConnectProvider', 'iam:AddClientIDToOpenIDConnectProvider', 'iam:UpdateOpenIDConnectProviderThumbprint']) expect({ action, allowed: await roleMay(apply, action, provider) }).toEqual({ action, allowed: false });
    for (const [action, arn] of [['iam:CreateUser', `arn:aws:iam::${account}:user/backdoor`], ['iam:CreateAccessKey', `arn:aws:iam::${account}:user/someone`], ['iam:CreateLoginProfile', `arn:aws:iam::${account}:user/someone`]]) {
      expect({ action, allowed: await roleMay(apply, action, arn) }).toEqual({ action, allowed: false });
    }
    // A role of its own choosing, to lend itself more: it may not create one, nor assume one that trusts it.
    for (const action of ['iam:CreateRole', 'iam:AttachRolePolicy', 'iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy']) expect({ action, allowed: await roleMay(apply, action, `arn:aws:iam::${account}:role/Escalate`) }).toEqual({ action, allowed: false });
    const trustsApplyRole: PolicyJson = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: apply.arn }, Action: 'sts:AssumeRole' }] };
    expect(await roleMay(apply, 'sts:AssumeRole', `arn:aws:iam::${account}:role/Escalate`, trustsApplyRole)).toBe(false);
  });

  test('no KMS key\'s policy or grants may be changed (a key\'s ARN is unknown before it exists, and tags can be put on any key)', async () => {
    const apply = deployer('prod', 'apply');
    const anyKey = 'arn:aws:kms:eu-west-1:444444444444:key/99999999-aaaa-bbbb-cccc-dddddddddddd';
    const rootDelegates: PolicyJson = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444444444444:root' }, Action: 'kms:*', Resource: '*' }] };
    for (const action of ['kms:PutKeyPolicy', 'kms:CreateGrant', 'kms:Decrypt', 'kms:ScheduleKeyDeletion']) {
      expect({ action, allowed: await roleMay(apply, action, anyKey, rootDelegates, { 'aws:ResourceTag/Stack': 'prod' }) }).toEqual({ action, allowed: false });
    }
  });

  test('creates and updates stay on the stack\'s own resources in its own account; deletes reach what the org file no longer has', async () => {
    const apply = deployer('dev', 'apply');
    expect(await roleMay(apply, 'iam:CreateRole', 'arn:aws:iam::444444444444:role/ReadOnly')).toBe(false);
    expect(await roleMay(apply, 'iam:UpdateAssumeRolePolicy', 'arn:aws:iam::222222222222:role/SomeoneElses')).toBe(false);
    expect(await roleMay(apply, 'iam:CreateGroup', 'arn:aws:iam::222222222222:group/admins')).toBe(false);
    expect(await roleMay(apply, 'organizations:CreatePolicy', '*')).toBe(false);
    expect(await roleMay(apply, 'iam:DeleteRole', 'arn:aws:iam::222222222222:role/RemovedFromTheFile')).toBe(true);
    expect(await roleMay(apply, 'sns:DeleteTopic', 'arn:aws:sns:eu-west-1:222222222222:cross-account-iam-acme-alerts')).toBe(true);
    const identity = deployer('identity', 'apply');
    expect(await roleMay(identity, 'iam:CreateGroup', 'arn:aws:iam::111111111111:group/engineers')).toBe(true);
    expect(await roleMay(identity, 'iam:CreateGroup', 'arn:aws:iam::111111111111:group/admins')).toBe(false);
  });

  test('stacks sharing an account (the identity account also a member): neither apply role may change or delete the other\'s deployer roles', async () => {
    const text = readFileSync(HCP_ORG, 'utf8').replace('  tooling: { accountId: "555555555555", environment: shared-services }', '  tooling: { accountId: "111111111111", environment: shared-services }').replace('arn:aws:iam::555555555555:role/Pipeline', 'arn:aws:iam::111111111111:role/Pipeline');
    const dir = tempDir('cai-hcp-shared-');
    writeFileSync(join(dir, 'org.yaml'), text);
    const out = synthOrgFile(join(dir, 'org.yaml'));
    const applyOf = (stack: string) => {
      const json = stackJson(out, `bootstrap-${stack}`);
      return { arn: `arn:aws:iam::111111111111:role/hcp-terraform/tfc-apply-${stack}`, permissions: policy(json.resource.aws_iam_role_policy[`role_tfc-apply-${stack}_inline_hcp-terraform-apply`].policy) };
    };
    for (const [mine, theirs] of [['tooling', 'identity'], ['identity', 'tooling']]) {
      for (const phase of ['plan', 'apply']) {
        const target = `arn:aws:iam::111111111111:role/hcp-terraform/tfc-${phase}-${theirs}`;
        for (const action of ['iam:UpdateAssumeRolePolicy', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:DeleteRole', 'iam:DeleteRolePolicy']) {
          expect({ mine, target, action, allowed: await roleMay(applyOf(mine), action, target) }).toEqual({ mine, target, action, allowed: false });
        }
      }
    }
    // The account's one provider is made by its first stack (identity) and named by the other.
    expect(Object.keys(stackJson(out, 'bootstrap-identity').resource.aws_iam_openid_connect_provider)).toHaveLength(1);
    expect(stackJson(out, 'bootstrap-tooling').resource.aws_iam_openid_connect_provider).toBeUndefined();
  });
});

describe('the stacks in HCP Terraform mode', () => {
  test('carry no credentials and no role hop, keep allowed_account_ids, and run in their own workspace', () => {
    for (const [stack, account] of Object.entries(STACKS)) {
      const json = stackJson(OUT, stack);
      // The stack's region, and other regions alerts are watched in (aliased): each with the same settings.
      for (const provider of json.provider.aws as Json[]) {
        expect(provider).toMatchObject({ allowed_account_ids: [account] });
        for (const key of ['assume_role', 'access_key', 'secret_key', 'profile', 'shared_credentials_files']) expect(provider).not.toHaveProperty(key);
      }
      expect(json.provider.aws[0].region).toBe('eu-west-1');
      expect(json.variable).toBeUndefined();
      expect(json.terraform.cloud).toEqual({ organization: 'acme-platform', workspaces: { name: `iam-${stack}`, project: 'cross-account-iam' } });
    }
  });

  test('a bootstrap goes through the deployment role, with its state outside HCP Terraform', () => {
    const json = stackJson(OUT, 'bootstrap-prod');
    expect(json.provider.aws[0].assume_role).toEqual([{ role_arn: 'arn:aws:iam::444444444444:role/OrganizationAccountAccessRole', session_name: '${var.deployment_session_name}' }]);
    expect(json.provider.aws[0].allowed_account_ids).toEqual(['444444444444']);
    expect(json.terraform.backend).toEqual({ local: { path: 'terraform.bootstrap-prod.tfstate' } });
    expect(json.terraform.cloud).toBeUndefined();
  });

  test('each account gets one app.terraform.io provider, made by its first stack\'s bootstrap', () => {
    const providers = readdirSync(join(OUT, 'stacks')).filter((s) => s.startsWith('bootstrap-')).flatMap((s) => Object.values((stackJson(OUT, s).resource.aws_iam_openid_connect_provider ?? {}) as Record<string, Json>).map((p) => ({ s, url: p.url, audiences: p.client_id_list })));
    expect(providers.map((p) => p.s).sort()).toEqual(['bootstrap-dev', 'bootstrap-identity', 'bootstrap-organization', 'bootstrap-prod', 'bootstrap-tooling']);
    expect(new Set(providers.map((p) => `${p.url} ${p.audiences}`))).toEqual(new Set(['https://app.terraform.io aws.workload.identity']));
  });

  test('a stack whose apply role would need more inline policy than IAM allows stops the synth with the fix', () => {
    const roles = Array.from({ length: 200 }, (_, i) => `  Role${String(i).padStart(3, '0')}WithAFairlyLongNameForItsPurpose:\n    accounts: [dev]\n    managedPolicies: [ReadOnlyAccess]`).join('\n');
    const text = `organization: acme\nregion: eu-west-1\nidentity:\n  accountId: "111111111111"\ndeployment:\n  backend: { type: cloud, organization: acme-platform, project: iam }\n  hcpTerraform: {}\naccounts:\n  dev: { accountId: "222222222222" }\nroles:\n${roles}\n`;
    expect(() => buildFromText(text)).toThrow(/^bootstrap-dev: the apply role of stack dev would need \d+ characters of inline policy, over the 10240 IAM allows a role: its stack has 200 roles and other resources it names one by one\. Fix: /);
  });

  test('every resource type any stack of any org synthesizes has its deployer permissions', () => {
    const types = new Set<string>();
    for (const out of [OUT, synthOrgFile(EXAMPLE_ORG), synthOrgFile(join(FIXTURES, 'every-assumer.yaml')), synthOrgFile(join(FIXTURES, 'full-feature.yaml'))]) {
      for (const stack of readdirSync(join(out, 'stacks'))) for (const type of Object.keys(stackJson(out, stack).resource ?? {})) if (type.startsWith('aws_')) types.add(type);
    }
    expect([...types].filter((t) => !(t in DEPLOYER_ACCESS))).toEqual([]);
  });
});

describe('the review of a change to HCP Terraform mode', () => {
  test('a workspace token trusted from another HCP Terraform organization is a loosening of every deployer role, named in the diff', () => {
    const dir = tempDir('cai-hcp-diff-');
    writeFileSync(join(dir, 'org.yaml'), readFileSync(HCP_ORG, 'utf8').replace('organization: acme-platform', 'organization: other-org'));
    const before = readSynthesizedOrg(OUT);
    const after = readSynthesizedOrg(synthOrgFile(join(dir, 'org.yaml')));
    const diff = diffAccess({ synth: before, access: analyzeAccess(before) }, { synth: after, access: analyzeAccess(after) });
    const trustChanges = diff.changes.filter((c) => c.subject.startsWith('OIDC app.terraform.io -> tfc-'));
    expect(trustChanges).toHaveLength(10);
    expect(trustChanges.every((c) => c.loosens && c.kind === 'principal-changed')).toBe(true);
    expect(trustChanges.find((c) => c.subject === 'OIDC app.terraform.io -> tfc-apply-prod @ bootstrap-prod')!.details).toEqual([
      'sub organization:acme-platform:project:cross-account-iam:workspace:iam-prod:run_phase:apply -> sub organization:other-org:project:cross-account-iam:workspace:iam-prod:run_phase:apply',
    ]);
  });
});

describe('the workspaces stack', () => {
  const json = stackJson(OUT, 'workspaces');

  test('makes the project and one workspace per stack, safe-deleted, run remotely, tagged', () => {
    expect(json.terraform.cloud).toEqual({ hostname: 'app.terraform.io', organization: 'acme-platform', workspaces: { name: 'iam-workspaces' } });
    expect(json.terraform.required_providers.tfe).toEqual({ source: 'hashicorp/tfe', version: '>= 0.71.0, < 1.0.0' });
    expect(json.resource.tfe_project.project).toMatchObject({ name: 'cross-account-iam', organization: 'acme-platform' });
    const workspaces = json.resource.tfe_workspace as Record<string, Json>;
    expect(Object.values(workspaces).map((w) => w.name).sort()).toEqual(['iam-dev', 'iam-identity', 'iam-organization', 'iam-prod', 'iam-tooling']);
    for (const [id, w] of Object.entries(workspaces)) {
      expect(w).toMatchObject({ organization: 'acme-platform', project_id: '${tfe_project.project.id}', force_delete: false });
      expect(w.tags).toMatchObject({ 'managed-by': 'cross-account-iam', team: 'platform', stack: w.name.replace('iam-', '') });
      expect(json.resource.tfe_workspace_settings[`${id}_settings`]).toMatchObject({ workspace_id: `\${tfe_workspace.${id}.id}`, execution_mode: 'remote' });
    }
  });

  test('gives each workspace exactly its own plan and apply roles, as the bootstraps make them', () => {
    const variables = Object.values(json.resource.tfe_variable as Record<string, Json>);
    for (const stack of Object.keys(STACKS)) {
      const mine = variables.filter((v) => v.workspace_id === `\${tfe_workspace.workspace_${stack}.id}`).map((v) => [v.key, v.value, v.category]);
      expect(mine.sort()).toEqual(
        [
          ['TFC_AWS_APPLY_ROLE_ARN', deployer(stack, 'apply').arn, 'env'],
          ['TFC_AWS_PLAN_ROLE_ARN', deployer(stack, 'plan').arn, 'env'],
          ['TFC_AWS_PROVIDER_AUTH', 'true', 'env'],
        ].sort(),
      );
      const outputs = stackJson(OUT, `bootstrap-${stack}`).output;
      expect([outputs.plan_role_arn.value, outputs.apply_role_arn.value]).toEqual([deployer(stack, 'plan').arn, deployer(stack, 'apply').arn]);
    }
  });

  test('says the run order: members by their trusts, then identity, then organization', () => {
    expect(json.output.run_waves.value).toEqual([['iam-workspaces'], ['iam-tooling'], ['iam-dev', 'iam-prod'], ['iam-identity'], ['iam-organization']]);
    // The workspaces' wave tags count the same way as hcp-runs.
    expect(Object.values(json.resource.tfe_workspace as Record<string, Json>).map((w) => [w.name, w.tags.wave]).sort()).toEqual([
      ['iam-dev', '3'],
      ['iam-identity', '4'],
      ['iam-organization', '5'],
      ['iam-prod', '3'],
      ['iam-tooling', '2'],
    ]);
  });

  test('an org file without the mode makes none of these stacks', () => {
    expect(readdirSync(join(synthOrgFile(EXAMPLE_ORG), 'stacks')).sort()).toEqual(['dev', 'identity', 'prod', 'staging', 'tooling']);
    expect(loadOrgFile(EXAMPLE_ORG).deployment.hcpTerraform).toBeUndefined();
  });
});
