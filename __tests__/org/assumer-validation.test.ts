/**
 * Mistakes in the sections of every kind of assumer (permission sets, SAML roles, GitHub Actions,
 * OIDC) and the deny lists that name them: exact message, line and column, nothing written. And
 * the warnings of a file that loads: in `model.warnings` and on stderr of the synth, placed.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOrg } from '../../org/load';
import { refusedProblems } from '../helpers/refuse';
import { FIXTURES, ROOT, tempDir } from '../helpers/synth';

const EVERY = readFileSync(join(FIXTURES, 'every-assumer.yaml'), 'utf8');

/** The fixture with `from` (which must occur exactly once) replaced. */
function edit(from: string, to: string, text = EVERY): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

describe('assumers of every kind: bad entries are refused with line, key and fix', () => {
  test('an OIDC subject that matches every token', async () => {
    expect(await refusedProblems(edit('subjects: ["project_path:acme/app:ref_type:branch:ref:main"]', 'subjects: ["*"]'))).toEqual([
      '97:16 oidc.gitlab-deploy.subjects[0]: "*" matches every subject: any workload that can get a token from https://gitlab.example.com could assume the role. Fix: list the exact sub claims that may assume, e.g. project_path:acme/infra:ref_type:branch:ref:main.',
    ]);
  });

  test('an OIDC subject of only wildcards ("?*")', async () => {
    expect(await refusedProblems(edit('subjects: ["project_path:acme/app:ref_type:branch:ref:main"]', 'subjects: ["project_path:acme/app:ref_type:branch:ref:main", "?*"]'))).toEqual([
      '97:66 oidc.gitlab-deploy.subjects[1]: "?*" matches every subject: any workload that can get a token from https://gitlab.example.com could assume the role. Fix: list the exact sub claims that may assume, e.g. project_path:acme/infra:ref_type:branch:ref:main.',
    ]);
  });

  test('an oidc entry for GitHub\'s issuer whose sub lets in any owner; a named owner with a wildcard repository, or a customized sub, loads', async () => {
    const github = (subjects: string) =>
      edit(
        '  gitlab-deploy:\n    issuer: https://gitlab.example.com\n    audiences: [https://gitlab.example.com]\n    subjects: ["project_path:acme/app:ref_type:branch:ref:main"]',
        `  gitlab-deploy:\n    issuer: https://token.actions.githubusercontent.com\n    audiences: [sts.amazonaws.com]\n    subjects: ${subjects}`,
      );
    const fix = 'Fix: name the owner, e.g. repo:acme/*:ref:refs/heads/main, or use githubActions with repository: owner/name.';
    expect(await refusedProblems(github('["repo:*/infra:ref:refs/heads/main"]'))).toEqual([
      `97:16 oidc.gitlab-deploy.subjects[0]: "repo:*/infra:ref:refs/heads/main" lets in repositories of any GitHub owner: anyone's workflow on GitHub could get such a token and assume the role. ${fix}`,
    ]);
    expect(await refusedProblems(github('["repo:acme/app:ref:refs/heads/main", "repo:ac?e/app:*"]'))).toEqual([
      `97:53 oidc.gitlab-deploy.subjects[1]: "repo:ac?e/app:*" lets in repositories of any GitHub owner: anyone's workflow on GitHub could get such a token and assume the role. ${fix}`,
    ]);
    expect(await refusedProblems(github('["*:ref:refs/heads/main"]'))).toEqual([
      `97:16 oidc.gitlab-deploy.subjects[0]: "*:ref:refs/heads/main" lets in repositories of any GitHub owner: anyone's workflow on GitHub could get such a token and assume the role. ${fix}`,
    ]);
    for (const open of ['re*', 'repo*/infra:ref:refs/heads/main', 'rep?:*/x', 'repository_owner:*:environment:production', 'repository_owner_id:*', 'repository:*/infra', 'repository_id:*', 'repo:*acme/x', 'repo:acme*/x']) {
      expect((await refusedProblems(github(JSON.stringify([open])))).map((p) => p.replace(/^\d+:\d+ /, ''))).toEqual([
        `oidc.gitlab-deploy.subjects[0]: ${JSON.stringify(open)} lets in repositories of any GitHub owner: anyone's workflow on GitHub could get such a token and assume the role. ${fix}`,
      ]);
    }
    for (const ok of ['["repo:acme/*:ref:refs/heads/main"]', '["repo:acme/app:*"]', '["repository_owner:acme:environment:production"]', '["repository_id:123:ref:refs/heads/main"]']) expect(parseOrg(github(ok), 'org.yaml').roles.length).toBeGreaterThan(0);
    // Another issuer may use any form.
    expect(parseOrg(edit('subjects: ["project_path:acme/app:ref_type:branch:ref:main"]', 'subjects: ["*:ref:main"]'), 'org.yaml').roles.length).toBeGreaterThan(0);
  });

  test('a role unknown to permissionSets, samlRoles, githubActions and oidc assume, with the nearest name', async () => {
    let text = edit('      Admin: [prod]\n      ReadOnly: "*"', '      Admn: [prod]\n      ReadOnly: "*"');
    text = edit('      ReadOnly: [dev, prod]', '      ReadOnli: [dev, prod]', text);
    text = edit('    branches: [main]\n    assume:\n      Deployer: [dev]', '    branches: [main]\n    assume:\n      Deployr: [dev]', text);
    text = edit('    subjects: ["project_path:acme/app:ref_type:branch:ref:main"]\n    assume:\n      Deployer: [dev]', '    subjects: ["project_path:acme/app:ref_type:branch:ref:main"]\n    assume:\n      NoSuchRole: [dev]', text);
    expect(await refusedProblems(text)).toEqual([
      '68:7 permissionSets.PlatformAdmins.assume.Admn: role "Admn" is not defined under roles. Did you mean "Admin"? Fix: use one of: ReadOnly, Admin, Deployer, Vendor, Release, or define it under roles.',
      '79:7 samlRoles.OktaEngineers.assume.ReadOnli: role "ReadOnli" is not defined under roles. Did you mean "ReadOnly"? Fix: use one of: ReadOnly, Admin, Deployer, Vendor, Release, or define it under roles.',
      '86:7 githubActions.infra-main.assume.Deployr: role "Deployr" is not defined under roles. Did you mean "Deployer"? Fix: use one of: ReadOnly, Admin, Deployer, Vendor, Release, or define it under roles.',
      '99:7 oidc.gitlab-deploy.assume.NoSuchRole: role "NoSuchRole" is not defined under roles. Fix: use one of: ReadOnly, Admin, Deployer, Vendor, Release, or define it under roles.',
    ]);
  });

  test('an account where the role does not live, or no account at all, for each kind', async () => {
    let text = edit('      Admin: [prod]\n      ReadOnly: "*"', '      Vendor: [dev]\n      ReadOnly: "*"');
    text = edit('    path: /federated/\n    assume:\n      ReadOnly: [dev, prod]', '    path: /federated/\n    assume:\n      Vendor: [dev, prod]', text);
    text = edit('    branches: [main]\n    assume:\n      Deployer: [dev]', '    branches: [main]\n    assume:\n      Deployer: [staging]', text);
    text = edit('    environments: [production]\n    assume:\n      Deployer: [prod]', '    environments: [production]\n    assume:\n      Release: [dev]', text);
    text = edit('ref:main"]\n    assume:\n      Deployer: [dev]', 'ref:main"]\n    assume:\n      Vendor: [prod, dev]', text);
    expect(await refusedProblems(text)).toEqual([
      '68:16 permissionSets.PlatformAdmins.assume.Vendor[0]: account "dev" is not one of roles.Vendor.accounts. Fix: add dev to roles.Vendor.accounts, or remove it here.',
      '79:16 samlRoles.OktaEngineers.assume.Vendor[0]: account "dev" is not one of roles.Vendor.accounts. Fix: add dev to roles.Vendor.accounts, or remove it here.',
      '86:18 githubActions.infra-main.assume.Deployer[0]: account "staging" is not defined under accounts. Fix: use one of: dev, prod, or add it under accounts.',
      '91:17 githubActions.infra-prod.assume.Release[0]: account "dev" is not one of roles.Release.accounts. Fix: add dev to roles.Release.accounts, or remove it here.',
      '99:22 oidc.gitlab-deploy.assume.Vendor[1]: account "dev" is not one of roles.Vendor.accounts. Fix: add dev to roles.Vendor.accounts, or remove it here.',
    ]);
  });

  test('a permission set named like a group, whatever the case', async () => {
    expect(await refusedProblems(edit('permissionSets:\n', 'permissionSets:\n  Platform:\n    assume:\n      ReadOnly: [dev]\n'))).toEqual([
      '66:3 permissionSets.Platform: "Platform" is also the name of groups.platform: groups, permission sets, SAML roles and OIDC entries share one namespace (deny lists and lint suppressions name them, case-insensitively). Fix: rename one.',
    ]);
  });

  test('a SAML role named like a permission set, whatever the case', async () => {
    expect(await refusedProblems(edit('samlRoles:\n', 'samlRoles:\n  platformadmins:\n    provider: Okta\n    assume:\n      ReadOnly: [dev]\n'))).toEqual([
      '75:3 samlRoles.platformadmins: "platformadmins" is also the name of permissionSets.PlatformAdmins: groups, permission sets, SAML roles and OIDC entries share one namespace (deny lists and lint suppressions name them, case-insensitively). Fix: rename one.',
    ]);
  });

  test('deny naming a GitHub Actions entry or an OIDC entry', async () => {
    expect(await refusedProblems(edit('deny: [contractors, Contractors-SSO]', 'deny: [contractors, Contractors-SSO, infra-main, gitlab-deploy]'))).toEqual([
      '33:42 roles.ReadOnly.deny[2]: "infra-main" is a workload of githubActions, trusted by the role itself: it reaches the role only where githubActions.infra-main.assume grants it. Fix: remove infra-main from deny (and ReadOnly from githubActions.infra-main.assume).',
      '33:54 roles.ReadOnly.deny[3]: "gitlab-deploy" is a workload of oidc, trusted by the role itself: it reaches the role only where oidc.gitlab-deploy.assume grants it. Fix: remove gitlab-deploy from deny (and ReadOnly from oidc.gitlab-deploy.assume).',
    ]);
  });

  test('deny naming nothing defined, with the nearest deniable name', async () => {
    expect(await refusedProblems(edit('deny: [contractors, Contractors-SSO]', 'deny: [contractors, Contractors-SS0]'))).toEqual([
      '33:25 roles.ReadOnly.deny[1]: "Contractors-SS0" is not a group, SAML role or permission set of this file (groups, samlRoles, permissionSets). Did you mean "Contractors-SSO"? Fix: use one of: platform, contractors, PlatformAdmins, Contractors-SSO, OktaEngineers, or remove it from deny.',
    ]);
  });

  test('a permission set and a SAML role both granted and denied a role', async () => {
    expect(await refusedProblems(edit('deny: [contractors, Contractors-SSO]', 'deny: [contractors, Contractors-SSO, PlatformAdmins, OktaEngineers]'))).toEqual([
      '69:7 permissionSets.PlatformAdmins.assume.ReadOnly: grants role "ReadOnly", but roles.ReadOnly.deny lists permission set "PlatformAdmins": the file both grants and denies it. Fix: remove ReadOnly from permissionSets.PlatformAdmins.assume, or remove PlatformAdmins from roles.ReadOnly.deny.',
      '79:7 samlRoles.OktaEngineers.assume.ReadOnly: grants role "ReadOnly", but roles.ReadOnly.deny lists SAML role "OktaEngineers": the file both grants and denies it. Fix: remove ReadOnly from samlRoles.OktaEngineers.assume, or remove OktaEngineers from roles.ReadOnly.deny.',
    ]);
  });

  test('a SAML provider of another account', async () => {
    expect(await refusedProblems(edit('provider: Okta', 'provider: arn:aws:iam::999999999999:saml-provider/Okta'))).toEqual([
      "76:15 samlRoles.OktaEngineers.provider: arn:aws:iam::999999999999:saml-provider/Okta is a SAML provider of another account; people sign in to the identity account 111111111111, whose role the app creates. Fix: name the identity account's SAML provider (its name, e.g. Okta, or arn:aws:iam::111111111111:saml-provider/Okta).",
    ]);
  });

  test('a repository with a wildcard', async () => {
    expect(await refusedProblems(edit('    repository: acme/infra\n    branches: [main]', '    repository: acme/*\n    branches: [main]'))).toEqual([
      '83:17 githubActions.infra-main.repository: must be one repository as owner/name, e.g. acme/infra (no wildcards: list each repository as its own entry)',
    ]);
  });

  test('a GitHub environment written as a pattern: environments are exact names', async () => {
    expect(await refusedProblems(edit('    environments: [production]\n', '    environments: [production, "prod*", "qa?"]\n'))).toEqual([
      '89:32 githubActions.infra-prod.environments[1]: must not contain "*" or "?": environments are exact names here, and in the trust\'s StringLike they would let in every environment they match (prod* lets in production-eu and prod-test). Fix: list each environment by its name',
      '89:41 githubActions.infra-prod.environments[2]: must not contain "*" or "?": environments are exact names here, and in the trust\'s StringLike they would let in every environment they match (prod* lets in production-eu and prod-test). Fix: list each environment by its name',
    ]);
  });

  test('two entries of one issuer that disagree on the OIDC provider', async () => {
    expect(await refusedProblems(edit('    environments: [production]\n', '    environments: [production]\n    oidcProvider: existing\n'))).toEqual([
      '90:19 githubActions.infra-prod.oidcProvider: is existing, but githubActions.infra-main.oidcProvider is create for the same issuer token.actions.githubusercontent.com; an account has one OIDC provider per issuer. Fix: give both the same oidcProvider.',
    ]);
  });
});

describe('warnings of a file that loads', () => {
  // Auditor: reached only by a permission set (a role session), 4 hours asked, MFA asked of people who never carry the key.
  const WARNED = edit(
    'roles:\n',
    'roles:\n  Auditor:\n    accounts: [dev]\n    managedPolicies: [SecurityAudit]\n    maxSessionDuration: 14400\n    trust:\n      mfa: true\n',
    edit('      Admin: [prod]\n      ReadOnly: "*"', '      Admin: [prod]\n      ReadOnly: "*"\n      Auditor: [dev]'),
  );

  const CHAINING = "roles.Auditor.maxSessionDuration: is 14400 seconds, but only role sessions assume this role (permissionSets.PlatformAdmins): AWS caps a session assumed from another role's session at 1 hour (role chaining), so no one gets more. Fix: set maxSessionDuration to 3600, or grant the role to a group whose people need longer sessions.";
  const MFA = "roles.Auditor.trust.mfa: applies to IAM users in groups only, and no group grants this role: permissionSets.PlatformAdmins sign in through an identity provider, which AWS sets no MFA key for. Fix: require MFA in the identity provider (Identity Center or the SAML IdP), and remove trust.mfa here.";

  test('role chaining and MFA on federated people only: in model.warnings, placed', () => {
    expect(parseOrg(WARNED, 'org.yaml').warnings.map((w) => `${w.file}:${w.line}:${w.column} ${w.path}: ${w.message}`)).toEqual([`org.yaml:33:25 ${CHAINING}`, `org.yaml:35:12 ${MFA}`]);
  });

  test('the synth prints them to stderr as file:line:col warning: path: message, and still synthesizes', () => {
    const dir = tempDir('cai-warn-');
    try {
      const file = join(dir, 'org.yaml');
      writeFileSync(file, WARNED);
      const run = spawnSync(process.execPath, [join(ROOT, 'dist', 'main.js')], { env: { ...process.env, ORG_CONFIG: file, CDKTF_OUTDIR: join(dir, 'out') }, encoding: 'utf8' });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: `${file}:33:25 warning: ${CHAINING}\n${file}:35:12 warning: ${MFA}\n` });
      const dev = JSON.parse(readFileSync(join(dir, 'out', 'stacks', 'dev', 'cdk.tf.json'), 'utf8'));
      expect(dev.resource.aws_iam_role.role_Auditor.max_session_duration).toBe(14400);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the fixture itself warns of nothing', () => {
    expect(parseOrg(EVERY, 'org.yaml').warnings).toEqual([]);
  });
});
