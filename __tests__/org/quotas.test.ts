/** IAM quotas checked on the rendered policies at synth, with the org file's line and the fix. */
import { parseOrg } from '../../org/load';
import { refusedProblems } from '../helpers/refuse';

const org = (roles: string, extra = '') => `organization: acme
region: us-east-1
identity:
  accountId: "111111111111"
accounts:
  dev: { accountId: "222222222222" }
roles:
${roles}groups:
  developers:
    assume:
      Admin: [dev]
${extra}`;

const principals = (n: number) => Array.from({ length: n }, (_, i) => `        - arn:aws:iam::999999999999:role/vendor-automation-role-${String(i).padStart(3, '0')}\n`).join('');
const vendorRole = (n: number) => `  Admin:\n    accounts: [dev]\n  Vendor:\n    accounts: [dev]\n    trust:\n      externalId: vendor-external-id\n      principals:\n${principals(n)}`;

describe('IAM quotas', () => {
  test('GIVEN a trust policy over 2,048 characters THEN synth stops at the role with the fix', async () => {
    expect(await refusedProblems(org(vendorRole(40)))).toEqual([
      '13:7 roles.Vendor.trust: the trust policy is 2,667 characters; the role trust policy quota is 2,048. Fix: trust fewer principals, or have AWS raise the "Role trust policy length" quota and set quotas.trustPolicySize to it.',
    ]);
  });

  test('GIVEN a raised trust policy quota THEN the same role synthesizes', () => {
    const model = parseOrg(org(vendorRole(40), 'quotas:\n  trustPolicySize: 4096\n'), 'org.yaml');
    expect(model.quotas.trustPolicySize).toBe(4096);
  });

  test('GIVEN inline policies over 10,240 characters together THEN synth stops at inlinePolicies', async () => {
    const statement = (i: number) => `          - { Sid: S${i}, Effect: Allow, Action: s3:GetObject, Resource: "arn:aws:s3:::bucket-with-a-rather-long-name-${i}/*" }\n`;
    const policies = [0, 1, 2].map((p) => `      p${p}:\n        Version: "2012-10-17"\n        Statement:\n${Array.from({ length: 40 }, (_, i) => statement(p * 100 + i)).join('')}`).join('');
    expect(await refusedProblems(org(`  Admin:\n    accounts: [dev]\n    inlinePolicies:\n${policies}`))).toEqual([
      '11:7 roles.Admin.inlinePolicies: the inline policies add up to 14,294 characters; IAM allows 10,240 per role. Fix: move some statements into a customer managed policy and list its ARN under managedPolicies.',
    ]);
  });

  test('GIVEN 11 managed policies THEN refused; with quotas.managedPoliciesPerRole 20 THEN accepted', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `arn:aws:iam::222222222222:policy/p${i}`).join(', ');
    const role = `  Admin:\n    accounts: [dev]\n    managedPolicies: [${eleven}]\n`;
    expect(await refusedProblems(org(role))).toEqual([
      '10:22 roles.Admin.managedPolicies: attaches 11 managed policies; the quota is 10 per role. Fix: combine policies, or have AWS raise the quota (up to 20) and set quotas.managedPoliciesPerRole.',
    ]);
    expect(parseOrg(org(role, 'quotas:\n  managedPoliciesPerRole: 20\n'), 'org.yaml').roles[0].managedPolicyArns).toHaveLength(11);
  });

  test('GIVEN a raised quota above what AWS allows THEN the quota itself is refused', async () => {
    expect(await refusedProblems(org('  Admin:\n    accounts: [dev]\n', 'quotas:\n  managedPoliciesPerRole: 30\n'))).toEqual(['15:27 quotas.managedPoliciesPerRole: can be raised to 20 at most']);
  });

  test('GIVEN more than 1,000 roles in one account THEN the account is named', async () => {
    const roles = Array.from({ length: 1001 }, (_, i) => `  R${i}: { accounts: [dev] }\n`).join('');
    expect(await refusedProblems(org(`  Admin:\n    accounts: [dev]\n${roles}`))).toEqual([
      '6:8 accounts.dev: would hold 1,002 generated roles; the quota is 1,000 roles per account (and other roles live there too). Fix: place fewer roles in it, or have AWS raise the quota and set quotas.rolesPerAccount.',
    ]);
  });

  test('GIVEN more than 300 groups THEN groups is named; a raised quota of 500 accepts them', async () => {
    const groups = Array.from({ length: 300 }, (_, i) => `  g${i}: {}\n`).join('');
    const text = org('  Admin:\n    accounts: [dev]\n', groups);
    expect(await refusedProblems(text)).toEqual([
      '11:3 groups: defines 301 groups; the quota is 300 per account. Fix: merge groups, or have AWS raise the quota (up to 500) and set quotas.groupsPerAccount.',
    ]);
    expect(parseOrg(`${text}quotas:\n  groupsPerAccount: 500\n`, 'org.yaml').groups).toHaveLength(301);
  });

  test('GIVEN more than 50 tags with the default tags THEN the role tags are named', async () => {
    const tags = Array.from({ length: 48 }, (_, i) => `      T${i}: v\n`).join('');
    expect(await refusedProblems(org(`  Admin:\n    accounts: [dev]\n    tags:\n${tags}`))).toEqual([
      '11:7 roles.Admin.tags: in account dev the role would carry 51 tags (with the stack\'s default tags); IAM allows 50. Fix: drop some tags.',
    ]);
  });

  test('GIVEN path and name over 64 characters THEN the console cannot switch to it', async () => {
    expect(await refusedProblems(org(`  Admin:\n    accounts: [dev]\n    path: /${'p'.repeat(60)}/\n`))).toEqual([
      "10:11 roles.Admin.path: path and name together are 66 characters; the console's switch role accepts at most 64. Fix: shorten the path or the role name.",
    ]);
  });
});

describe('a group whose grants cannot be packed', () => {
  test('GIVEN 400 accounts, each granted its own set of roles THEN synth stops at the group with the fix', async () => {
    const accounts = Array.from({ length: 400 }, (_, i) => `  a${i}: { accountId: "${String(300000000000 + i)}" }\n`).join('');
    const roleNames = Array.from({ length: 9 }, (_, i) => `RoleWithALongishName${i}`);
    const roles = roleNames.map((r) => `  ${r}: { accounts: "*" }\n`).join('');
    // Account i gets role j when bit j of i is set: no two accounts share a set, so nothing compacts.
    const grants = roleNames.map((r, j) => `      ${r}: [${Array.from({ length: 400 }, (_, i) => i).filter((i) => (i >> j) & 1).map((i) => `a${i}`).join(', ')}]\n`).join('');
    const text = `organization: acme\nregion: us-east-1\nidentity:\n  accountId: "111111111111"\naccounts:\n${accounts}roles:\n${roles}groups:\n  everyone:\n    assume:\n${grants}`;
    const problems = await refusedProblems(text);
    expect(problems).toEqual([
      '419:7 groups.everyone.assume: its grants need 16 managed policies of 6,144 characters even when packed by account set; IAM allows 10 per group. ' +
        'Fix: split the group into smaller groups, or grant roles in the same accounts (e.g. "*") so that accounts share one list.',
    ]);
  });
});
