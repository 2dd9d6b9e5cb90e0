/**
 * The review of grants by organizational unit and grants that end, read from the synthesized
 * stacks (what will be deployed): the access report says each end and the days left and which
 * grants come through a unit; diff calls a later end (or none) loosening; lint warns 14 days
 * before an end (CAI011) and fails once it has passed (CAI010). The clock is pinned.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLOCK_VARIABLE } from '../../org/grant-end';
import { analyzeAccess } from '../../review/access';
import { readSynthesizedOrg } from '../../review/artifact';
import { diffAccess } from '../../review/diff';
import { runLint } from '../../review/lint/run';
import { grantConditions } from '../../review/report';
import { synthText } from '../helpers/diff-orgs';
import { FIXTURES } from '../helpers/synth';

const TEXT = readFileSync(join(FIXTURES, 'organizational-units.yaml'), 'utf8');
const load = (out: string) => {
  const synth = readSynthesizedOrg(out);
  return { synth, access: analyzeAccess(synth) };
};

let base: ReturnType<typeof load>;
beforeAll(() => {
  process.env[CLOCK_VARIABLE] = '2099-01-01T00:00:00Z';
  base = load(synthText(TEXT));
});
afterAll(() => {
  delete process.env[CLOCK_VARIABLE];
});

test('the access read back from the stacks: unit grants reach the accounts under the unit (the account stacks say their path), each with its end', () => {
  const pairs = base.access.grants.map((g) => `${g.group} ${g.role}@${g.account}${g.until ? ` until ${g.until}` : ''}${g.orgPaths ? ' by unit' : ''}`).sort();
  expect(pairs).toEqual([
    'OktaOps ReadOnly@audit by unit',
    'Responders Admin@prod-a until 2099-06-30T00:00:00Z by unit',
    'Responders Admin@prod-b until 2099-06-30T00:00:00Z by unit',
    'auditors ReadOnly@audit by unit',
    'auditors ReadOnly@dev by unit',
    'auditors ReadOnly@prod-a by unit',
    'auditors ReadOnly@prod-b by unit',
    'contractors Admin@prod-a until 2099-03-31T23:59:59Z by unit',
    'contractors Admin@prod-b until 2099-03-31T23:59:59Z by unit',
    'contractors ReadOnly@audit until 2099-01-15T17:00:00Z',
    'engineers Admin@dev by unit',
    'engineers ReadOnly@dev by unit',
    'engineers ReadOnly@prod-a by unit',
    'engineers ReadOnly@prod-b by unit',
    'engineers ReadOnly@shared',
  ]);
  expect(base.synth.accounts.find((a) => a.stack === 'prod-a')!.orgPath).toBe('o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/');
  expect(base.synth.accounts.find((a) => a.stack === 'shared')!.orgPath).toBeUndefined();
  const deploy = base.access.principals.filter((p) => p.kind === 'github-actions').map((p) => `${p.role}@${p.account} until ${p.until}`);
  expect(deploy).toEqual(['Deployer@dev until 2099-12-31T00:00:00Z', 'Deployer@prod-a until 2099-12-31T00:00:00Z', 'Deployer@prod-b until 2099-12-31T00:00:00Z']);
});

test('the report says the end and the days left, and the unit a grant comes through', () => {
  const grant = base.access.grants.find((g) => g.group === 'contractors' && g.account === 'prod-a')!;
  expect(grantConditions(grant)).toBe('MFA, org o-a1b2c3d4e5, by organizational unit (`o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/*`), session ≤ 1 h, **until 2099-03-31T23:59:59Z** (89 days left)');
});

test('diff: a later end, or none, loosens; an earlier end tightens', () => {
  const later = load(synthText(TEXT.replace('until: "2099-03-31T23:59:59Z"', 'until: "2099-09-30T23:59:59Z"')));
  expect(diffAccess(base, later).changes.filter((c) => c.subject.startsWith('contractors'))).toEqual([
    { kind: 'grant-changed', loosens: true, subject: 'contractors -> Admin @ prod-a', details: ['ends 2099-03-31T23:59:59Z (89 days left) -> 2099-09-30T23:59:59Z (272 days left)'] },
    { kind: 'grant-changed', loosens: true, subject: 'contractors -> Admin @ prod-b', details: ['ends 2099-03-31T23:59:59Z (89 days left) -> 2099-09-30T23:59:59Z (272 days left)'] },
  ]);
  const forever = load(synthText(TEXT.replace('        accounts: [audit]\n        until: "2099-01-15T18:00:00+01:00"\n', '        accounts: [audit]\n')));
  expect(diffAccess(base, forever).changes).toEqual([{ kind: 'grant-changed', loosens: true, subject: 'contractors -> ReadOnly @ audit', details: ['ends 2099-01-15T17:00:00Z (14 days left) -> no end'] }]);
  expect(diffAccess(forever, base).changes).toEqual([{ kind: 'grant-changed', loosens: false, subject: 'contractors -> ReadOnly @ audit', details: ['ends no end -> 2099-01-15T17:00:00Z (14 days left)'] }]);
});

test('lint: CAI011 within 14 days of an end, CAI010 once it has passed', () => {
  const findings = () => runLint(base.synth, base.access).findings.filter((f) => f.ruleId === 'CAI010' || f.ruleId === 'CAI011').map((f) => `${f.ruleId} ${f.level} ${f.message}`);
  expect(findings()).toEqual([]);
  process.env[CLOCK_VARIABLE] = '2099-01-10T00:00:00Z';
  expect(findings()).toEqual(['CAI011 warning group contractors can assume ReadOnly in audit until 2099-01-15T17:00:00Z (5 days left)']);
  process.env[CLOCK_VARIABLE] = '2099-01-16T00:00:00Z';
  expect(findings()).toEqual(['CAI010 error group contractors could assume ReadOnly in audit until 2099-01-15T17:00:00Z (ended today)']);
  process.env[CLOCK_VARIABLE] = '2099-01-01T00:00:00Z';
});
