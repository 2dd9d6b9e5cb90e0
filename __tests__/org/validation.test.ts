/**
 * Every mistake a person can make in the org file: the exact message, its line and column, and
 * proof that nothing was written (an earlier cdktf.out stays exactly as it was).
 */
import { refusedProblems } from '../helpers/refuse';
import { BASE, inline, withAdmin } from '../helpers/base-org';


describe('bad org files are refused with file, line, key and fix; nothing is written', () => {
  test('YAML syntax error', async () => {
    expect(await refusedProblems(BASE.replace('  dev: { accountId: "222222222222" }', '  dev: { accountId: "222222222222"'))).toEqual([
      '7:3 : invalid YAML (BAD_INDENT): Flow map in block collection must be sufficiently indented and end with a }. Fix: check the indentation and quoting on this line.',
    ]);
  });

  test('unknown key, with a suggestion when it is close to a known one', async () => {
    expect(await refusedProblems(withAdmin('    managedPolicy: [ReadOnlyAccess]\n'))).toEqual([
      '11:5 roles.Admin.managedPolicy: unknown key "managedPolicy". Did you mean "managedPolicies"?',
    ]);
  });

  test('unknown key far from every known one lists the known keys', async () => {
    expect(await refusedProblems(BASE.replace('  dev: { accountId: "222222222222" }', '  dev: { accountId: "222222222222", owner: me }'))).toEqual([
      '6:37 accounts.dev.owner: unknown key "owner". Fix: remove it; known keys here: accountId, deployment, environment, ou, region, tags.',
    ]);
  });

  test('duplicate key', async () => {
    expect(await refusedProblems(BASE.replace('  prod: {', '  dev: { accountId: "333333333333" }\n  prod: {'))).toEqual([
      '7:3 : duplicate key "dev": it is already set earlier in the same map. Fix: keep one entry (merge the two).',
    ]);
  });

  test('account id read as a number: YAML dropped its leading zero', async () => {
    expect(await refusedProblems(BASE.replace('"222222222222"', '022222222222'))).toEqual([
      '6:21 accounts.dev.accountId: must be a quoted 12-digit string. YAML read this unquoted value as the number 22222222222, dropping its leading zeros. Fix: quote it: "022222222222"',
    ]);
  });

  test('account id that is not 12 digits', async () => {
    expect(await refusedProblems(BASE.replace('"222222222222"', '"22222"'))).toEqual(['6:21 accounts.dev.accountId: must be exactly 12 digits, e.g. "111111111111"']);
  });

  test('duplicate account ids', async () => {
    expect(await refusedProblems(BASE.replace('"444444444444"', '"222222222222"'))).toEqual([
      '7:22 accounts.prod.accountId: account id 222222222222 is already used by account "dev". Fix: each account key needs its own account id.',
    ]);
  });

  test('an account named like a stack the app makes itself', async () => {
    expect(await refusedProblems(BASE.replace('  prod:', '  identity:'))).toEqual([
      '7:3 accounts.identity: "identity" is the name of a stack the app makes itself. Fix: rename the account, e.g. identity-account.',
    ]);
  });

  test('a group granting a role that does not exist', async () => {
    expect(await refusedProblems(BASE.replace('      Admin: [dev]', '      Admin: [dev]\n      ReadOnly: [dev]'))).toEqual([
      '16:7 groups.developers.assume.ReadOnly: role "ReadOnly" is not defined under roles. Fix: use one of: Admin, or define it under roles.',
    ]);
  });

  test('a group granting an account that does not exist', async () => {
    expect(await refusedProblems(BASE.replace('      Admin: [dev]', '      Admin: [dev, qa]'))).toEqual([
      '15:20 groups.developers.assume.Admin[1]: account "qa" is not defined under accounts. Fix: use one of: dev, prod, or add it under accounts.',
    ]);
  });

  test('a role naming an account that does not exist', async () => {
    expect(await refusedProblems(BASE.replace('    accounts: [dev]', '    accounts: [dev, prd]'))).toEqual([
      '10:21 roles.Admin.accounts[1]: account "prd" is not defined under accounts. Did you mean "prod"? Fix: use one of: dev, prod, or add it under accounts.',
    ]);
  });

  test('role name longer than IAM allows', async () => {
    const long = 'R'.repeat(65);
    expect(await refusedProblems(BASE.replace('  Admin:\n', `  ${long}:\n`).replace('      Admin: [dev]', `      ${long}: [dev]`))).toEqual([
      `9:3 roles.${long}: key is longer than the 64 characters IAM allows for a role name`,
    ]);
  });

  test('role and group names with characters IAM refuses', async () => {
    expect(await refusedProblems(BASE.replace('  Admin:\n', '  Admin!:\n').replace('      Admin: [dev]', '      Admin!: [dev]').replace('  developers:', '  dev team:'))).toEqual([
      '9:3 roles.Admin!: key may only use letters, digits and +=,.@_- (IAM refuses other characters in a role name)',
      '13:3 groups.dev team: key may only use letters, digits and +=,.@_- (IAM refuses other characters here)',
    ]);
  });

  test('role names that differ only in case', async () => {
    expect(await refusedProblems(BASE.replace('groups:', '  admin:\n    accounts: [prod]\ngroups:'))).toEqual([
      '12:3 roles.admin: IAM role names are case-insensitive: "admin" and "Admin" are the same role. Fix: rename one.',
    ]);
  });

  test('group names that differ only in case', async () => {
    expect(await refusedProblems(`${BASE}  Developers:\n    assume:\n      Admin: [dev]\n`)).toEqual([
      '16:3 groups.Developers: IAM group names are case-insensitive: "Developers" and "developers" are the same group. Fix: rename one.',
    ]);
  });

  test('a path with a wildcard or a policy variable character', async () => {
    expect(await refusedProblems(withAdmin('    path: /team*/\n'))).toEqual([
      '11:11 roles.Admin.path: must not contain "*", "?" or "$": in the ARNs policies name they are wildcards or a variable, so a policy could not name exactly this one. Fix: use letters, digits and +=,.@_- between the slashes',
    ]);
    expect(await refusedProblems(BASE.replace('  developers:\n', '  developers:\n    path: /a?b/\n'))).toEqual([
      '14:11 groups.developers.path: must not contain "*", "?" or "$": in the ARNs policies name they are wildcards or a variable, so a policy could not name exactly this one. Fix: use letters, digits and +=,.@_- between the slashes',
    ]);
  });

  test('a path without slashes at both ends', async () => {
    expect(await refusedProblems(withAdmin('    path: teams/\n'))).toEqual([
      '11:11 roles.Admin.path: must start and end with "/" and use printable ASCII without spaces, e.g. /teams/platform/',
    ]);
  });

  test('session durations below and above IAM limits', async () => {
    expect(await refusedProblems(withAdmin('    maxSessionDuration: 900\n'))).toEqual(['11:25 roles.Admin.maxSessionDuration: must be at least 3600 seconds (1 hour), the IAM minimum']);
    expect(await refusedProblems(withAdmin('    maxSessionDuration: 86400\n'))).toEqual(['11:25 roles.Admin.maxSessionDuration: must be at most 43200 seconds (12 hours), the IAM maximum']);
  });

  test('MFA age on a role no person can assume', async () => {
    const text = withAdmin('    trust:\n      mfaMaxAgeSeconds: 600\n      principals: [arn:aws:iam::444444444444:role/ci]\n').replace('      Admin: [dev]\n', '      {}\n');
    expect(await refusedProblems(text.replace('    assume:\n      {}\n', '    assume: {}\n'))).toEqual([
      '12:25 roles.Admin.trust.mfaMaxAgeSeconds: applies to people, but no group grants this role. Fix: remove it, or grant the role to a group.',
    ]);
  });

  test('MFA age with MFA switched off', async () => {
    expect(await refusedProblems(withAdmin('    trust:\n      mfa: false\n      mfaMaxAgeSeconds: 600\n'))).toEqual([
      '13:25 roles.Admin.trust.mfaMaxAgeSeconds: is set but trust.mfa is false. Fix: remove mfaMaxAgeSeconds, or set mfa: true.',
    ]);
  });

  test('principals that are not IAM role, user or account ARNs', async () => {
    expect(await refusedProblems(withAdmin('    trust:\n      principals: ["*", "arn:aws:iam::999999999999:group/auditors"]\n      externalId: abc-123\n'))).toEqual([
      '12:20 roles.Admin.trust.principals[0]: "*" is not an IAM role, user or account ARN. Fix: write it like arn:aws:iam::999999999999:role/Name (no wildcards).',
      '12:25 roles.Admin.trust.principals[1]: "arn:aws:iam::999999999999:group/auditors" is not an IAM role, user or account ARN. Fix: write it like arn:aws:iam::999999999999:role/Name (no wildcards).',
    ]);
  });

  test('a principal outside the org without an external id', async () => {
    expect(await refusedProblems(withAdmin('    trust:\n      principals: [arn:aws:iam::999999999999:role/Vendor]\n'))).toEqual([
      '12:20 roles.Admin.trust.principals[0]: arn:aws:iam::999999999999:role/Vendor is outside the org (account 999999999999 is not named in this file) and needs an external id against the confused-deputy problem. Fix: add trust.externalId with the id agreed with that party.',
    ]);
  });

  test('malformed external ids', async () => {
    const vendor = (id: string) => withAdmin(`    trust:\n      principals: [arn:aws:iam::999999999999:role/Vendor]\n      externalId: ${id}\n`);
    expect(await refusedProblems(vendor('"has spaces"'))).toEqual(['13:19 roles.Admin.trust.externalId: may only use letters, digits and +=,.@:/_- (STS refuses others)']);
    expect(await refusedProblems(vendor('x'))).toEqual(['13:19 roles.Admin.trust.externalId: must be 2 to 1,224 characters']);
  });

  test('inline policy statement without Effect', async () => {
    expect(await refusedProblems(inline('          - Action: s3:GetObject\n            Resource: "*"\n'))).toEqual(['15:13 roles.Admin.inlinePolicies.p.Statement[0].Effect: is required: "Allow" or "Deny"']);
  });

  test('inline policy action that is not service:Action', async () => {
    expect(await refusedProblems(inline('          - Effect: Allow\n            Action: GetObject\n            Resource: "*"\n'))).toEqual([
      '16:21 roles.Admin.inlinePolicies.p.Statement[0].Action: must be "service:Action" such as s3:GetObject (wildcards * and ? allowed)',
    ]);
  });

  test('inline policy statement without Resource', async () => {
    expect(await refusedProblems(inline('          - Effect: Allow\n            Action: s3:GetObject\n'))).toEqual([
      '15:13 roles.Admin.inlinePolicies.p.Statement[0]: needs exactly one of Resource or NotResource (identity policies name what they apply to)',
    ]);
  });

  test('inline policy with a condition operator that does not exist', async () => {
    expect(await refusedProblems(inline('          - Effect: Allow\n            Action: s3:GetObject\n            Resource: "*"\n            Condition:\n              "String Equals": { "aws:SourceVpc": "vpc-1" }\n'))).toEqual([
      '19:15 roles.Admin.inlinePolicies.p.Statement[0].Condition.String Equals: key is not a condition operator such as StringEquals',
    ]);
  });

  test('inline policy with a Principal (identity policies have none)', async () => {
    expect(await refusedProblems(inline('          - Effect: Allow\n            Principal: "*"\n            Action: s3:GetObject\n            Resource: "*"\n'))).toEqual([
      '16:13 roles.Admin.inlinePolicies.p.Statement[0].Principal: unknown key "Principal". Fix: remove it; known keys here: Sid, Effect, Action, NotAction, Resource, NotResource, Condition.',
    ]);
  });

  test('managed policy names that are not well-formed', async () => {
    expect(await refusedProblems(BASE.replace('[AdministratorAccess]', '["Administrator Access"]'))).toEqual([
      '11:23 roles.Admin.managedPolicies[0]: must be an AWS managed policy name like ReadOnlyAccess or job-function/ViewOnlyAccess, the name of a policy under policies, or a policy ARN like arn:aws:iam::aws:policy/ReadOnlyAccess',
    ]);
  });

  test('a boolean written as yes (YAML 1.2 reads it as a string)', async () => {
    expect(await refusedProblems(withAdmin('    trust:\n      mfa: yes\n'))).toEqual(['12:12 roles.Admin.trust.mfa: must be true or false, not string "yes"']);
  });

  test('a backend type that does not exist, and a misspelt backend key', async () => {
    expect(await refusedProblems(BASE.replace('accounts:\n', 'deployment:\n  backend:\n    type: s4\naccounts:\n'))).toEqual(['7:11 deployment.backend.type: type must be one of local, s3, cloud']);
    expect(await refusedProblems(BASE.replace('accounts:\n', 'deployment:\n  backend:\n    type: s3\n    bucket: state\n    bukket: x\naccounts:\n'))).toEqual([
      '9:5 deployment.backend.bukket: unknown key "bukket". Did you mean "bucket"?',
    ]);
  });

  test('a lint suppression without a reason, and one naming a group that does not exist', async () => {
    expect(await refusedProblems(`${BASE}lint:\n  suppressions:\n    - rule: CAI008\n      group: developers\n`)).toEqual(['18:7 lint.suppressions[0].reason: is required: say why this finding is accepted']);
    expect(await refusedProblems(`${BASE}lint:\n  suppressions:\n    - rule: CAI008\n      group: develoeprs\n      reason: Developers need every account.\n`)).toEqual([
      '19:14 lint.suppressions[0].group: group "develoeprs" is not defined under groups. Did you mean "developers"? Fix: name a defined group (or permission set, SAML role or OIDC entry), or remove the suppression.',
    ]);
  });

  test('a missing required key', async () => {
    expect(await refusedProblems(BASE.replace('region: us-east-1\n', ''))).toEqual(['1:1 region: is required']);
  });

  test('many mistakes at once are all reported, in file order', async () => {
    const text = BASE.replace('"222222222222"', '022222222222').replace('      Admin: [dev]', '      Admin: [qa]').replace('    accounts: [dev]\n', '    accounts: [dev]\n    maxSessionDuration: 60\n');
    expect(await refusedProblems(text)).toEqual([
      '6:21 accounts.dev.accountId: must be a quoted 12-digit string. YAML read this unquoted value as the number 22222222222, dropping its leading zeros. Fix: quote it: "022222222222"',
      '11:25 roles.Admin.maxSessionDuration: must be at least 3600 seconds (1 hour), the IAM minimum',
      '16:15 groups.developers.assume.Admin[0]: account "qa" is not defined under accounts. Fix: use one of: dev, prod, or add it under accounts.',
    ]);
  });
});
