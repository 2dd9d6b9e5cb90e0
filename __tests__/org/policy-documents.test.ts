/**
 * What IAM refuses at apply in the policy documents of the org file (inline policies and
 * policies.<name>.document) is refused at synth: Resource and NotResource values that are not "*"
 * or an ARN IAM takes, a Sid used twice, Date values IAM cannot read. Each with its exact message,
 * line and column, and proof that nothing was written. And what IAM takes still loads.
 */
import { parseOrg } from '../../org/load';
import { refusedProblems } from '../helpers/refuse';
import { BASE, inline } from '../helpers/base-org';

const S = 'roles.Admin.inlinePolicies.p.Statement[0]';
/** One statement on Admin whose Resource list holds `resources`, one a line from line 18. */
const withResources = (resources: string[], element = 'Resource') =>
  inline(`          - Effect: Allow\n            Action: s3:GetObject\n            ${element}:\n${resources.map((r) => `              - ${JSON.stringify(r)}\n`).join('')}`);
/** The problems of `resources` (one a line, from line 18), as `index: message`. */
const resourceProblems = async (resources: string[]) =>
  (await refusedProblems(withResources(resources))).map((p) => {
    const m = /^(\d+):17 roles\.Admin\.inlinePolicies\.p\.Statement\[0\]\.Resource\[(\d+)\]: (.*)$/.exec(p);
    if (!m || Number(m[1]) !== Number(m[2]) + 18) throw new Error(`unexpected problem: ${p}`);
    return `${m[2]}: ${m[3]}`;
  });

describe('Resource and NotResource are "*" or an ARN IAM takes', () => {
  test('the issue: an S3 URL in an inline policy, refused at synth with its line and the ARN to write', async () => {
    expect(await refusedProblems(inline('          - Effect: Allow\n            Action: s3:GetObject\n            Resource: s3://bucket/prefix/*\n'))).toEqual([
      `17:23 ${S}.Resource: "s3://bucket/prefix/*" is not an ARN: IAM takes only "*" or an ARN here, and refuses the policy at apply ("must be in ARN format or *"). Fix: write the ARN, e.g. arn:aws:s3:::bucket/prefix/*.`,
    ]);
  });

  test('a customer policy document and NotResource are checked the same way', async () => {
    const policies = 'policies:\n  Reader:\n    document:\n      Version: "2012-10-17"\n      Statement:\n        - Effect: Deny\n          Action: s3:DeleteObject\n          NotResource: [arn:aws:s3:::logs/*, logs-bucket]\n';
    expect(await refusedProblems(BASE.replace('roles:\n', `${policies}roles:\n`))).toEqual([
      '15:46 policies.Reader.document.Statement[0].NotResource[1]: "logs-bucket" is not an ARN: IAM takes only "*" or an ARN here, and refuses the policy at apply ("must be in ARN format or *"). Fix: write the ARN, e.g. arn:aws:s3:::my-bucket/*.',
    ]);
  });

  test('not an ARN: empty, a bare name, a capitalized prefix', async () => {
    expect(await resourceProblems(['', 'my-bucket', 'ARN:aws:s3:::reports/*'])).toEqual([
      '0: "" is not an ARN: IAM takes only "*" or an ARN here, and refuses the policy at apply ("must be in ARN format or *"). Fix: write the ARN, e.g. arn:aws:s3:::my-bucket/*.',
      '1: "my-bucket" is not an ARN: IAM takes only "*" or an ARN here, and refuses the policy at apply ("must be in ARN format or *"). Fix: write the ARN, e.g. arn:aws:s3:::my-bucket/*.',
      '2: "ARN:aws:s3:::reports/*" is not an ARN: IAM takes only "*" or an ARN here, and refuses the policy at apply ("must be in ARN format or *"). Fix: write the ARN, e.g. arn:aws:s3:::reports/*.',
    ]);
  });

  test('fewer than six fields, and an empty resource part', async () => {
    expect(await resourceProblems(['arn:aws:s3:reports/*', 'arn:aws:sqs:jobs', 'arn:aws:s3:::'])).toEqual([
      '0: "arn:aws:s3:reports/*" has 4 of the 6 fields of an ARN (arn:partition:service:region:account:resource), so it names no resource. Fix: write all six, leaving the region or account empty where the service has none, e.g. arn:aws:s3:::reports/*.',
      '1: "arn:aws:sqs:jobs" has 4 of the 6 fields of an ARN (arn:partition:service:region:account:resource), so it names no resource. Fix: write all six, leaving the region or account empty where the service has none, e.g. arn:aws:s3:::my-bucket/* or arn:aws:sqs:us-east-1:111111111111:my-queue.',
      '2: "arn:aws:s3:::" names no resource: the part after its fifth ":" is empty. Fix: name the resource, e.g. arn:aws:s3:::my-bucket/*.',
    ]);
  });

  test('partitions: another partition than the one the roles live in, one AWS does not have, a variable', async () => {
    expect(await resourceProblems(['arn:aws-cn:s3:::reports/*', 'arn:aws-us-gov:iam::111111111111:role/Admin', 'arn:amazon:s3:::reports', 'arn:${aws:Partition}:s3:::reports'])).toEqual([
      '0: "arn:aws-cn:s3:::reports/*" is an ARN of the aws-cn partition, but the roles of this app live in accounts of the aws partition, whose IAM takes only aws ARNs: IAM refuses the policy at apply (\'Partition "aws-cn" is not valid for resource\'). Fix: write the aws partition, e.g. arn:aws:s3:::reports/*.',
      '1: "arn:aws-us-gov:iam::111111111111:role/Admin" is an ARN of the aws-us-gov partition, but the roles of this app live in accounts of the aws partition, whose IAM takes only aws ARNs: IAM refuses the policy at apply (\'Partition "aws-us-gov" is not valid for resource\'). Fix: write the aws partition, e.g. arn:aws:iam::111111111111:role/Admin.',
      '2: "arn:amazon:s3:::reports": "amazon" is not an AWS partition (aws, aws-cn, aws-iso-e, aws-eusc, aws-us-gov, aws-iso, aws-iso-b, aws-iso-f), and IAM refuses the policy at apply (\'Partition "amazon" is not valid for resource\'). Fix: write the aws partition, e.g. arn:aws:s3:::reports.',
      '3: "arn:${aws:Partition}:s3:::reports": "${aws:Partition}" is not an AWS partition (aws, aws-cn, aws-iso-e, aws-eusc, aws-us-gov, aws-iso, aws-iso-b, aws-iso-f), and IAM refuses the policy at apply (\'Partition "${aws:Partition}" is not valid for resource\'). Fix: write the aws partition, e.g. arn:aws:s3:::reports.',
    ]);
  });

  test('services: a wildcard, capitals, a prefix no service has', async () => {
    expect(await resourceProblems(['arn:aws:*:us-east-1:111111111111:*', 'arn:aws:S3:::reports', 'arn:aws:dynamodbb:us-east-1:111111111111:table/Orders'])).toEqual([
      '0: "arn:aws:*:us-east-1:111111111111:*" has a wildcard or variable in its service ("*"): IAM takes none there and refuses the policy at apply ("Resource vendor must be fully qualified and cannot contain regexes"). Fix: name the service, e.g. arn:aws:s3:us-east-1:111111111111:*, or use "*" for every resource.',
      '1: "arn:aws:S3:::reports" writes its service in capitals: ARNs name it in lowercase, and IAM compares them as written, so it names no resource. Fix: write arn:aws:s3:::reports.',
      '2: "arn:aws:dynamodbb:us-east-1:111111111111:table/Orders": no AWS service has the prefix "dynamodbb", so it names no resource. Did you mean "dynamodb"? Fix: use the service prefix of the resource\'s ARN, as the Service Authorization Reference lists it, e.g. arn:aws:dynamodb:us-east-1:111111111111:table/Orders.',
    ]);
  });

  test('regions: one AWS does not have, and one where IAM takes none (IAM, S3 buckets and objects)', async () => {
    expect(await resourceProblems(['arn:aws:sqs:us-east-7:111111111111:jobs', 'arn:aws:iam:us-east-1:111111111111:role/Admin', 'arn:aws:s3:eu-west-1:111111111111:reports/*'])).toEqual([
      '0: "arn:aws:sqs:us-east-7:111111111111:jobs": "us-east-7" is not an AWS region, so it names no resource. Did you mean "us-east-1"? Fix: use a region AWS has, e.g. arn:aws:sqs:us-east-1:111111111111:jobs, or "*" for every region.',
      '1: "arn:aws:iam:us-east-1:111111111111:role/Admin" names a region, but IAM resources are global, and IAM refuses the policy at apply ("cannot contain region information"). Fix: leave the region empty: arn:aws:iam::111111111111:role/Admin.',
      '2: "arn:aws:s3:eu-west-1:111111111111:reports/*" names a region, but S3 buckets and objects have none in their ARN, and IAM refuses the policy at apply ("cannot contain region information"). Fix: leave the region empty: arn:aws:s3:::reports/*.',
    ]);
  });

  test('accounts: not 12 digits', async () => {
    expect(await resourceProblems(['arn:aws:sns:us-east-1:22222222222:alerts', 'arn:aws:iam::prod:role/Admin'])).toEqual([
      '0: "arn:aws:sns:us-east-1:22222222222:alerts": "22222222222" is not an account id (12 digits), so it names no resource. Fix: write the 12-digit account id, e.g. arn:aws:sns:us-east-1:111111111111:alerts, or "*" for any account.',
      '1: "arn:aws:iam::prod:role/Admin": "prod" is not an account id (12 digits), so it names no resource. Fix: write the 12-digit account id, e.g. arn:aws:iam::111111111111:role/Admin, or "*" for any account.',
    ]);
  });

  test('IAM ARNs start with an IAM resource type after the account', async () => {
    const types = 'access-report/, assumed-role/, contextProvider/, delegation-request/, federated-user/, group/, instance-profile/, mfa/, oidc-provider/, policy/, report/, role-template/, role/, root, saml-provider/, server-certificate/, sms-mfa/, user/';
    const refusal = `after the account, IAM takes only "*" or a resource that starts with an IAM resource type (${types}), and refuses the policy at apply ('IAM resource path must either be "*" or start with ...').`;
    expect(await resourceProblems(['arn:aws:iam::111111111111:roles/Admin', 'arn:aws:iam::111111111111:*/Admin'])).toEqual([
      `0: "arn:aws:iam::111111111111:roles/Admin": ${refusal} Did you mean "role/Admin"? Fix: write the resource type first, e.g. arn:aws:iam::111111111111:role/Admin.`,
      `1: "arn:aws:iam::111111111111:*/Admin": ${refusal} Fix: write the resource type first, e.g. arn:aws:iam::111111111111:role/my-role.`,
    ]);
  });

  test('ARNs IAM takes load as written: many services, paths, wildcards, policy variables, empty and aws accounts', () => {
    const resources = [
      'arn:aws:s3:::acme-reports',
      'arn:aws:s3:::acme-reports/*',
      'arn:aws:s3:::acme-home/${aws:username}/*',
      'arn:aws:s3:us-east-1:111111111111:accesspoint/reports/object/*',
      'arn:aws:iam::111111111111:role/teams/platform/Deployer',
      'arn:aws:iam::111111111111:user/people/${aws:username}',
      'arn:aws:iam::111111111111:policy/boundaries/Boundary',
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
      'arn:aws:iam::*:role/Break*',
      'arn:aws:iam::222222222222:root',
      'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      'arn:aws:kms:eu-west-1:111111111111:alias/app-*',
      'arn:aws:dynamodb:us-east-1:111111111111:table/Orders',
      'arn:aws:dynamodb:us-east-1:111111111111:table/Orders/index/*',
      'arn:aws:sns:us-east-1:111111111111:alerts',
      'arn:aws:sqs:us-east-1:111111111111:jobs-?',
      'arn:aws:lambda:us-east-1:111111111111:function:resize:3',
      'arn:aws:ec2:us-east-1:111111111111:instance/i-0123456789abcdef0',
      'arn:aws:ec2:*:*:instance/*',
      'arn:aws:ec2:us-east-1::image/ami-*',
      'arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/resize:*',
      'arn:aws:ssm:${aws:RequestedRegion}:${aws:PrincipalAccount}:parameter/app/*',
      'arn:aws:secretsmanager:us-east-?:111111111111:secret:db-*',
      'arn:aws:cloudformation:us-east-1:aws:transform/Serverless-2016-10-31',
      'arn:aws:execute-api:us-east-1:111111111111:a1b2c3/*/GET/items',
      'arn:aws:catalog:us-east-1:111111111111:portfolio/port-abc123',
      'arn:*:s3:::acme-any-partition',
      '*',
    ];
    const model = parseOrg(withResources(resources), 'org.yaml');
    expect((model.roles[0].inlinePolicies[0].document as { Statement: { Resource: string[] }[] }).Statement[0].Resource).toEqual(resources);
    const notResources = parseOrg(withResources(['arn:aws:iam::*:role/Break*', 'arn:aws:s3:::acme-*'], 'NotResource'), 'org.yaml');
    expect((notResources.roles[0].inlinePolicies[0].document as { Statement: { NotResource: string[] }[] }).Statement[0].NotResource).toEqual(['arn:aws:iam::*:role/Break*', 'arn:aws:s3:::acme-*']);
  });
});

describe('a Sid names one statement of its document', () => {
  test('a Sid used twice is refused at the second', async () => {
    const statement = (sid: string, action: string) => `          - Sid: ${sid}\n            Effect: Allow\n            Action: ${action}\n            Resource: "*"\n`;
    expect(await refusedProblems(inline(statement('Read', 's3:GetObject') + statement('Write', 's3:PutObject') + statement('Read', 's3:ListBucket')))).toEqual([
      `23:18 roles.Admin.inlinePolicies.p.Statement[2].Sid: "Read" is also the Sid of Statement[0]: IAM takes each Sid once in a policy, and refuses it at apply ("Statement IDs (SID) in a single policy must be unique"). Fix: rename one of them, e.g. Read2.`,
    ]);
  });

  test('distinct Sids, the same Sid in two documents, and empty Sids load', () => {
    const statement = (sid: string) => `          - Sid: "${sid}"\n            Effect: Allow\n            Action: s3:GetObject\n            Resource: "*"\n`;
    const text = inline(statement('Read') + statement('read') + statement('') + statement('')).replace('    inlinePolicies:\n', `    inlinePolicies:\n      q:\n        Version: "2012-10-17"\n        Statement:\n${statement('Read')}`);
    expect(parseOrg(text, 'org.yaml').roles[0].inlinePolicies.map((p) => p.name)).toEqual(['q', 'p']);
  });
});

describe('Date conditions compare dates IAM can read', () => {
  test('a word, an impossible month and a policy variable are refused', async () => {
    const condition = '            Condition:\n              DateGreaterThan: { aws:CurrentTime: [tomorrow, "2025-13-01"] }\n              ForAnyValue:DateLessThanIfExists: { aws:TokenIssueTime: "${aws:CurrentTime}" }\n';
    expect(await refusedProblems(inline(`          - Effect: Deny\n            Action: s3:GetObject\n            Resource: "*"\n${condition}`))).toEqual([
      `19:52 ${S}.Condition.DateGreaterThan.aws:CurrentTime[0]: "tomorrow" is not a date: DateGreaterThan compares dates, written in ISO 8601 or as epoch seconds, and IAM refuses the policy at apply when a value is neither ("The policy failed legacy parsing"). Fix: write it like 2025-01-31T00:00:00Z.`,
      `19:62 ${S}.Condition.DateGreaterThan.aws:CurrentTime[1]: "2025-13-01" is not a date: DateGreaterThan compares dates, written in ISO 8601 or as epoch seconds, and IAM refuses the policy at apply when a value is neither ("The policy failed legacy parsing"). Fix: write it like 2025-01-31T00:00:00Z.`,
      `20:71 ${S}.Condition.ForAnyValue:DateLessThanIfExists.aws:TokenIssueTime: "\${aws:CurrentTime}" is not a date: ForAnyValue:DateLessThanIfExists compares dates, written in ISO 8601 or as epoch seconds, and IAM refuses the policy at apply when a value is neither ("The policy failed legacy parsing"). Fix: write it like 2025-01-31T00:00:00Z.`,
    ]);
  });

  test('ISO 8601 dates and times, with zones and fractions, and epoch seconds load', () => {
    const values = ['2025-01-31', '2025-01-31T12:00:00Z', '2025-01-31T12:00:00.123+02:00', '2025-01-31t23:59:59-05:00', '1738281600'];
    const text = inline(`          - Effect: Deny\n            Action: s3:GetObject\n            Resource: "*"\n            Condition:\n              DateLessThan: { aws:CurrentTime: ${JSON.stringify(values)} }\n              DateGreaterThan: { aws:EpochTime: 1738281600 }\n`);
    const doc = parseOrg(text, 'org.yaml').roles[0].inlinePolicies[0].document as { Statement: { Condition: Record<string, Record<string, unknown>> }[] };
    expect(doc.Statement[0].Condition.DateLessThan['aws:CurrentTime']).toEqual(values);
  });
});
