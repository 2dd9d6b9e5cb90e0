import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OrgConfigError } from '../../org/errors';
import { loadOrgFile, orgFilePath, parseOrg } from '../../org/load';
import { EXAMPLE_ORG, tempDir } from '../helpers/synth';

const VALID = `organization: acme
region: us-east-1
identity:
  accountId: "111111111111"
accounts:
  dev: { accountId: "222222222222", environment: development }
  prod: { accountId: "444444444444" }
roles:
  Admin:
    accounts: [dev]
    managedPolicies: [AdministratorAccess]
  ReadOnly:
    managedPolicies: [ReadOnlyAccess]
groups:
  developers:
    assume:
      Admin: [dev]
      ReadOnly: "*"
`;

/** The problems an org file text gives, as `line:column path: message`. */
function problemsOf(text: string): string[] {
  try {
    parseOrg(text, 'org.yaml');
  } catch (err) {
    if (!(err instanceof OrgConfigError)) throw err;
    return err.problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`);
  }
  throw new Error('expected the org file to be refused');
}

describe('org file loading', () => {
  test('GIVEN the example org.yaml WHEN loaded THEN its accounts, roles and groups resolve', () => {
    const model = loadOrgFile(EXAMPLE_ORG);
    expect(model.accounts.map((a) => a.key)).toEqual(['dev', 'staging', 'prod', 'tooling']);
    expect(model.groups.map((g) => g.name)).toEqual(['developers', 'platform-engineers', 'SecAuditors']);
  });

  test('GIVEN a role without accounts WHEN groups grant it THEN it lives where they grant it; "*" means every account', () => {
    const model = parseOrg(VALID, 'org.yaml');
    expect(model.roles.find((r) => r.name === 'ReadOnly')!.accountKeys).toEqual(['dev', 'prod']);
    expect(model.groups[0].grants).toEqual([
      { role: 'Admin', account: 'dev' },
      { role: 'ReadOnly', account: 'dev' },
      { role: 'ReadOnly', account: 'prod' },
    ]);
  });

  test('defaults: deployment role, local backend, MFA on, one-hour sessions, path /', () => {
    const model = parseOrg(VALID, 'org.yaml');
    const admin = model.roles.find((r) => r.name === 'Admin')!;
    expect(model.deployment).toEqual({ roleName: 'OrganizationAccountAccessRole', backend: { type: 'local' } });
    expect(admin.trust.mfa).toBe(true);
    expect(admin.maxSessionDuration).toBe(3600);
    expect(admin.path).toBe('/');
    expect(admin.managedPolicyArns).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess']);
  });

  test('ORG_CONFIG picks the file; org.yaml in the working folder otherwise', () => {
    expect(orgFilePath({ ORG_CONFIG: 'other.yaml' }, '/repo')).toBe('/repo/other.yaml');
    expect(orgFilePath({}, '/repo')).toBe('/repo/org.yaml');
  });

  test('GIVEN no org file THEN the error names the file and how to point at another', () => {
    const dir = tempDir();
    const path = join(dir, 'org.yaml');
    expect(() => loadOrgFile(path)).toThrow(
      `${path}: 1 problem in the org file; nothing was synthesized.\n  ${path}:1:1 the org file does not exist. Fix: create it (see docs/org-file.md), or point ORG_CONFIG at your org file, e.g. ORG_CONFIG=path/to/org.yaml.`,
    );
  });

  test('GIVEN invalid YAML THEN the error names the file and the line', () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'broken.yaml');
    writeFileSync(path, 'organization: acme\nregion: [us-east-1\nidentity: {}\n');
    expect(() => loadOrgFile(path)).toThrow(OrgConfigError);
    try {
      loadOrgFile(path);
    } catch (err) {
      const e = err as OrgConfigError;
      expect(e.file).toBe(path);
      expect(e.problems[0]).toMatchObject({ file: path, line: 3 }); // where the unclosed list is found to end
      expect(e.problems[0].message).toMatch(/^invalid YAML \(/);
    }
  });

  test('GIVEN a duplicate key THEN it is named on the line of its second use', () => {
    expect(problemsOf(VALID.replace('region: us-east-1\n', 'region: us-east-1\nregion: eu-west-1\n'))).toEqual([
      '3:1 : duplicate key "region": it is already set earlier in the same map. Fix: keep one entry (merge the two).',
    ]);
  });

  test('GIVEN a group granting an unknown role and an unknown account THEN both are reported with the key and the fix', () => {
    const text = VALID.replace('      Admin: [dev]\n', '      Admn: [dev]\n      Admin: [qa]\n');
    expect(problemsOf(text)).toEqual([
      '17:7 groups.developers.assume.Admn: role "Admn" is not defined under roles. Did you mean "Admin"? Fix: use one of: Admin, ReadOnly, or define it under roles.',
      '18:15 groups.developers.assume.Admin[0]: account "qa" is not defined under accounts. Fix: use one of: dev, prod, or add it under accounts.',
    ]);
  });

  test('GIVEN a grant in an account the role does not live in THEN the fix says where to add it', () => {
    expect(problemsOf(VALID.replace('      Admin: [dev]\n', '      Admin: [prod]\n'))).toEqual([
      '17:15 groups.developers.assume.Admin[0]: account "prod" is not one of roles.Admin.accounts. Fix: add prod to roles.Admin.accounts, or remove it here.',
    ]);
  });

  test('GIVEN a role naming an unknown account THEN it is reported at that list item', () => {
    expect(problemsOf(VALID.replace('    accounts: [dev]\n', '    accounts: [dev, stagin]\n'))).toEqual([
      '10:21 roles.Admin.accounts[1]: account "stagin" is not defined under accounts. Fix: use one of: dev, prod, or add it under accounts.',
    ]);
  });

  test('GIVEN shape and reference mistakes together THEN all are reported at once, in file order', () => {
    const text = VALID.replace('accountId: "111111111111"', 'accountId: 011111111111').replace('environment: development', 'enviroment: development').replace('      Admin: [dev]\n', '      Admin: [qa]\n');
    expect(problemsOf(text)).toEqual([
      '4:14 identity.accountId: must be a quoted 12-digit string. YAML read this unquoted value as the number 11111111111, dropping its leading zeros. Fix: quote it: "011111111111"',
      '6:37 accounts.dev.enviroment: unknown key "enviroment". Did you mean "environment"?',
      '17:15 groups.developers.assume.Admin[0]: account "qa" is not defined under accounts. Fix: use one of: dev, prod, or add it under accounts.',
    ]);
  });
});
