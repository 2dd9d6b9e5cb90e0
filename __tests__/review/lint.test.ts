import Ajv from 'ajv-draft-04';
import sarifSchema from '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json';
import { analyzeAccess } from '../../review/access';
import { PolicyJson, SynthesizedOrg, SynthesizedRole } from '../../review/artifact';
import { RULES } from '../../review/lint/pack';
import { LintRule } from '../../review/lint/rule';
import { lintExitCode, runLint } from '../../review/lint/run';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Finding } from '../../review/lint/rule';
import { ruleHelpUri, toSarif } from '../../review/lint/sarif';
import { orgFileLocator } from '../../review/locate';
import { ROOT, tempDir } from '../helpers/synth';

const IDENTITY = '111111111111';
const doc = (...Statement: Record<string, unknown>[]): PolicyJson => ({ Version: '2012-10-17', Statement });
const people = (conditions: Record<string, unknown> = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }) => ({
  Sid: 'IdentityAccount',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${IDENTITY}:root` },
  Action: 'sts:AssumeRole',
  Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${IDENTITY}:user/*` }, ...conditions },
});
const role = (name: string, overrides: Partial<SynthesizedRole> = {}): SynthesizedRole => ({
  name,
  path: '/',
  arn: `arn:aws:iam::222222222222:role/${name}`,
  trustPolicy: doc(people()),
  managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
  inlinePolicies: [],
  maxSessionDuration: 3600,
  tags: {},
  ...overrides,
});
/** An org with one member account `dev` holding `roles`, and a group `team` granted each of them. */
const org = (roles: SynthesizedRole[], extraAccounts = 0): SynthesizedOrg => ({
  identity: {
    accountId: IDENTITY,
    groups: [{ name: 'team', path: '/', policies: [{ name: 'team-assume-roles', document: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roles.map((r) => r.arn) }) }] }],
  },
  accounts: [
    { stack: 'dev', accountId: '222222222222', roles },
    ...Array.from({ length: extraAccounts }, (_, i) => ({ stack: `other${i}`, accountId: `33333333333${i}`, roles: [] })),
  ],
});
const findings = (rule: LintRule, synth: SynthesizedOrg) => runLint(synth, analyzeAccess(synth), [], [rule]).findings.map((f) => `${f.ruleId} ${f.message}`);
const rule = (id: string) => RULES.find((r) => r.id === id)!;

describe('lint rules: each with a compliant and a non-compliant case', () => {
  test('CAI001 administrator-like role without MFA', () => {
    expect(findings(rule('CAI001'), org([role('Admin', { managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'], trustPolicy: doc(people({})) })]))).toEqual([
      'CAI001 group team can assume administrator-like role Admin in dev without MFA',
    ]);
    expect(findings(rule('CAI001'), org([role('Admin', { managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] })]))).toEqual([]);
    expect(findings(rule('CAI001'), org([role('Reader', { trustPolicy: doc(people({})) })]))).toEqual([]);
  });

  test('CAI002 third party without external id', () => {
    const vendor = (condition: Record<string, unknown>) =>
      role('Vendor', { trustPolicy: doc({ Sid: 'ExternalPrincipals', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole', Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::999999999999:role/Scanner' }, ...condition } }) });
    expect(findings(rule('CAI002'), org([vendor({})]))).toEqual(['CAI002 arn:aws:iam::999999999999:role/Scanner is outside the org and can assume Vendor in dev without an external id']);
    expect(findings(rule('CAI002'), org([vendor({ StringEquals: { 'sts:ExternalId': 'abc' } })]))).toEqual([]);
  });

  test('CAI003 wildcard principal', () => {
    expect(findings(rule('CAI003'), org([role('Open', { trustPolicy: doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }) })]))).toEqual(['CAI003 role Open in dev trusts the principal "*"']);
    expect(findings(rule('CAI003'), org([role('Closed')]))).toEqual([]);
  });

  test('CAI004 whole account trusted with no condition', () => {
    expect(findings(rule('CAI004'), org([role('Any', { trustPolicy: doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::555555555555:root' }, Action: 'sts:AssumeRole' }) })]))).toEqual([
      'CAI004 role Any in dev trusts a whole account with no condition',
    ]);
    expect(findings(rule('CAI004'), org([role('Scoped')]))).toEqual([]);
  });

  test('CAI005 long session on a privileged role', () => {
    expect(findings(rule('CAI005'), org([role('Power', { managedPolicyArns: ['arn:aws:iam::aws:policy/PowerUserAccess'], maxSessionDuration: 43200 })]))).toEqual([
      'CAI005 privileged role Power in dev allows 12 h sessions',
    ]);
    expect(findings(rule('CAI005'), org([role('Reader', { maxSessionDuration: 43200 })]))).toEqual([]);
  });

  test('CAI006 role that can manage IAM without a permissions boundary', () => {
    const iam = { name: 'iam', document: doc({ Effect: 'Allow', Action: ['iam:CreateRole', 'iam:AttachRolePolicy'], Resource: '*' }) };
    expect(findings(rule('CAI006'), org([role('Builder', { inlinePolicies: [iam] })]))).toEqual(['CAI006 role Builder in dev can manage IAM and has no permissions boundary']);
    expect(findings(rule('CAI006'), org([role('Builder', { inlinePolicies: [iam], permissionsBoundary: 'arn:aws:iam::222222222222:policy/Boundary' })]))).toEqual([]);
  });

  test('CAI006 and CAI001 read the customer policies of the stack attached to the role, not its boundary', () => {
    const arn = 'arn:aws:iam::222222222222:policy/IamWrite';
    const iamWrite = doc({ Effect: 'Allow', Action: ['iam:CreateRole', 'iam:AttachRolePolicy'], Resource: '*' });
    expect(findings(rule('CAI006'), org([role('Builder', { managedPolicyArns: [arn], customerPolicies: { [arn]: iamWrite } })]))).toEqual(['CAI006 role Builder in dev can manage IAM and has no permissions boundary']);
    const all = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
    expect(findings(rule('CAI001'), org([role('Admin', { managedPolicyArns: [arn], customerPolicies: { [arn]: all }, trustPolicy: doc(people({})) })]))).toEqual([
      'CAI001 group team can assume administrator-like role Admin in dev without MFA',
    ]);
    // The same document as the boundary only caps the role: it grants nothing.
    expect(findings(rule('CAI001'), org([role('Admin', { permissionsBoundary: arn, customerPolicies: { [arn]: all }, trustPolicy: doc(people({})) })]))).toEqual([]);
  });

  test('CAI007 wildcard action in an inline policy', () => {
    const wild = { name: 's3', document: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) };
    expect(findings(rule('CAI007'), org([role('Data', { inlinePolicies: [wild] })]))).toEqual(['CAI007 inline policy s3 of role Data in dev allows s3:*']);
    const narrow = { name: 's3', document: doc({ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }) };
    expect(findings(rule('CAI007'), org([role('Data', { inlinePolicies: [narrow] })]))).toEqual([]);
  });

  test('CAI008 a group that reaches every account', () => {
    expect(findings(rule('CAI008'), { ...org([role('Reader')]), accounts: [...org([role('Reader')]).accounts, { stack: 'prod', accountId: '444444444444', roles: [{ ...role('Reader'), arn: 'arn:aws:iam::444444444444:role/Reader' }] }] })).toEqual([]);
    const both = org([role('Reader')]);
    const prodReader = { ...role('Reader'), arn: 'arn:aws:iam::444444444444:role/Reader' };
    const reachAll: SynthesizedOrg = {
      identity: { accountId: IDENTITY, groups: [{ name: 'team', path: '/', policies: [{ name: 'p', document: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: [both.accounts[0].roles[0].arn, prodReader.arn] }) }] }] },
      accounts: [both.accounts[0], { stack: 'prod', accountId: '444444444444', roles: [prodReader] }],
    };
    expect(findings(rule('CAI008'), reachAll)).toEqual(['CAI008 group team can assume a role in every one of the 2 member accounts']);
  });
});

describe('lint results', () => {
  const bad = org([role('Admin', { managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'], trustPolicy: doc(people({})), maxSessionDuration: 7200 })]);

  test('an error-level finding makes the exit status 1; suppressed with a reason, it does not', () => {
    const result = runLint(bad, analyzeAccess(bad));
    expect(result.findings.map((f) => f.ruleId)).toEqual(['CAI001', 'CAI005', 'CAI006']);
    expect(lintExitCode(result)).toBe(1);
    const suppressed = runLint(bad, analyzeAccess(bad), [{ rule: 'CAI001', role: 'Admin', reason: 'Break-glass role, alerted on every use' }]);
    expect(suppressed.suppressed).toEqual([{ finding: result.findings[0], reason: 'Break-glass role, alerted on every use' }]);
    expect(lintExitCode(suppressed)).toBe(0);
  });

  test('the SARIF output validates against the SARIF 2.1.0 schema and points at the org file line', () => {
    const result = runLint(bad, analyzeAccess(bad), [{ rule: 'CAI005', reason: 'Long sessions accepted for this test' }]);
    const sarif = toSarif(result, (f) => ({ uri: 'org.yaml', line: f.target.role === 'Admin' ? 12 : 1 }));
    const validate = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, validateFormats: false, logger: false }).compile(sarifSchema);
    expect({ valid: validate(sarif), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
    const results = (sarif.runs as { results: { ruleId: string; level: string; locations: unknown[]; suppressions?: unknown[] }[] }[])[0].results;
    expect(results.map((r) => [r.ruleId, r.level, r.suppressions ? 'suppressed' : 'open'])).toEqual([
      ['CAI001', 'error', 'open'],
      ['CAI006', 'warning', 'open'],
      ['CAI005', 'warning', 'suppressed'],
    ]);
    expect(results[0].locations).toEqual([{ physicalLocation: { artifactLocation: { uri: 'org.yaml' }, region: { startLine: 12 } } }]);
  });

  test('every SARIF rule has a name, short and full descriptions, help, and a helpUri to its section of the docs', () => {
    const sarif = toSarif(runLint(bad, analyzeAccess(bad)), () => ({ uri: 'org.yaml' }));
    const rules = (sarif.runs as { tool: { driver: { rules: Record<string, unknown>[] } } }[])[0].tool.driver.rules;
    const docs = readFileSync(join(ROOT, 'docs', 'pull-requests.md'), 'utf8');
    // GitHub's anchors: the heading text lower-cased, spaces to hyphens.
    const anchors = new Set([...docs.matchAll(/^#{2,4} (.+)$/gm)].map((m) => m[1].toLowerCase().replace(/[^\w\s-]/g, '').replace(/\s/g, '-')));
    expect(rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    for (const [i, r] of rules.entries()) {
      const rule = RULES[i];
      expect(r).toEqual({
        id: rule.id,
        name: rule.name,
        shortDescription: { text: rule.title },
        fullDescription: { text: rule.description },
        help: { text: `${rule.description} Fix: ${rule.fix}`, markdown: `${rule.description}\n\n**Fix:** ${rule.fix}\n\n[${rule.id} in the docs](${ruleHelpUri(rule)})` },
        helpUri: `https://github.com/cross-account-iam/cross-account-iam/blob/main/docs/pull-requests.md#${rule.id.toLowerCase()}-${rule.name}`,
        defaultConfiguration: { level: rule.level },
      });
      expect(anchors).toContain(`${rule.id.toLowerCase()}-${rule.name}`);
      expect(rule.title.length).toBeLessThan(rule.description.length);
    }
  });
});

describe('locating a finding at the org file key that causes it', () => {
  const ORG = [
    'organization: acme', //                                           1
    'region: us-east-1',
    'identity: { accountId: "111111111111" }',
    'accounts:',
    '  dev: { accountId: "222222222222" }', //                         5
    'roles:',
    '  Admin:',
    '    accounts: [dev]',
    '    managedPolicies: [AdministratorAccess]',
    '    maxSessionDuration: 7200', //                                10
    '    trust: { mfa: false }',
    '  Vendor:',
    '    accounts: [dev]',
    '    trust:',
    '      principals: [arn:aws:iam::999999999999:role/Scanner]', //  15
    '  Plain:',
    '    accounts: [dev]',
    'groups:',
    '  ops:',
    '    assume:', //                                                 20
    '      Admin: [dev]',
    '',
  ].join('\n');
  let dir: string;
  let locate: ReturnType<typeof orgFileLocator>;
  beforeAll(() => {
    dir = tempDir('cai-locate-');
    writeFileSync(join(dir, 'org.yaml'), ORG);
    locate = orgFileLocator(join(dir, 'org.yaml'), dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const at = (ruleId: string, target: Finding['target']) => locate({ ruleId, level: 'error', message: '', target });

  test.each<[string, Finding['target'], number, number, string]>([
    ['CAI001', { stack: 'dev', role: 'Admin', group: 'ops' }, 11, 14, 'the mfa: false'],
    ['CAI005', { stack: 'dev', role: 'Admin' }, 10, 5, 'maxSessionDuration'],
    ['CAI006', { stack: 'dev', role: 'Admin' }, 9, 5, 'managedPolicies'],
    ['CAI002', { stack: 'dev', role: 'Vendor' }, 15, 7, 'the trusted principals'],
    ['CAI008', { stack: 'identity', group: 'ops' }, 20, 5, "the group's grants"],
    ['CAI005', { stack: 'dev', role: 'Plain' }, 16, 3, 'the role, when the org file has no closer key'],
  ])('%s %j points at line %i, column %i: %s', (ruleId, target, line, column) => {
    expect(at(ruleId, target)).toEqual({ uri: 'org.yaml', line, column });
  });

  test('an admin grant without MFA that the role does not cause points at the grant', () => {
    const noTrust = ORG.replace('    trust: { mfa: false }\n', '');
    writeFileSync(join(dir, 'grant.yaml'), noTrust);
    expect(orgFileLocator(join(dir, 'grant.yaml'), dir)({ ruleId: 'CAI001', level: 'error', message: '', target: { stack: 'dev', role: 'Admin', group: 'ops' } })).toEqual({ uri: 'grant.yaml', line: 20, column: 7 });
  });
});
