import { analyzeAccess } from '../../review/access';
import { readSynthesizedOrg } from '../../review/artifact';
import { diffAccess, renderDiffMarkdown } from '../../review/diff';
import { DIFF_BASE, DIFF_HEAD, synthText } from '../helpers/diff-orgs';

const load = (out: string) => {
  const synth = readSynthesizedOrg(out);
  return { synth, access: analyzeAccess(synth) };
};

describe('diff', () => {
  test('GIVEN a change that adds, removes and loosens THEN the diff shows exactly those changes', () => {
    const diff = diffAccess(load(synthText(DIFF_BASE)), load(synthText(DIFF_HEAD)));
    expect(diff.changes).toEqual([
      { kind: 'grant-changed', loosens: true, subject: 'developers -> Operator @ dev', details: ['MFA no longer required'] },
      { kind: 'grant-added', loosens: true, subject: 'developers -> ReadOnly @ prod', details: ['MFA, session ≤ 1 h'] },
      { kind: 'grant-removed', loosens: false, subject: 'oncall -> Operator @ prod', details: [] },
    ]);
    expect(diff.loosened).toBe(2);
  });

  test('GIVEN no change THEN the diff is empty', () => {
    const out = synthText(DIFF_BASE);
    expect(diffAccess(load(out), load(out)).changes).toEqual([]);
    expect(renderDiffMarkdown({ changes: [], loosened: 0 })).toBe('## Access changes\n\nNo change in who can assume what.\n');
  });

  test('GIVEN a changed external id, a longer session and a new managed policy THEN each is reported as loosening', () => {
    const head = DIFF_BASE.replace('externalId: ext-one', 'externalId: ext-two').replace('    accounts: "*"\n    managedPolicies: [ReadOnlyAccess]\n', '    accounts: "*"\n    managedPolicies: [ReadOnlyAccess, SecurityAudit]\n    maxSessionDuration: 7200\n');
    const diff = diffAccess(load(synthText(DIFF_BASE)), load(synthText(head)));
    expect(diff.changes).toEqual([
      { kind: 'grant-changed', loosens: true, subject: 'developers -> ReadOnly @ dev', details: ['session 1 h -> 2 h'] },
      { kind: 'principal-changed', loosens: true, subject: 'arn:aws:iam::999999999999:role/Scanner -> Vendor @ prod', details: ['external id ext-one -> ext-two'] },
      { kind: 'permissions-changed', loosens: true, subject: 'ReadOnly @ dev', details: ['+ arn:aws:iam::aws:policy/SecurityAudit'] },
      { kind: 'permissions-changed', loosens: true, subject: 'ReadOnly @ prod', details: ['+ arn:aws:iam::aws:policy/SecurityAudit'] },
    ]);
  });

  test('the Markdown marks every loosening line so no reviewer can miss it', () => {
    const md = renderDiffMarkdown(diffAccess(load(synthText(DIFF_BASE)), load(synthText(DIFF_HEAD))));
    expect(md).toBe(
      [
        '## Access changes',
        '',
        '> [!WARNING]',
        '> **2 changes LOOSEN access.** Review each line marked ⚠️ LOOSENED.',
        '',
        '| | change | who -> what | details |',
        '| --- | --- | --- | --- |',
        '| ⚠️ **LOOSENED** | conditions changed | `developers -> Operator @ dev` | MFA no longer required |',
        '| ⚠️ **LOOSENED** | access granted | `developers -> ReadOnly @ prod` | MFA, session ≤ 1 h |',
        '| ✅ | access removed | `oncall -> Operator @ prod` |  |',
        '',
      ].join('\n'),
    );
  });
});
