/**
 * The checks of organizational units and of the long form of a grant (accounts,
 * organizationalUnits, until): the exact message, line and column of each mistake, and the
 * warning before a grant ends. The clock is pinned with CROSS_ACCOUNT_IAM_NOW.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLOCK_VARIABLE } from '../../org/grant-end';
import { parseOrg } from '../../org/load';
import { refusedProblems } from '../helpers/refuse';
import { FIXTURES } from '../helpers/synth';

const TEXT = readFileSync(join(FIXTURES, 'organizational-units.yaml'), 'utf8');
const edit = (from: string, to: string) => {
  if (!TEXT.includes(from)) throw new Error(`fixture has no ${from}`);
  return TEXT.replace(from, to);
};

beforeEach(() => {
  process.env[CLOCK_VARIABLE] = '2099-01-10T12:00:00Z';
});
afterEach(() => {
  delete process.env[CLOCK_VARIABLE];
});

describe('organizational units', () => {
  test('units need orgId and orgRootId: their paths start with both', async () => {
    expect(await refusedProblems(edit('orgRootId: r-ab12\n', ''))).toEqual([
      '13:1 organizationalUnits: needs orgRootId at the top of the file: a unit\'s path in policies (aws:ResourceOrgPaths) is <orgId>/<orgRootId>/<ou ids>/. Fix: set orgRootId: r-... (aws organizations list-roots).',
    ]);
  });

  test('a parent that is not a unit, a loop of parents, an id used twice', async () => {
    expect(await refusedProblems(edit('prod: { id: ou-ab12-22222222, parent: workloads }', 'prod: { id: ou-ab12-22222222, parent: workload }'))).toEqual([
      '16:41 organizationalUnits.prod.parent: "workload" is not a key of organizationalUnits. Did you mean "workloads"? Fix: name the unit this one is in, or remove parent (directly under the root).',
    ]);
    expect(await refusedProblems(edit('workloads: { id: ou-ab12-11111111, name: Workloads }', 'workloads: { id: ou-ab12-11111111, name: Workloads, parent: prod }'))).toEqual([
      '15:63 organizationalUnits.workloads.parent: makes a loop of parents: workloads -> prod -> workloads. Fix: give one of these units the unit it is really in, or no parent (directly under the root).',
      '16:41 organizationalUnits.prod.parent: makes a loop of parents: prod -> workloads -> prod. Fix: give one of these units the unit it is really in, or no parent (directly under the root).',
    ]);
    expect(await refusedProblems(edit('security: { id: ou-ab12-44444444 }', 'security: { id: ou-ab12-22222222 }'))).toEqual([
      '18:19 organizationalUnits.security.id: ou-ab12-22222222 is already the id of organizationalUnits.prod. Fix: each unit has its own id.',
    ]);
  });

  test('an account in a unit the file does not name, and a unit id AWS would not have', async () => {
    expect(await refusedProblems(edit('dev: { accountId: "222222222222", ou: nonprod }', 'dev: { accountId: "222222222222", ou: non-prod }'))).toEqual([
      '20:41 accounts.dev.ou: "non-prod" is not a key of organizationalUnits. Did you mean "nonprod"? Fix: use one of: workloads, prod, nonprod, security, or add it under organizationalUnits.',
    ]);
    expect(await refusedProblems(edit('security: { id: ou-ab12-44444444 }', 'security: { id: ou-44444444 }'))).toEqual([
      '18:19 organizationalUnits.security.id: must be an OU id such as ou-ab12-11111111',
    ]);
  });
});

describe('grants by unit', () => {
  test('a unit the file does not name, and a unit that holds no account of the file', async () => {
    expect(await refusedProblems(edit('organizationalUnits: [nonprod]\n', 'organizationalUnits: [nonprd]\n'))).toEqual([
      '40:31 groups.engineers.assume.Admin.organizationalUnits[0]: "nonprd" is not a key of organizationalUnits. Did you mean "nonprod"? Fix: use one of: workloads, prod, nonprod, security.',
    ]);
    expect(await refusedProblems(edit('  audit: { accountId: "555555555555", ou: security }', '  audit: { accountId: "555555555555" }'))).toEqual([
      '44:42 groups.auditors.assume.ReadOnly.organizationalUnits[1]: unit "security" holds no account of this file (no account\'s ou is security or a unit inside it), so no role would be created for this grant, while its policy would name the role in every account under security. Fix: set ou: security on the accounts under it, or remove it here.',
      '64:31 samlRoles.OktaOps.assume.ReadOnly.organizationalUnits[0]: unit "security" holds no account of this file (no account\'s ou is security or a unit inside it), so no role would be created for this grant, while its policy would name the role in every account under security. Fix: set ou: security on the accounts under it, or remove it here.',
    ]);
  });

  test('a unit grant must cover only accounts where the role lives, when the role says where', async () => {
    expect(await refusedProblems(edit('  Admin:\n    managedPolicies: [AdministratorAccess]\n', '  Admin:\n    accounts: [dev]\n    managedPolicies: [AdministratorAccess]\n'))).toEqual([
      '49:30 groups.contractors.assume.Admin.organizationalUnits: covers prod-a, prod-b, where roles.Admin.accounts does not place the role: a unit grant means every account of the file under the unit. Fix: add prod-a, prod-b to roles.Admin.accounts (or use "*"), or grant by accounts instead.',
      '58:30 permissionSets.Responders.assume.Admin.organizationalUnits: covers prod-a, prod-b, where roles.Admin.accounts does not place the role: a unit grant means every account of the file under the unit. Fix: add prod-a, prod-b to roles.Admin.accounts (or use "*"), or grant by accounts instead.',
    ]);
  });

  test('the long form names accounts or units, not "*" beside units, and no unknown key', async () => {
    expect(await refusedProblems(edit('        organizationalUnits: [nonprod]\n', '        until: "2099-12-31T00:00:00Z"\n'))).toEqual([
      '40:9 groups.engineers.assume.Admin: names neither accounts nor organizationalUnits. Fix: add accounts: [..] or organizationalUnits: [..]',
    ]);
    expect(await refusedProblems(edit('        organizationalUnits: [nonprod]\n', '        organizationalUnits: [nonprod]\n        accounts: "*"\n'))).toEqual([
      '40:30 groups.engineers.assume.Admin.organizationalUnits: is redundant beside accounts: "*", which already grants the role in every account it lives in. Fix: remove one of them.',
    ]);
    expect(await refusedProblems(edit('        organizationalUnits: [nonprod]\n', '        organizationalUnit: [nonprod]\n'))).toEqual([
      '40:9 groups.engineers.assume.Admin.organizationalUnit: unknown key "organizationalUnit". Did you mean "organizationalUnits"?',
      '40:9 groups.engineers.assume.Admin: names neither accounts nor organizationalUnits. Fix: add accounts: [..] or organizationalUnits: [..]',
    ]);
  });
});

describe('grants that end', () => {
  test('an end is an RFC 3339 date-time with seconds and a time zone, and a real one', async () => {
    expect(await refusedProblems(edit('until: "2099-03-31T23:59:59Z"', 'until: 2099-03-31'))).toEqual([
      '49:16 groups.contractors.assume.Admin.until: must be an RFC 3339 date-time with seconds and a time zone, e.g. 2027-03-31T23:59:59Z or 2027-03-31T18:00:00-05:00 (a bare date is refused: it could mean its first or its last second)',
    ]);
    expect(await refusedProblems(edit('until: "2099-03-31T23:59:59Z"', 'until: "2099-02-30T23:59:59Z"'))).toEqual([
      '49:16 groups.contractors.assume.Admin.until: is not a real date and time (check the month, the day and the hours). Fix: write it like 2027-03-31T23:59:59Z',
    ]);
  });

  test('a grant that has ended is refused at synth (remove it); one that ends within 14 days is warned about', async () => {
    process.env[CLOCK_VARIABLE] = '2099-01-16T00:00:00Z';
    expect(await refusedProblems(TEXT)).toEqual([
      '52:16 groups.contractors.assume.ReadOnly.until: the grant ended at 2099-01-15T17:00:00Z (ended today): IAM already refuses it, and a grant that has ended only hides what the file really allows. Fix: remove groups.contractors.assume.ReadOnly, or give it a later until if the access must go on.',
    ]);
    process.env[CLOCK_VARIABLE] = '2099-01-10T12:00:00Z';
    expect(parseOrg(TEXT, 'org.yaml').warnings.map((w) => `${w.line}:${w.column} ${w.path}: ${w.message}`)).toEqual([
      '52:16 groups.contractors.assume.ReadOnly.until: the grant ends at 2099-01-15T17:00:00Z (5 days left). Fix: remove groups.contractors.assume.ReadOnly once it has ended, or give it a later until if the access must go on.',
    ]);
  });

  test('the model keeps each grant\'s end in UTC and the unit it came through', () => {
    const model = parseOrg(TEXT, 'org.yaml');
    const contractors = model.groups.find((g) => g.name === 'contractors')!;
    expect(contractors.grants).toEqual([
      { role: 'Admin', account: 'prod-a', until: '2099-03-31T23:59:59Z', viaUnit: 'prod' },
      { role: 'Admin', account: 'prod-b', until: '2099-03-31T23:59:59Z', viaUnit: 'prod' },
      { role: 'ReadOnly', account: 'audit', until: '2099-01-15T17:00:00Z' },
    ]);
    expect(contractors.unitGrants).toEqual([{ role: 'Admin', units: ['prod'], until: '2099-03-31T23:59:59Z' }]);
    expect(model.organizationalUnits!.map((u) => `${u.key} ${u.orgPath}`)).toEqual([
      'workloads o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/',
      'prod o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/',
      'nonprod o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-33333333/',
      'security o-a1b2c3d4e5/r-ab12/ou-ab12-44444444/',
    ]);
  });
});
