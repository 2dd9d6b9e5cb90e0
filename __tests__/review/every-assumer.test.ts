import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConditionKey, ConditionOperator, oidcConditionKey } from '../../policy/condition';
import { AccessReport, analyzeAccess } from '../../review/access';
import { PolicyJson, readSynthesizedOrg, SynthesizedOrg, SynthesizedRole } from '../../review/artifact';
import { diffAccess } from '../../review/diff';
import { runLint } from '../../review/lint/run';
import { orgFileLocator } from '../../review/locate';
import { renderFederatedProfiles, renderProfiles } from '../../review/profiles';
import { renderReportJson, renderReportMarkdown } from '../../review/report';
import { FIXTURES, ROOT, synthOrgFile, tempDir } from '../helpers/synth';

const FIXTURE = join(FIXTURES, 'every-assumer.yaml');
const GITHUB_SUB = oidcConditionKey('token.actions.githubusercontent.com', 'sub');
const GITLAB_SUB = oidcConditionKey('gitlab.example.com', 'sub');

type Statement = Record<string, unknown> & { Condition?: Record<string, Record<string, unknown>> };
const statements = (doc: PolicyJson) => (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) as Statement[];

/** A deep copy of a synthesized org, with `edit` applied to one role's trust statements (or the identity stack). */
function variant(synth: SynthesizedOrg, edit: (copy: { -readonly [K in keyof SynthesizedOrg]: SynthesizedOrg[K] }) => void): { synth: SynthesizedOrg; access: AccessReport } {
  const copy = JSON.parse(JSON.stringify(synth)) as SynthesizedOrg;
  edit(copy);
  return { synth: copy, access: analyzeAccess(copy) };
}
const roleIn = (synth: SynthesizedOrg, account: string, role: string) => synth.accounts.find((a) => a.stack === account)!.roles.find((r) => r.name === role)! as SynthesizedRole & { trustPolicy: { Statement: Statement[] } };
const trustStatement = (synth: SynthesizedOrg, account: string, role: string, sid: string) => statements(roleIn(synth, account, role).trustPolicy).find((s) => s.Sid === sid)!;

describe('every kind of assumer in the review tools', () => {
  const out = synthOrgFile(FIXTURE);
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const synth = readSynthesizedOrg(out);
  const access = analyzeAccess(synth);
  const head = { synth, access };

  test('the identity stack is read with its SAML role (trust, provider, policies) and the permission-set policy outputs', () => {
    expect(synth.identity!.samlRoles!.map((r) => [r.name, r.arn, r.providerArn, r.audiences, r.policies.map((p) => p.name)])).toEqual([
      ['OktaEngineers', 'arn:aws:iam::111111111111:role/federated/OktaEngineers', 'arn:aws:iam::111111111111:saml-provider/Okta', ['https://signin.aws.amazon.com/saml'], ['OktaEngineers-assume-roles']],
    ]);
    expect(synth.identity!.permissionSets!.map((p) => p.name).sort()).toEqual(['Contractors-SSO', 'PlatformAdmins']);
  });

  test('each access entry has a kind and a description; grants need both halves; denials of every kind', () => {
    expect(access.grants.map((g) => `${g.kind} ${g.group} -> ${g.role} @ ${g.account} | ${g.description} | mfa ${g.mfa}`)).toEqual([
      'iam-group contractors -> Admin @ dev | IAM group contractors | mfa true',
      'iam-group platform -> Admin @ dev | IAM group platform | mfa true',
      'permission-set Contractors-SSO -> Admin @ dev | IAM Identity Center permission set Contractors-SSO | mfa false',
      'iam-group platform -> ReadOnly @ dev | IAM group platform | mfa true',
      'permission-set PlatformAdmins -> ReadOnly @ dev | IAM Identity Center permission set PlatformAdmins | mfa false',
      'saml-role OktaEngineers -> ReadOnly @ dev | SAML role OktaEngineers (Okta) | mfa false',
      'iam-group platform -> Admin @ prod | IAM group platform | mfa true',
      'permission-set PlatformAdmins -> Admin @ prod | IAM Identity Center permission set PlatformAdmins | mfa false',
      'iam-group platform -> ReadOnly @ prod | IAM group platform | mfa true',
      'permission-set PlatformAdmins -> ReadOnly @ prod | IAM Identity Center permission set PlatformAdmins | mfa false',
      'saml-role OktaEngineers -> ReadOnly @ prod | SAML role OktaEngineers (Okta) | mfa false',
    ]);
    expect(access.principals.map((p) => `${p.kind} ${p.principal} -> ${p.role} @ ${p.account} | ${p.description}`)).toEqual([
      'github-actions arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com -> Deployer @ dev | GitHub Actions, repo acme/infra, branch main',
      'oidc arn:aws:iam::222222222222:oidc-provider/gitlab.example.com -> Deployer @ dev | OIDC gitlab.example.com, sub project_path:acme/app:ref_type:branch:ref:main',
      'github-actions arn:aws:iam::444444444444:oidc-provider/token.actions.githubusercontent.com -> Deployer @ prod | GitHub Actions, repo acme/infra, environment production',
      'role arn:aws:iam::111111111111:role/ci/Runner -> Release @ prod | role arn:aws:iam::111111111111:role/ci/Runner',
      'role arn:aws:iam::999999999999:role/Scanner -> Vendor @ prod | role arn:aws:iam::999999999999:role/Scanner',
    ]);
    expect(access.principals[0].webIdentity).toEqual({ issuer: 'token.actions.githubusercontent.com', audiences: ['sts.amazonaws.com'], subjects: ['repo:acme/infra:ref:refs/heads/main'], repository: 'acme/infra' });
    expect(access.denials.map((d) => `${d.kind} ${d.group} -/-> ${d.role} @ ${d.account}`)).toEqual([
      'iam-group contractors -/-> ReadOnly @ dev',
      'permission-set Contractors-SSO -/-> ReadOnly @ dev',
      'iam-group contractors -/-> ReadOnly @ prod',
      'permission-set Contractors-SSO -/-> ReadOnly @ prod',
    ]);
    const json = JSON.parse(renderReportJson(access)) as { grants: { kind: string; description: string }[]; denials: { kind: string }[] };
    expect(json.grants[2]).toMatchObject({ group: 'Contractors-SSO', kind: 'permission-set', description: 'IAM Identity Center permission set Contractors-SSO' });
  });

  test('a trust Deny alone denies a permission set; without its policy output the trust alone grants', () => {
    // The Deny statement is read by its content: the Sid does not matter.
    const renamed = variant(synth, (s) => {
      for (const account of ['dev', 'prod']) trustStatement(s, account, 'ReadOnly', 'DenyIdentityCenter').Sid = 'Whatever';
      (s.identity as unknown as { permissionSets: unknown[] }).permissionSets = [];
    });
    expect(renamed.access.denials.filter((d) => d.kind === 'permission-set').map((d) => `${d.group} ${d.role} ${d.account}`)).toEqual(['Contractors-SSO ReadOnly dev', 'Contractors-SSO ReadOnly prod']);
    expect(renamed.access.grants.filter((g) => g.kind === 'permission-set').map((g) => `${g.group} ${g.role} ${g.account}`)).toEqual([
      'Contractors-SSO Admin dev',
      'PlatformAdmins ReadOnly dev',
      'PlatformAdmins Admin prod',
      'PlatformAdmins ReadOnly prod',
    ]);
  });

  test('report: permission sets and SAML roles like groups, federated principals in words, denials of every kind', () => {
    const md = renderReportMarkdown(synth, access);
    const lines = md.split('\n');
    const expectLines = (...expected: string[]) => {
      for (const line of expected) expect(lines).toContain(line);
    };
    expectLines(
      'Identity account `111111111111`: 2 groups, 2 permission sets, 1 SAML role, 2 member accounts, 11 people grants, 5 named principal trusts.',
      '### Permission set `PlatformAdmins` (IAM Identity Center)',
      '| prod (444444444444) | `Admin` | MFA left to IAM Identity Center, org o-a1b2c3d4e5, session ≤ 1 h |',
      '### SAML role `OktaEngineers` (Okta)',
      '| dev (222222222222) | `ReadOnly` | MFA left to the identity provider, org o-a1b2c3d4e5, session ≤ 1 h |',
      '| GitHub Actions, repo acme/infra, branch main | dev | `Deployer` | audience sts.amazonaws.com, sub `repo:acme/infra:ref:refs/heads/main`, session ≤ 1 h |',
      '| OIDC gitlab.example.com, sub project_path:acme/app:ref_type:branch:ref:main | dev | `Deployer` | audience https://gitlab.example.com, sub `project_path:acme/app:ref_type:branch:ref:main`, session ≤ 1 h |',
      '| GitHub Actions, repo acme/infra, environment production | prod | `Deployer` | audience sts.amazonaws.com, sub `repo:acme/infra:environment:production`, session ≤ 1 h |',
      '| `arn:aws:iam::999999999999:role/Scanner` | prod | `Vendor` | external id `vendor-7f3c9d2e`, session ≤ 1 h |',
      '| dev | contractors, platform, permission set Contractors-SSO | GitHub acme/infra, OIDC gitlab.example.com | platform, permission set PlatformAdmins, SAML role OktaEngineers |',
      '  ps_PlatformAdmins -->|Admin, ReadOnly| a_prod',
      '  - permission set `PlatformAdmins` in dev, prod: MFA left to IAM Identity Center, org o-a1b2c3d4e5, session ≤ 1 h',
      '  - SAML role `OktaEngineers` in dev, prod: MFA left to the identity provider, org o-a1b2c3d4e5, session ≤ 1 h',
      '  - GitHub Actions, repo acme/infra, environment production in prod: audience sts.amazonaws.com, sub `repo:acme/infra:environment:production`, session ≤ 1 h',
      '- Never assumable by (deny): group `contractors`, permission set `Contractors-SSO`',
    );
    // The ARN patterns of Identity Center are read as permission sets, never listed as named principals.
    expect(md).not.toContain('AWSReservedSSO_');
  });

  test('diff: a branch widened, a repository changed, a new permission set grant and a removed deny are access changes', () => {
    const changed = variant(synth, (s) => {
      trustStatement(s, 'dev', 'Deployer', 'GitHubActions').Condition![ConditionOperator.StringLike][GITHUB_SUB] = 'repo:acme/infra:*';
      trustStatement(s, 'prod', 'Deployer', 'GitHubActions').Condition![ConditionOperator.StringLike][GITHUB_SUB] = 'repo:acme/other:environment:production';
      trustStatement(s, 'dev', 'Deployer', 'WebIdentity').Condition![ConditionOperator.StringLike][GITLAB_SUB] = 'project_path:acme/app:ref_type:branch:ref:release';
      // PlatformAdmins may now assume Admin in dev too: its trust and its policy.
      const devAdmin = trustStatement(s, 'dev', 'Admin', 'IdentityCenter').Condition![ConditionOperator.ArnLike];
      devAdmin[ConditionKey.PrincipalArn] = [...(devAdmin[ConditionKey.PrincipalArn] as string[]), ...trustStatement(s, 'prod', 'Admin', 'IdentityCenter').Condition![ConditionOperator.ArnLike][ConditionKey.PrincipalArn] as string[]];
      const platform = s.identity!.permissionSets!.find((p) => p.name === 'PlatformAdmins')!;
      (statements(platform.policy)[0].Resource as string[]).push('arn:aws:iam::222222222222:role/Admin');
      // Contractors-SSO is no longer denied ReadOnly in prod.
      const prodReadOnly = roleIn(s, 'prod', 'ReadOnly').trustPolicy as { Statement: Statement[] };
      prodReadOnly.Statement = prodReadOnly.Statement.filter((st) => st.Effect !== 'Deny');
      const contractors = s.identity!.permissionSets!.find((p) => p.name === 'Contractors-SSO')!;
      (contractors.policy as { Statement: Statement[] }).Statement = statements(contractors.policy).filter((st) => st.Effect !== 'Deny');
    });
    const diff = diffAccess(head, changed);
    expect(diff.changes).toEqual([
      { kind: 'grant-added', loosens: true, subject: 'permission set PlatformAdmins -> Admin @ dev', details: ['MFA left to IAM Identity Center, org o-a1b2c3d4e5, session ≤ 1 h'] },
      { kind: 'principal-changed', loosens: true, subject: 'GitHub acme/infra -> Deployer @ dev', details: ['branch main -> any branch, tag or environment'] },
      { kind: 'principal-changed', loosens: true, subject: 'OIDC gitlab.example.com -> Deployer @ dev', details: ['sub project_path:acme/app:ref_type:branch:ref:main -> sub project_path:acme/app:ref_type:branch:ref:release'] },
      {
        kind: 'principal-added',
        loosens: true,
        subject: 'GitHub acme/other -> Deployer @ prod',
        details: ['GitHub Actions, repo acme/other, environment production: audience sts.amazonaws.com, sub `repo:acme/other:environment:production`, session ≤ 1 h'],
      },
      { kind: 'principal-removed', loosens: false, subject: 'GitHub acme/infra -> Deployer @ prod', details: [] },
      { kind: 'deny-removed', loosens: true, subject: 'permission set Contractors-SSO -> ReadOnly @ prod', details: ['IAM Identity Center permission set Contractors-SSO is no longer denied'] },
    ]);
    // And back: narrowing is no loosening; the deny comes back.
    expect(diffAccess(changed, head).changes.filter((c) => c.loosens).map((c) => c.subject)).toEqual(['OIDC gitlab.example.com -> Deployer @ dev', 'GitHub acme/infra -> Deployer @ prod']);
    expect(diffAccess(changed, head).changes.find((c) => c.kind === 'deny-added')).toEqual({
      kind: 'deny-added',
      loosens: false,
      subject: 'permission set Contractors-SSO -> ReadOnly @ prod',
      details: ['IAM Identity Center permission set Contractors-SSO may never assume it'],
    });
  });

  test('lint: the fixture\'s findings; permission sets and SAML roles never flagged for MFA, which is their identity provider\'s', () => {
    expect(runLint(synth, access).findings.map((f) => `${f.ruleId} ${f.message}`)).toEqual([
      'CAI006 role Admin in dev can manage IAM and has no permissions boundary',
      'CAI006 role Admin in prod can manage IAM and has no permissions boundary',
      'CAI008 group platform can assume a role in every one of the 2 member accounts',
      'CAI008 permission set PlatformAdmins can assume a role in every one of the 2 member accounts',
      'CAI008 SAML role OktaEngineers can assume a role in every one of the 2 member accounts',
    ]);
  });

  test('CAI009: GitHub Actions or OIDC on a privileged role without a branch or environment restriction', () => {
    const open = variant(synth, (s) => {
      trustStatement(s, 'dev', 'Deployer', 'GitHubActions').Condition![ConditionOperator.StringLike][GITHUB_SUB] = ['repo:acme/infra:*', 'repo:acme/infra:ref:refs/heads/main'];
      trustStatement(s, 'dev', 'Deployer', 'WebIdentity').Condition![ConditionOperator.StringLike][GITLAB_SUB] = 'project_path:acme/app:*';
      // On a role without privilege, the same trust is no finding.
      trustStatement(s, 'prod', 'Deployer', 'GitHubActions').Condition![ConditionOperator.StringLike][GITHUB_SUB] = 'repo:acme/infra:*';
      (roleIn(s, 'prod', 'Deployer') as unknown as { managedPolicyArns: string[] }).managedPolicyArns = ['arn:aws:iam::aws:policy/ReadOnlyAccess'];
    });
    const findings = runLint(open.synth, open.access).findings.filter((f) => f.ruleId === 'CAI009');
    expect(findings.map((f) => [f.level, f.message, f.target])).toEqual([
      [
        'error',
        'GitHub Actions of acme/infra can assume privileged role Deployer in dev from any branch, tag or environment (sub repo:acme/infra:*)',
        { stack: 'dev', role: 'Deployer', kind: 'github-actions', assumer: 'acme/infra' },
      ],
      [
        'error',
        'OIDC gitlab.example.com can assume privileged role Deployer in dev from any branch, tag or environment (sub project_path:acme/app:*)',
        { stack: 'dev', role: 'Deployer', kind: 'oidc', assumer: 'gitlab.example.com' },
      ],
    ]);
    expect(runLint(synth, access).findings.filter((f) => f.ruleId === 'CAI009')).toEqual([]);

    // Located at the org file's githubActions (or oidc) entry: the unrestricted one of that repository.
    const dir = tempDir('cai-locate-wi-');
    try {
      const file = join(dir, 'org.yaml');
      writeFileSync(
        file,
        [
          'githubActions:', //                                    1
          '  infra-main:',
          '    repository: acme/infra',
          '    branches: [main]',
          '    assume: { Deployer: [dev] }', //                  5
          '  infra-any:',
          '    repository: acme/infra',
          '    assume: { Deployer: [dev] }',
          'oidc:',
          '  gitlab-deploy:', //                                 10
          '    issuer: https://gitlab.example.com',
          '    assume: { Deployer: [dev] }',
          '',
        ].join('\n'),
      );
      const locate = orgFileLocator(file, dir);
      expect(findings.map(locate)).toEqual([
        { uri: 'org.yaml', line: 6, column: 3 },
        { uri: 'org.yaml', line: 10, column: 3 },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('CAI009: a branch, tag or environment that is only wildcards restricts nothing; a pattern that names some does', () => {
    const lintWith = (subs: string[]) => {
      const v = variant(synth, (s) => {
        trustStatement(s, 'dev', 'Deployer', 'GitHubActions').Condition![ConditionOperator.StringLike][GITHUB_SUB] = subs;
      });
      return runLint(v.synth, v.access).findings.filter((f) => f.ruleId === 'CAI009' && f.target.kind === 'github-actions').map((f) => f.message);
    };
    expect(lintWith(['repo:acme/infra:ref:refs/heads/*', 'repo:acme/infra:ref:refs/heads/release/*', 'repo:acme/infra:environment:*'])).toEqual([
      'GitHub Actions of acme/infra can assume privileged role Deployer in dev from any branch or any environment (sub repo:acme/infra:ref:refs/heads/*, repo:acme/infra:environment:*)',
    ]);
    expect(lintWith(['repo:acme/infra:ref:*'])).toEqual(['GitHub Actions of acme/infra can assume privileged role Deployer in dev from any branch or tag (sub repo:acme/infra:ref:*)']);
    expect(lintWith(['repo:acme/infra:ref:refs/*'])).toEqual(['GitHub Actions of acme/infra can assume privileged role Deployer in dev from any branch or tag (sub repo:acme/infra:ref:refs/*)']);
    expect(lintWith(['repo:acme/infra:ref:refs/tags/**'])).toEqual(['GitHub Actions of acme/infra can assume privileged role Deployer in dev from any tag (sub repo:acme/infra:ref:refs/tags/**)']);
    expect(lintWith(['repo:acme/infra:ref*'])).toEqual(['GitHub Actions of acme/infra can assume privileged role Deployer in dev from any branch or tag (sub repo:acme/infra:ref*)']);
    expect(lintWith(['repo:acme/infra:ref:refs/heads*'])).toEqual(['GitHub Actions of acme/infra can assume privileged role Deployer in dev from any branch (sub repo:acme/infra:ref:refs/heads*)']);
    // A wildcard in the repository lets in other repositories, every run of them.
    expect(lintWith(['repo:*'])).toEqual(['GitHub Actions of * can assume privileged role Deployer in dev from any repository matching * (sub repo:*)']);
    expect(lintWith(['repo:acme/*'])).toEqual(['GitHub Actions of acme/* can assume privileged role Deployer in dev from any repository matching acme/* (sub repo:acme/*)']);
    expect(lintWith(['repo:acme/infra*:ref:refs/heads/main'])).toEqual([
      'GitHub Actions of acme/infra* can assume privileged role Deployer in dev from any repository matching acme/infra* (sub repo:acme/infra*:ref:refs/heads/main)',
    ]);
    expect(lintWith(['repo:acme/infra:ref:refs/heads/main', 'repo:acme/infra:ref:refs/heads/release/*', 'repo:acme/infra:ref:refs/heads/?', 'repo:acme/infra:environment:prod*', 'repo:acme/infra:ref:refs/heads/'])).toEqual([]);

    // branches: ["*"] in the org file: the rule finds it, and its SARIF location is that entry, not the restricted one.
    const dir = tempDir('cai-wild-branch-');
    try {
      const file = join(dir, 'org.yaml');
      // After infra-main, the restricted entry of the same repository and role.
      const text = readFileSync(FIXTURE, 'utf8').replace(/^  infra-prod:\n/m, '  infra-any-branch:\n    repository: acme/infra\n    branches: ["*"]\n    assume: { Deployer: [dev] }\n  infra-prod:\n');
      expect(text).toContain('infra-any-branch');
      writeFileSync(file, text);
      const out = synthOrgFile(file);
      const head = readSynthesizedOrg(out);
      const findings = runLint(head, analyzeAccess(head)).findings.filter((f) => f.ruleId === 'CAI009');
      expect(findings.map((f) => f.message)).toEqual(['GitHub Actions of acme/infra can assume privileged role Deployer in dev from any branch (sub repo:acme/infra:ref:refs/heads/*)']);
      const line = text.split('\n').indexOf('  infra-any-branch:') + 1;
      expect(findings.map(orgFileLocator(file, dir))).toEqual([{ uri: 'org.yaml', line, column: 3 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('profiles --prefix: a group\'s and a permission set\'s profiles of the same role sit side by side, no name written twice', () => {
    const group = renderProfiles(synth, access, 'platform', { mfaSerial: 'arn:aws:iam::111111111111:mfa/alice' });
    const sso = renderFederatedProfiles(synth, access, 'permission-set', 'PlatformAdmins', { ssoSession: 'acme', prefix: 'ps-' });
    const names = (text: string) => [...text.matchAll(/^\[profile ([^\]]+)\]$/gm)].map((m) => m[1]);
    expect(names(group)).toContain('prod-Admin');
    expect(names(sso).sort()).toEqual(['ps-dev-ReadOnly', 'ps-identity-PlatformAdmins', 'ps-prod-Admin', 'ps-prod-ReadOnly']);
    expect(sso).toContain(['[profile ps-prod-Admin]', 'role_arn = arn:aws:iam::444444444444:role/Admin', 'source_profile = ps-identity-PlatformAdmins'].join('\n'));
    expect(names(group).filter((n) => names(sso).includes(n))).toEqual([]);
    expect(names(renderProfiles(synth, access, 'platform', { mfaSerial: 'arn:aws:iam::111111111111:mfa/alice', prefix: 'acme.' })).every((n) => n.startsWith('acme.'))).toBe(true);
    expect(() => renderProfiles(synth, access, 'platform', { mfaSerial: 'arn:aws:iam::111111111111:mfa/alice', prefix: 'my team ' })).toThrow(
      '--prefix "my team " is not a start of a profile name ~/.aws/config can hold (letters, digits and _.@+=,- only).',
    );
  });

  test('profiles: a permission set\'s chain from an sso_session profile, which botocore loads; a SAML role\'s from the given profile', () => {
    const text = renderFederatedProfiles(synth, access, 'permission-set', 'PlatformAdmins', { ssoSession: 'acme' });
    expect(text).toContain(['[profile identity-PlatformAdmins]', 'sso_session = acme', 'sso_account_id = 111111111111', 'sso_role_name = PlatformAdmins', 'region = eu-west-1'].join('\n'));
    expect(text).toContain(['[profile prod-Admin]', 'role_arn = arn:aws:iam::444444444444:role/Admin', 'source_profile = identity-PlatformAdmins', 'duration_seconds = 3600', 'region = eu-west-1'].join('\n'));
    expect(text.match(/^\[profile /gm)).toHaveLength(4);
    const dir = tempDir('cai-awscfg-sso-');
    try {
      const config = join(dir, 'config');
      writeFileSync(config, `[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\n\n${text}`);
      const env = { ...process.env, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'), AWS_EC2_METADATA_DISABLED: 'true' };
      const python = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import botocore']).status === 0)!;
      const run = spawnSync(python, [join(ROOT, '__tests__', 'review', 'load-aws-config.py'), 'identity-PlatformAdmins', 'dev-ReadOnly', 'prod-Admin', 'prod-ReadOnly'], { env, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const loaded = JSON.parse(run.stdout) as Record<string, { method: string }>;
      expect(Object.fromEntries(Object.entries(loaded).map(([k, v]) => [k, v.method]))).toEqual({ 'identity-PlatformAdmins': 'sso', 'dev-ReadOnly': 'assume-role', 'prod-Admin': 'assume-role', 'prod-ReadOnly': 'assume-role' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(renderFederatedProfiles(synth, access, 'saml-role', 'OktaEngineers', { sourceProfile: 'okta' })).toContain(
      ['[profile dev-ReadOnly]', 'role_arn = arn:aws:iam::222222222222:role/ReadOnly', 'source_profile = okta', 'duration_seconds = 3600', 'region = eu-west-1'].join('\n'),
    );
    expect(() => renderFederatedProfiles(synth, access, 'saml-role', 'OktaEngineers')).toThrow(
      'SAML role OktaEngineers: the AWS CLI cannot sign in with SAML, so these profiles chain from the profile your SAML tool (saml2aws, ...) writes for OktaEngineers. Fix: pass --source-profile NAME.',
    );
    expect(() => renderFederatedProfiles(synth, access, 'permission-set', 'PlatformAdmins')).toThrow(/^Permission set PlatformAdmins: the profiles chain from an IAM Identity Center sign-in\. Fix: pass --sso-session NAME/);
    expect(() => renderProfiles(synth, access, 'PlatformAdmins')).toThrow('No group "PlatformAdmins" in the synthesized identity stack. Groups: contractors, platform. "PlatformAdmins" is a permission set: use --permission-set PlatformAdmins.');
    // A group's profiles hold only its own grants, not a permission set's of the same roles.
    expect(renderProfiles(synth, access, 'contractors', { mfaSerial: 'arn:aws:iam::111111111111:mfa/alice' }).match(/^\[profile /gm)).toHaveLength(1);
  });
});
