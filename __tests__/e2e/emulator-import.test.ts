/**
 * `cross-account-iam import` end to end, against the AWS API emulator (moto_server): an estate made
 * by hand the way people build one (console-default trusts, MFA in different forms and orders,
 * several groups granting one role, inline and managed group policies side by side, a role trusting
 * a whole account, a third party with an external id, GitHub Actions, names that need escaping, and
 * trusts and groups the org file cannot say), then: import (exit 0, the proof finds no difference),
 * the org file and the report as expected, synth, apply with the adoption into the same emulator
 * (imports, never a create or replace of what exists), a second plan (empty), every user-to-role
 * answer of STS the same before and after, what was left out untouched, and `import --check` of the
 * applied estate identical.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseOrg } from '../../org/load';
import { ApiCall, callApi, callApiOrFail, Emulator, EMULATOR_INSTALL_HINT, findOnPath, startEmulator } from '../../sandbox/emulator';
import { runProcess } from '../../stacks/process';
import { apply, inDependencyOrder, planAgain, prepareStacks, SandboxStack, StackPlanResult, synthesizeForEmulator, terraformErrors } from '../../sandbox/deploy';
import { writeOfflineCliConfig } from '../../stacks/terraform';
import { ROOT, tempDir } from '../helpers/synth';

const BIN = join(ROOT, 'bin', 'cross-account-iam.js');
const MINUTE = 60_000;
const IDENTITY = '111111111111';
const DEV = '222222222222';
const PROD = '333333333333';
const VENDOR = '444444444444';
const DEPLOY = 'OrganizationAccountAccessRole';
const REGION = 'us-east-1';

const withMoto = findOnPath('moto_server') || process.env.CI === 'true' ? describe : describe.skip;
if (!findOnPath('moto_server')) process.stdout.write(`emulator-import: skipped, moto_server was not found. ${EMULATOR_INSTALL_HINT}\n`);

const admin = (account: string) => ({ roleArn: `arn:aws:iam::${account}:role/${DEPLOY}` });
const doc = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const roleArn = (account: string, name: string, path = '/') => `arn:aws:iam::${account}:role${path}${name}`;
const hub = (condition?: Record<string, unknown>, principal: string = `arn:aws:iam::${IDENTITY}:root`) => ({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) });
const GITHUB = 'token.actions.githubusercontent.com';
const READ_LOGS = doc({ Effect: 'Allow', Action: ['logs:GetLogEvents', 'logs:FilterLogEvents'], Resource: '*' });

/** The estate, as calls of the deployment role of each account. */
function seedCalls(): ApiCall[] {
  const calls: ApiCall[] = [];
  for (const account of [IDENTITY, DEV, PROD]) {
    calls.push(
      { as: admin(account), service: 'iam', method: 'create_role', params: { RoleName: DEPLOY, AssumeRolePolicyDocument: doc(hub(undefined, `arn:aws:iam::${account}:root`)) } },
      { as: admin(account), service: 'iam', method: 'attach_role_policy', params: { RoleName: DEPLOY, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' } },
    );
  }
  const role = (account: string, name: string, trust: Record<string, unknown>[], extra: Record<string, unknown> = {}): ApiCall => ({ as: admin(account), service: 'iam', method: 'create_role', params: { RoleName: name, AssumeRolePolicyDocument: doc(...trust), ...extra } });
  calls.push(
    // dev: the console's default trust with MFA; a third party by account and external id (a name with a dot);
    // another account of the org as a whole; GitHub Actions; a service role; a trust with a condition the file has no key for.
    role(DEV, 'ReadOnly', [hub({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } })], { Description: 'Read-only, made by hand' }),
    { as: admin(DEV), service: 'iam', method: 'attach_role_policy', params: { RoleName: 'ReadOnly', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' } },

    role(DEV, 'ops.admin', [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${VENDOR}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'vendor-ext-1' } } }], { Tags: [{ Key: 'Team', Value: 'platform' }] }),
    { as: admin(DEV), service: 'iam', method: 'put_role_policy', params: { RoleName: 'ops.admin', PolicyName: 'read-logs', PolicyDocument: doc({ Effect: 'Allow', Action: 'logs:GetLogEvents', Resource: '*' }) } },
    role(DEV, 'FromProd', [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PROD}:root` }, Action: 'sts:AssumeRole' }]),
    { as: admin(DEV), service: 'iam', method: 'create_open_id_connect_provider', params: { Url: `https://${GITHUB}`, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1'] } },
    role(DEV, 'Deployer', [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${DEV}:oidc-provider/${GITHUB}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringLike: { [`${GITHUB}:sub`]: 'repo:acme/infra:ref:refs/heads/main' }, StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com' } },
      },
    ]),
    role(DEV, 'LambdaExec', [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
    role(DEV, 'Regional', [hub({ StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } })]),
    // prod: the same ReadOnly with MFA as a JSON boolean, a lower-case key and the hub as a bare account id; Admin with an MFA age (conditions in another order).
    role(PROD, 'ReadOnly', [{ Effect: 'Allow', Principal: { AWS: IDENTITY }, Action: ['sts:AssumeRole'], Condition: { Bool: { 'aws:multifactorauthpresent': true } } }], { Description: 'Read-only, made by hand' }),
    { as: admin(PROD), service: 'iam', method: 'attach_role_policy', params: { RoleName: 'ReadOnly', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' } },
    // The same customer managed policy, made by hand in both accounts and attached to ReadOnly in both: adopted under policies:.
    ...[DEV, PROD].flatMap((account): ApiCall[] => [
      { as: admin(account), service: 'iam', method: 'create_policy', params: { PolicyName: 'ReadLogs', Description: 'Read logs', PolicyDocument: READ_LOGS } },
      { as: admin(account), service: 'iam', method: 'attach_role_policy', params: { RoleName: 'ReadOnly', PolicyArn: `arn:aws:iam::${account}:policy/ReadLogs` } },
    ]),
    role(PROD, 'Admin', [hub({ NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } })], { MaxSessionDuration: 7200 }),
    { as: admin(PROD), service: 'iam', method: 'attach_role_policy', params: { RoleName: 'Admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' } },
    // Names that need escaping (Terraform addresses, YAML keys): a role with a dot and @, a group with a dot (moto matches resources as regular expressions, so no + here: see MOTO_RESOURCE_MATCHING); no MFA asked.
    role(PROD, 'billing.read@x', [hub()]),
    { as: admin(IDENTITY), service: 'iam', method: 'create_group', params: { GroupName: 'fin.ops' } },
    { as: admin(IDENTITY), service: 'iam', method: 'put_group_policy', params: { GroupName: 'fin.ops', PolicyName: 'billing', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn(PROD, 'billing.read@x') }) } },
    // identity: developers (inline) and ops (inline and an attached customer policy) both grant ReadOnly; admins and wildcard cannot be said.
    { as: admin(IDENTITY), service: 'iam', method: 'create_group', params: { GroupName: 'developers' } },
    { as: admin(IDENTITY), service: 'iam', method: 'put_group_policy', params: { GroupName: 'developers', PolicyName: 'assume', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: [roleArn(DEV, 'ReadOnly'), roleArn(PROD, 'ReadOnly')] }) } },
    { as: admin(IDENTITY), service: 'iam', method: 'create_group', params: { GroupName: 'ops', Path: '/teams/' } },
    { as: admin(IDENTITY), service: 'iam', method: 'put_group_policy', params: { GroupName: 'ops', PolicyName: 'dev-read', PolicyDocument: doc({ Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: roleArn(DEV, 'ReadOnly') }) } },
    { as: admin(IDENTITY), service: 'iam', method: 'create_policy', params: { PolicyName: 'ProdAdmin', PolicyDocument: doc({ Sid: 'Admin', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn(PROD, 'Admin') }) } },
    { as: admin(IDENTITY), service: 'iam', method: 'attach_group_policy', params: { GroupName: 'ops', PolicyArn: `arn:aws:iam::${IDENTITY}:policy/ProdAdmin` } },
    { as: admin(IDENTITY), service: 'iam', method: 'create_group', params: { GroupName: 'admins' } },
    { as: admin(IDENTITY), service: 'iam', method: 'attach_group_policy', params: { GroupName: 'admins', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' } },
    { as: admin(IDENTITY), service: 'iam', method: 'create_group', params: { GroupName: 'wildcard' } },
    { as: admin(IDENTITY), service: 'iam', method: 'put_group_policy', params: { GroupName: 'wildcard', PolicyName: 'all-roles', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/*' }) } },
  );
  return calls;
}

/**
 * The first apply, by stack: `<action> <resource type>`. Imports of the adopted roles and groups (their
 * trust rewritten in place); the exclusive resources; an adopted role's inline policy written again (the
 * same document); each adopted group's `<group>-assume-roles` policy and its attachment.
 */
const FIRST_APPLY = {
  dev: ['create aws_iam_role_policies_exclusive', 'create aws_iam_role_policy', 'create aws_iam_role_policy_attachments_exclusive', 'import aws_iam_policy', 'import aws_iam_role'],
  identity: ['create aws_iam_group_policies_exclusive', 'create aws_iam_group_policy_attachment', 'create aws_iam_group_policy_attachments_exclusive', 'create aws_iam_policy', 'import aws_iam_group'],
  prod: ['create aws_iam_role_policies_exclusive', 'create aws_iam_role_policy_attachments_exclusive', 'import aws_iam_policy', 'import aws_iam_role'],
};

const GROUPS = ['developers', 'ops', 'fin.ops', 'admins', 'wildcard'];
const ROLES = [
  [DEV, 'ReadOnly'],
  [DEV, 'ops.admin'],
  [DEV, 'FromProd'],
  [DEV, 'Deployer'],
  [DEV, 'LambdaExec'],
  [DEV, 'Regional'],
  [PROD, 'ReadOnly'],
  [PROD, 'Admin'],
  [PROD, 'billing.read@x'],
].map(([a, n]) => roleArn(a, n));

/** A user in each group calls sts:AssumeRole on every role, with moto's authorization on: the answers, as `group role: allowed|refused`. */
async function stsAnswers(endpoint: string): Promise<string[]> {
  const as = admin(IDENTITY);
  const users = GROUPS.map((g) => ({ group: g, user: `import-check-${g}` }));
  const setup = await callApiOrFail(
    endpoint,
    REGION,
    users.flatMap(({ group, user }): ApiCall[] => [
      { as, service: 'iam', method: 'create_user', params: { UserName: user } },
      { as, service: 'iam', method: 'add_user_to_group', params: { UserName: user, GroupName: group } },
      { as, service: 'iam', method: 'create_access_key', params: { UserName: user } },
    ]),
  );
  const keys = users.map((_, i) => setup[i * 3 + 2].result.AccessKey as { AccessKeyId: string; SecretAccessKey: string });
  try {
    const pairs = users.flatMap((u, i) => ROLES.map((r) => ({ group: u.group, role: r, key: keys[i] })));
    const answers = await callApi(endpoint, REGION, [
      { service: 'moto-api', method: 'reset-auth', params: { count: 0 } },
      ...pairs.map(({ role, key }): ApiCall => ({ as: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey }, service: 'sts', method: 'assume_role', params: { RoleArn: role, RoleSessionName: 'import-check' } })),
      { service: 'moto-api', method: 'reset-auth', params: { count: 'inf' } },
    ]);
    return pairs.map((p, i) => `${p.group} ${p.role}: ${answers[i + 1].ok ? 'allowed' : answers[i + 1].code}`);
  } finally {
    await callApi(endpoint, REGION, [{ service: 'moto-api', method: 'reset-auth', params: { count: 'inf' } }]);
    await callApiOrFail(
      endpoint,
      REGION,
      users.flatMap(({ group, user }, i): ApiCall[] => [
        { as, service: 'iam', method: 'remove_user_from_group', params: { UserName: user, GroupName: group } },
        { as, service: 'iam', method: 'delete_access_key', params: { UserName: user, AccessKeyId: keys[i].AccessKeyId } },
        { as, service: 'iam', method: 'delete_user', params: { UserName: user } },
      ]),
    );
  }
}

/** What import leaves out must stay as it is: these roles' trusts and these groups' policies. */
async function leftOutState(endpoint: string): Promise<unknown[]> {
  const results = await callApiOrFail(endpoint, REGION, [
    { as: admin(DEV), service: 'iam', method: 'get_role', params: { RoleName: 'LambdaExec' } },
    { as: admin(DEV), service: 'iam', method: 'get_role', params: { RoleName: 'Regional' } },
    { as: admin(IDENTITY), service: 'iam', method: 'list_attached_group_policies', params: { GroupName: 'admins' } },
    { as: admin(IDENTITY), service: 'iam', method: 'get_group_policy', params: { GroupName: 'wildcard', PolicyName: 'all-roles' } },
  ]);
  return results.map((r) => {
    const role = r.result.Role as { AssumeRolePolicyDocument?: unknown; RoleId?: string } | undefined;
    return role ? { id: role.RoleId, trust: role.AssumeRolePolicyDocument } : r.result;
  });
}

withMoto('cross-account-iam import, against the emulator', () => {
  let emulator: Emulator;
  let work: string;
  let before: string[];
  let leftOutBefore: unknown[];
  let stacks: SandboxStack[];
  let cli: string;
  const orgFile = () => join(work, 'org.yaml');

  beforeAll(async () => {
    emulator = await startEmulator();
    work = tempDir('cai-import-e2e-');
    cli = writeOfflineCliConfig(join(work, 'terraform-cli'));
    await callApiOrFail(emulator.url, REGION, seedCalls());
    before = await stsAnswers(emulator.url);
    leftOutBefore = await leftOutState(emulator.url);
  }, 2 * MINUTE);

  afterAll(async () => {
    await emulator?.stop();
  });

  test(
    'import writes the org file, the report, and proves the same access pair by pair (exit 0)',
    async () => {
      const run = await runProcess(process.execPath, [BIN, 'import', '--accounts', `dev=${DEV},prod=${PROD}`, '--identity-account', IDENTITY, '--endpoint', emulator.url, '--organization', 'acme', '--out', orgFile(), '--concurrency', '2'], { cwd: work, env: process.env });
      expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 0, stdout: expect.stringContaining('identical: the org file grants exactly the live access, pair by pair.') });
      expect(run.stderr).toContain('[3/3]');

      const file = parseYaml(readFileSync(orgFile(), 'utf8'));
      expect(file).toEqual({
        organization: 'acme',
        region: 'us-east-1',
        identity: { accountId: IDENTITY },
        accounts: { dev: { accountId: DEV }, prod: { accountId: PROD } },
        policies: { ReadLogs: { document: JSON.parse(READ_LOGS), description: 'Read logs', adopt: true } },
        roles: {
          Admin: { accounts: ['prod'], adopt: true, maxSessionDuration: 7200, managedPolicies: ['AdministratorAccess'], trust: { mfa: true, mfaMaxAgeSeconds: 3600 } },
          Deployer: { accounts: ['dev'], adopt: true },
          FromProd: { accounts: ['dev'], adopt: true, trust: { principals: [`arn:aws:iam::${PROD}:root`] } },
          'ops.admin': {
            accounts: ['dev'],
            adopt: true,
            inlinePolicies: { 'read-logs': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:GetLogEvents', Resource: '*' }] } },
            tags: { Team: 'platform' },
            trust: { principals: [`arn:aws:iam::${VENDOR}:root`], externalId: 'vendor-ext-1' },
          },
          ReadOnly: { accounts: ['dev', 'prod'], adopt: true, description: 'Read-only, made by hand', managedPolicies: ['ReadLogs', 'ReadOnlyAccess'], trust: { mfa: true } },
          'billing.read@x': { accounts: ['prod'], adopt: true, trust: { mfa: false } },
        },
        groups: {
          developers: { adopt: true, assume: { ReadOnly: ['dev', 'prod'] } },
          'fin.ops': { adopt: true, assume: { 'billing.read@x': ['prod'] } },
          ops: { path: '/teams/', adopt: true, assume: { Admin: ['prod'], ReadOnly: ['dev'] } },
        },
        githubActions: { 'acme-infra': { repository: 'acme/infra', branches: ['main'], oidcProvider: 'existing', assume: { Deployer: ['dev'] } } },
      });
      const report = readFileSync(`${orgFile()}.report.md`, 'utf8');
      for (const line of [
        `| dev (${DEV}) | role LambdaExec | its trust policy | statement 1: trusts the service lambda.amazonaws.com: the org file manages access of people and workloads between accounts, not service roles |`,
        `| dev (${DEV}) | role Regional | its trust policy | statement 1: conditions the org file has no key for: StringEquals aws:RequestedRegion "eu-west-1" |`,
        `| identity (${IDENTITY}) | group admins | the group and its grants | attached policy arn:aws:iam::aws:policy/AdministratorAccess, statement 1: Allow *: more than sts:AssumeRole on named roles; the identity stack manages a group's policies exclusively, so adopting the group would remove it |`,
        `| identity (${IDENTITY}) | group wildcard | the group and its grants | inline policy all-roles, statement 1: allows sts:AssumeRole on arn:aws:iam::*:role/*, a pattern: the org file grants named roles in named accounts, so it cannot say which roles this reaches now and later |`,
      ]) {
        expect(report).toContain(line);
      }
      for (const [key, id] of [['dev', DEV], ['prod', PROD]]) {
        expect(report).toContain(`| ${key} (${id}) | role ${DEPLOY} | the role (not read) | the deployment role the stacks and import reach the account through: never imported |`);
      }
      expect(report).toContain('## Left out (unmanaged, untouched) (6)');
      expect(report).toContain(`| prod (${PROD}) | role Admin | its trust of the identity account ${IDENTITY} |`);
    },
    3 * MINUTE,
  );

  test(
    'the org file synthesized and applied with the adoption: roles, groups and customer policies imported in place, never created or replaced',
    async () => {
      const outdir = join(work, 'cdktf.out');
      await synthesizeForEmulator(parseOrg(readFileSync(orgFile(), 'utf8'), orgFile()), outdir, emulator.url, join(work, 'state'));
      stacks = prepareStacks(outdir, join(work, 'stacks'), emulator.url);
      expect(stacks.map((s) => s.name)).toEqual(['dev', 'identity', 'prod']);
      expect(stacks.flatMap((s) => s.imports.map((i) => `${s.name} ${i.to.split('.')[0]} ${i.id}`)).sort()).toEqual(
        ['dev aws_iam_policy arn:aws:iam::222222222222:policy/ReadLogs', 'prod aws_iam_policy arn:aws:iam::333333333333:policy/ReadLogs', 'dev aws_iam_role Deployer', 'dev aws_iam_role FromProd', 'dev aws_iam_role ReadOnly', 'dev aws_iam_role ops.admin', 'identity aws_iam_group developers', 'identity aws_iam_group fin.ops', 'identity aws_iam_group ops', 'prod aws_iam_role Admin', 'prod aws_iam_role ReadOnly', 'prod aws_iam_role billing.read@x'].sort(),
      );
      const results = new Map<string, StackPlanResult>();
      const { notRun } = await inDependencyOrder(stacks, 2, async (s) => {
        const r = await apply(s, cli);
        results.set(s.name, r);
        return r;
      });
      expect(notRun).toEqual([]);
      expect(Object.fromEntries([...results].map(([n, r]) => [n, r.code === 0 ? 'applied' : terraformErrors(r)]))).toEqual({ dev: 'applied', identity: 'applied', prod: 'applied' });
      // Besides the imports: what this project always adds around an adopted role or group, and nothing else.
      const changes = Object.fromEntries([...results].map(([n, r]) => [n, [...new Set(r.changes.map((c) => `${c.importing ? 'import' : c.action} ${c.address.split('.')[0]}`))].sort()]));
      process.stdout.write(`emulator-import: first apply: ${JSON.stringify(changes)}\n`);
      expect(changes).toEqual(FIRST_APPLY);
      for (const [name, r] of results) {
        // Adopted in place: each import block's resource planned as an import (an update of the trust or tags at most), never created, replaced or deleted.
        const adopted = new Set(stacks.find((s) => s.name === name)!.imports.map((i) => i.to));
        expect({ name, bad: r.changes.filter((c) => adopted.has(c.address) && (!c.importing || ['create', 'replace', 'delete'].includes(c.action))) }).toEqual({ name, bad: [] });
        expect({ name, planned: r.changes.filter((c) => adopted.has(c.address)).length }).toEqual({ name, planned: adopted.size });
        expect({ name, imports: r.imports }).toEqual({ name, imports: stacks.find((s) => s.name === name)!.imports.length });
        expect({ name, deleted: r.changes.filter((c) => c.action === 'delete' || c.action === 'replace') }).toEqual({ name, deleted: [] });
      }
    },
    8 * MINUTE,
  );

  test(
    'a second plan is empty',
    async () => {
      const { results } = await inDependencyOrder(stacks, 2, async (s) => {
        const r = await planAgain(s, cli);
        return { ...r, code: 0 };
      });
      expect(Object.fromEntries([...results].map(([n, r]) => [n, r.exitCode === 1 ? terraformErrors(r) : [...r.changes.filter((c) => !r.emulatorOnly.some((e) => e.address === c.address)).map((c) => `${c.action} ${c.address}`), ...r.outputChanges].join(', ') || 'no changes']))).toEqual(
        Object.fromEntries(stacks.map((s) => [s.name, 'no changes'])),
      );
    },
    5 * MINUTE,
  );

  test(
    'every user-to-role answer of STS is the same as before, and what was left out is untouched',
    async () => {
      const after = await stsAnswers(emulator.url);
      expect(after).toEqual(before);
      // The answers mean something: granted pairs are allowed, others refused.
      expect(before).toContain(`developers ${roleArn(PROD, 'ReadOnly')}: allowed`);
      expect(before).toContain(`ops ${roleArn(PROD, 'Admin')}: allowed`);
      expect(before).toContain(`developers ${roleArn(PROD, 'Admin')}: AccessDenied`);
      expect(before).toContain(`fin.ops ${roleArn(PROD, 'billing.read@x')}: allowed`);
      expect(await leftOutState(emulator.url)).toEqual(leftOutBefore);
    },
    2 * MINUTE,
  );

  test(
    '--organizations lists the accounts of AWS Organizations (the identity account left out), keys from their names',
    async () => {
      const made = await callApiOrFail(emulator.url, REGION, [
        { service: 'organizations', method: 'create_organization', params: { FeatureSet: 'ALL' } },
        { service: 'organizations', method: 'create_account', params: { AccountName: 'Prod Account', Email: 'prod@example.com' } },
      ]);
      const id = made[1].result.CreateAccountStatus.AccountId as string;
      const { listOrganizationAccounts } = await import('../../import/read');
      const listed = await listOrganizationAccounts({ endpoint: emulator.url, region: REGION });
      expect(listed.orgId).toMatch(/^o-/);
      expect(listed.accounts).toContainEqual({ id, name: 'Prod Account' });
    },
    MINUTE,
  );

  test(
    'reads through throttling: every fourth call answered "Throttling: Rate exceeded" (HTTP 400, as IAM and STS do), retried with backoff, the same estate read',
    async () => {
      const { readEstate } = await import('../../import/read');
      let calls = 0;
      let throttled = 0;
      // A proxy in front of the emulator that throttles every fourth request, in the query protocol's error form.
      const proxy = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', async () => {
          if (++calls % 4 === 0) {
            throttled++;
            res.writeHead(400, { 'content-type': 'text/xml' });
            res.end('<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>x</RequestId></ErrorResponse>');
            return;
          }
          const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length').map(([k, v]) => [k, String(v)]));
          const answer = await fetch(`${emulator.url}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/xml' });
          res.end(Buffer.from(await answer.arrayBuffer()));
        });
      });
      await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
      const port = (proxy.address() as AddressInfo).port;
      try {
        const members = [{ key: 'dev', accountId: DEV, reach: { roleName: DEPLOY } }, { key: 'prod', accountId: PROD, reach: { roleName: DEPLOY } }];
        const identity = { key: 'identity', accountId: IDENTITY, reach: { roleName: DEPLOY } };
        const retries: string[] = [];
        const options = { region: REGION, retry: { baseMs: 5, capMs: 50 }, progress: (l: string) => void (l.includes('throttled') && retries.push(l)) };
        const through = await readEstate(identity, members, { ...options, endpoint: `http://127.0.0.1:${port}` });
        const direct = await readEstate(identity, members, { ...options, endpoint: emulator.url });
        expect(through.failures).toEqual([]);
        expect(through).toEqual(direct);
        expect(throttled).toBeGreaterThan(5);
        expect(retries.length).toBe(throttled);
        expect(retries[0]).toMatch(/^ {2}throttled \(Throttling: Rate exceeded\): retry 1 in \d+ ms$/);
      } finally {
        proxy.close();
      }
    },
    2 * MINUTE,
  );

  test(
    'import --check of the applied estate against the org file finds no difference',
    async () => {
      const run = await runProcess(process.execPath, [BIN, 'import', '--check', orgFile(), '--endpoint', emulator.url], { cwd: work, env: process.env });
      expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 0, stdout: expect.stringContaining('identical: the org file grants exactly the live access, pair by pair.') });
    },
    3 * MINUTE,
  );
});
