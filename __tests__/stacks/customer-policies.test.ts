/**
 * Customer managed policies (`policies:`) and deny lists (`roles.R.deny`): the exact resources and
 * JSON in the stacks that need them and nowhere else, the exact errors with their lines, and the
 * simulator's verdict that a denied group's member cannot assume the role.
 */
import { Testing } from 'cdktf';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOrg } from '../../org/load';
import { readSynthesizedOrg } from '../../review/artifact';
import { analyzeAccess } from '../../review/access';
import { diffAccess } from '../../review/diff';
import { renderReportMarkdown } from '../../review/report';
import { validateStack, writeOfflineCliConfig } from '../../stacks/terraform';
import { AccountStack } from '../../stacks/account-stack';
import { IdentityStack } from '../../stacks/identity-stack';
import { refusedProblems } from '../helpers/refuse';
import { ALLOW_ALL_ASSUME, isAllowed, userCaller } from '../helpers/simulator';
import { buildFromText, EXAMPLE_ORG, FIXTURES, synthOrgFile, tempDir } from '../helpers/synth';

const ORG = `organization: acme
region: us-east-1
identity:
  accountId: "111111111111"
accounts:
  dev: { accountId: "222222222222" }
  prod: { accountId: "444444444444" }
policies:
  ReadLogs:
    description: Read the application logs
    path: /app/
    document:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: [logs:GetLogEvents, logs:FilterLogEvents]
          Resource: "arn:aws:logs:*:*:log-group:/app/\${aws:username}:*"
  AdminBoundary:
    document:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: "*"
          Resource: "*"
        - Effect: Deny
          Action: iam:CreateUser
          Resource: "*"
  Unused:
    document:
      Version: "2012-10-17"
      Statement: { Effect: Allow, Action: s3:ListAllMyBuckets, Resource: "*" }
roles:
  Reader:
    accounts: [dev]
    managedPolicies: [ReadOnlyAccess, ReadLogs]
  Admin:
    accounts: [prod]
    managedPolicies: [AdministratorAccess]
    permissionsBoundary: AdminBoundary
    deny: [contractors]
groups:
  developers:
    assume:
      Reader: [dev]
      Admin: [prod]
  contractors:
    assume:
      Reader: [dev]
`;

type Json = { resource: Record<string, Record<string, Record<string, unknown>>> };
const stacksOf = (text: string) => {
  const built = buildFromText(text);
  const json = (stack: AccountStack | IdentityStack): Json => JSON.parse(Testing.synth(stack));
  return { ...built, json, account: (key: string) => json(built.accounts.find((a) => a.account.key === key)!) };
};

describe('customer managed policies', () => {
  const { account, json, identity } = stacksOf(ORG);

  test('a policy is created, as literal JSON, only in the stacks whose roles use it; an unused one nowhere', () => {
    expect(account('dev').resource.aws_iam_policy).toEqual({
      policy_ReadLogs: {
        name: 'ReadLogs',
        path: '/app/',
        description: 'Read the application logs',
        policy:
          '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:GetLogEvents","logs:FilterLogEvents"],"Resource":"arn:aws:logs:*:*:log-group:/app/$${aws:username}:*"}]}',
      },
    });
    expect(account('prod').resource.aws_iam_policy).toEqual({
      policy_AdminBoundary: {
        name: 'AdminBoundary',
        path: '/',
        policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:CreateUser","Resource":"*"}]}',
      },
    });
    // The identity stack holds only the groups' own assume-role policies.
    expect(Object.values(json(identity!).resource.aws_iam_policy).map((p) => p.name).sort()).toEqual(['contractors-assume-roles', 'developers-assume-roles']);
  });

  test('attached by reference next to AWS managed policies; the boundary by its literal ARN, after the policy exists', () => {
    expect(account('dev').resource.aws_iam_role_policy_attachments_exclusive.role_Reader_attachments.policy_arns).toEqual([
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
      '${aws_iam_policy.policy_ReadLogs.arn}',
    ]);
    const admin = account('prod').resource.aws_iam_role.role_Admin;
    expect(admin.permissions_boundary).toBe('arn:aws:iam::444444444444:policy/AdminBoundary');
    expect(admin.depends_on).toEqual(['aws_iam_policy.policy_AdminBoundary']);
    // Created after its customer policies, so destroyed before them: deleting the role detaches them first.
    expect(account('dev').resource.aws_iam_role.role_Reader.depends_on).toEqual(['aws_iam_policy.policy_ReadLogs']);
  });

  test('review reads the attachment back as the policy ARN in its account', () => {
    const out = synthOrgFile(writeOrg(ORG));
    try {
      const reader = readSynthesizedOrg(out).accounts.find((a) => a.stack === 'dev')!.roles.find((r) => r.name === 'Reader')!;
      expect(reader.managedPolicyArns).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::222222222222:policy/app/ReadLogs']);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('the access diff reports a changed policy document as a loosening change of the roles attaching it', () => {
    const outs = [ORG, ORG.replace('logs:FilterLogEvents]', 'logs:FilterLogEvents, logs:DeleteLogGroup]')].map((text) => synthOrgFile(writeOrg(text)));
    try {
      const [base, head] = outs.map((out) => {
        const synth = readSynthesizedOrg(out);
        return { synth, access: analyzeAccess(synth) };
      });
      expect(diffAccess(base, head).changes).toEqual([
        { kind: 'permissions-changed', loosens: true, subject: 'Reader @ dev', details: ['policy arn:aws:iam::222222222222:policy/app/ReadLogs changed'] },
      ]);
      expect(diffAccess(base, base).changes).toEqual([]);
    } finally {
      for (const out of outs) rmSync(out, { recursive: true, force: true });
    }
  });

  test('an org without policies or deny renders no customer policy and no deny statement (the example org and fixtures)', () => {
    for (const file of [EXAMPLE_ORG, join(FIXTURES, 'automation.yaml'), join(FIXTURES, 'guarded.yaml'), join(FIXTURES, 'full-feature.yaml')]) {
      const built = stacksOf(readFileSync(file, 'utf8'));
      for (const stack of built.accounts) {
        const resources = built.json(stack).resource;
        expect(Object.keys(resources.aws_iam_policy ?? {})).toEqual([]);
        for (const role of Object.values(resources.aws_iam_role)) expect(role.depends_on).toBeUndefined();
      }
      for (const policy of Object.values(built.json(built.identity!).resource.aws_iam_policy ?? {})) expect(String(policy.policy)).not.toContain('"Sid":"DenyAssumeRole"');
    }
  });
});

/** Writes org text to a temporary file (removed by the caller with its folder). */
let written: string[] = [];
function writeOrg(text: string): string {
  const dir = tempDir('cai-pol-');
  written.push(dir);
  const file = join(dir, 'org.yaml');
  writeFileSync(file, text);
  return file;
}
afterAll(() => {
  for (const dir of written) rmSync(dir, { recursive: true, force: true });
  written = [];
});

describe('customer policy mistakes are refused with line and fix', () => {
  test('an unknown name is neither an AWS managed policy nor a policy of the file, with the nearest of either', async () => {
    expect(await refusedProblems(ORG.replace('[ReadOnlyAccess, ReadLogs]', '[ReadOnlyAccess, ReadLog, NoSuchPolicy]'))).toEqual([
      '35:39 roles.Reader.managedPolicies[1]: "ReadLog" is neither an AWS managed policy nor defined under policies. Did you mean "ReadLogs" (defined under policies)? Fix: use an AWS managed policy\'s name with its path as AWS lists it (e.g. job-function/ViewOnlyAccess), define "ReadLog" under policies, or use a customer policy ARN arn:aws:iam::<account>:policy/<name>.',
      '35:48 roles.Reader.managedPolicies[2]: "NoSuchPolicy" is neither an AWS managed policy nor defined under policies. Fix: use an AWS managed policy\'s name with its path as AWS lists it (e.g. job-function/ViewOnlyAccess), define "NoSuchPolicy" under policies, or use a customer policy ARN arn:aws:iam::<account>:policy/<name>.',
    ]);
  });

  test('a policy over 6,144 characters (white space not counted)', async () => {
    const actions = Array.from({ length: 330 }, (_, i) => `s3:GetObject${i % 2 ? 'Acl' : 'Tagging'}`);
    const big = ORG.replace('Action: [logs:GetLogEvents, logs:FilterLogEvents]', `Action: [${actions.join(', ')}]`);
    const size = JSON.stringify(parseOrgDocument(big)).replace(/\s/g, '').length;
    expect(size).toBeGreaterThan(6144);
    expect(await refusedProblems(big)).toEqual([
      `13:7 policies.ReadLogs.document: the policy is ${size.toLocaleString('en-US')} characters (white space not counted); IAM allows 6,144 for a managed policy. Fix: split its statements into two policies under policies and attach both, or shorten it (e.g. wildcards in actions and resources).`,
    ]);
  });

  test('the document gets the checks of inline policies: actions, condition keys, characters', async () => {
    const bad = ORG.replace('Action: iam:CreateUser', 'Action: iam:CreateUsr\n          Condition: { StringEquals: { aws:SourceIpp: x } }').replace('Read the application logs', 'Read the logs ✓');
    expect(await refusedProblems(bad)).toEqual([
      '10:18 policies.ReadLogs.description: may only use ASCII and Latin-1 characters (IAM refuses others in a policy description). Fix: rewrite it without them',
      '26:19 policies.AdminBoundary.document.Statement[1].Action: "iam:CreateUsr" is not an action of iam. Did you mean "iam:CreateUser"? Fix: use an action iam has (see the Service Authorization Reference).',
      '27:40 policies.AdminBoundary.document.Statement[1].Condition.StringEquals.aws:SourceIpp: "aws:SourceIpp" is not a global condition key AWS defines. Did you mean "aws:SourceIp"? Fix: use a key from the IAM global condition context keys reference, e.g. aws:SourceIp.',
    ]);
  });

  test('a name AWS uses for a managed policy is ambiguous; names are case-insensitive; IAM name characters', async () => {
    const bad = ORG.replace('  Unused:\n', '  ReadOnlyAccess:\n    document: { Version: "2012-10-17", Statement: { Effect: Allow, Action: "s3:ListAllMyBuckets", Resource: "*" } }\n  readlogs:\n    document: { Version: "2012-10-17", Statement: { Effect: Allow, Action: "s3:ListAllMyBuckets", Resource: "*" } }\n  "bad name":\n');
    expect(await refusedProblems(bad)).toEqual([
      '28:3 policies.ReadOnlyAccess: "ReadOnlyAccess" is also the name of an AWS managed policy, so managedPolicies and permissionsBoundary could not tell which one is meant. Fix: rename this policy, e.g. ReadOnlyAccess-custom.',
      '30:3 policies.readlogs: IAM policy names are case-insensitive: "readlogs" and "ReadLogs" are the same policy. Fix: rename one.',
      '32:3 policies.bad name: key may only use letters, digits and +=,.@_- (IAM refuses other characters here)',
    ]);
  });

  test("where the identity account is also a member account, a policy may not take a group's assume-role policy name", async () => {
    const text = ORG.replace('  prod: { accountId: "444444444444" }\n', '  prod: { accountId: "444444444444" }\n  hub: { accountId: "111111111111" }\n').replace('  Unused:\n', '  Developers-assume-roles-2:\n');
    expect(await refusedProblems(text)).toEqual([
      "29:3 policies.Developers-assume-roles-2: \"Developers-assume-roles-2\" is the name of the assume-role policy of group developers, and the identity account 111111111111 is also a member account here, where IAM policy names must be unique. Fix: rename this policy.",
    ]);
    expect(parseOrg(ORG.replace('  Unused:\n', '  Developers-assume-roles-2:\n'), 'org.yaml').policies.map((p) => p.name)).toContain('Developers-assume-roles-2');
  });

  test('customer policies count against the managed policies per role quota', async () => {
    const many = Array.from({ length: 10 }, (_, i) => `  P${i}:\n    document: { Version: "2012-10-17", Statement: { Effect: Allow, Action: "s3:ListAllMyBuckets", Resource: "*" } }\n`).join('');
    const text = ORG.replace('  Unused:\n', `${many}  Unused:\n`).replace('[ReadOnlyAccess, ReadLogs]', `[ReadOnlyAccess, ${Array.from({ length: 10 }, (_, i) => `P${i}`).join(', ')}]`);
    expect(await refusedProblems(text)).toEqual([
      '55:22 roles.Reader.managedPolicies: attaches 11 managed policies; the quota is 10 per role. Fix: combine policies, or have AWS raise the quota (up to 20) and set quotas.managedPoliciesPerRole.',
    ]);
  });
});

function parseOrgDocument(text: string): unknown {
  const yaml = require('yaml') as typeof import('yaml');
  return (yaml.parse(text) as { policies: { ReadLogs: { document: unknown } } }).policies.ReadLogs.document;
}

describe('deny lists', () => {
  const { json, identity } = stacksOf(ORG);

  test('the denied group gets an explicit Deny of sts:AssumeRole on the role in any account, beside its grants', () => {
    const policies = Object.values(json(identity!).resource.aws_iam_policy);
    const contractors = policies.find((p) => p.name === 'contractors-assume-roles')!;
    expect(JSON.parse(String(contractors.policy))).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AssumeRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::222222222222:role/Reader' },
        { Sid: 'DenyAssumeRole', Effect: 'Deny', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/Admin' },
        { Sid: 'DenyAssumeRoleWithoutMfa', Effect: 'Deny', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/Reader', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
      ],
    });
    const developers = policies.find((p) => p.name === 'developers-assume-roles')!;
    expect(String(developers.policy)).not.toContain('"Sid":"DenyAssumeRole"');
  });

  test('a group with no grant but a denial still gets its policy', () => {
    const text = ORG.replace('  contractors:\n    assume:\n      Reader: [dev]\n', '  contractors: {}\n');
    const { json: j, identity: id } = stacksOf(text);
    const contractors = Object.values(j(id!).resource.aws_iam_policy).find((p) => p.name === 'contractors-assume-roles')!;
    expect(contractors.policy).toBe('{"Version":"2012-10-17","Statement":[{"Sid":"DenyAssumeRole","Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/Admin"}]}');
  });

  test('a group that is granted the role it is denied is a contradiction', async () => {
    expect(await refusedProblems(ORG.replace('  contractors:\n    assume:\n      Reader: [dev]\n', '  contractors:\n    assume:\n      Reader: [dev]\n      Admin: [prod]\n'))).toEqual([
      '49:7 groups.contractors.assume.Admin: grants role "Admin", but roles.Admin.deny lists group "contractors": the file both grants and denies it. Fix: remove Admin from groups.contractors.assume, or remove contractors from roles.Admin.deny.',
    ]);
  });

  test('an unknown group in deny, with the near miss; an empty list', async () => {
    expect(await refusedProblems(ORG.replace('deny: [contractors]', 'deny: [contractor]'))).toEqual([
      '40:12 roles.Admin.deny[0]: "contractor" is not a group, SAML role or permission set of this file (groups, samlRoles, permissionSets). Did you mean "contractors"? Fix: use one of: developers, contractors, or remove it from deny.',
    ]);
    expect(await refusedProblems(ORG.replace('deny: [contractors]', 'deny: []'))).toEqual(['40:11 roles.Admin.deny: names no group: list group, SAML role or permission set names, or remove deny']);
  });

  test('the model and the access report name the denied groups', () => {
    const model = parseOrg(ORG, 'org.yaml');
    expect(model.roles.find((r) => r.name === 'Admin')!.deniedGroups).toEqual(['contractors']);
    expect(model.groups.map((g) => [g.name, g.deniedRoles])).toEqual([['developers', []], ['contractors', ['Admin']]]);
    const out = synthOrgFile(writeOrg(ORG));
    try {
      const synth = readSynthesizedOrg(out);
      const access = analyzeAccess(synth);
      expect(access.denials).toEqual([{ group: 'contractors', kind: 'iam-group', description: 'IAM group contractors', account: 'prod', role: 'Admin', roleArn: 'arn:aws:iam::444444444444:role/Admin' }]);
      expect(access.grants.filter((g) => g.role === 'Admin').map((g) => g.group)).toEqual(['developers']);
      expect(renderReportMarkdown(synth, access)).toContain('- Never assumable by (deny): group `contractors`\n');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('simulator: a member of a denied group cannot assume the role, even when another group or policy of theirs allows it', async () => {
    const out = synthOrgFile(writeOrg(ORG));
    try {
      const synth = readSynthesizedOrg(out);
      const policies = (group: string) => synth.identity!.groups.find((g) => g.name === group)!.policies.map((p) => p.document);
      const admin = synth.accounts.find((a) => a.stack === 'prod')!.roles.find((r) => r.name === 'Admin')!;
      const ask = (identityPolicies: Parameters<typeof isAllowed>[0]['identityPolicies']) =>
        isAllowed({
          caller: userCaller('111111111111', 'alice'),
          roleArn: admin.arn,
          identityPolicies,
          trustPolicy: admin.trustPolicy,
          context: { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '30' },
        });
      expect(await ask(policies('developers'))).toBe(true);
      expect(await ask([...policies('developers'), ...policies('contractors')])).toBe(false);
      expect(await ask([ALLOW_ALL_ASSUME, ...policies('contractors')])).toBe(false);
      expect(await ask([ALLOW_ALL_ASSUME])).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('terraform validate', () => {
  test('the stacks with a customer policy, its attachment and a boundary are valid for the AWS provider', async () => {
    const out = synthOrgFile(writeOrg(ORG));
    const cli = tempDir('cai-tf-');
    try {
      const cliConfig = writeOfflineCliConfig(cli);
      const results = await Promise.all(['dev', 'prod', 'identity'].map(async (stack) => ({ stack, ...(await validateStack(join(out, 'stacks', stack), cliConfig)) })));
      expect(results.map((r) => [r.stack, r.valid, r.output])).toEqual([['dev', true, ''], ['prod', true, ''], ['identity', true, '']]);
    } finally {
      rmSync(out, { recursive: true, force: true });
      rmSync(cli, { recursive: true, force: true });
    }
  }, 120_000);
});
