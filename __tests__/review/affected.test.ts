import { rmSync } from 'node:fs';
import { analyzeAccess } from '../../review/access';
import { affectedNames, affectedStacks, stacksToCompare } from '../../review/affected';
import { readSynthesizedOrg } from '../../review/artifact';
import { diffAccess } from '../../review/diff';
import { DIFF_BASE } from '../helpers/diff-orgs';
import { tempDir } from '../helpers/synth';
import { synthStamped } from './stamped';

const read = (dir: string, only?: ReadonlySet<string>) => {
  const synth = readSynthesizedOrg(dir, 'identity', only);
  return { synth, access: analyzeAccess(synth) };
};

describe('affected stacks', () => {
  let dir: string;
  let base: string;
  beforeAll(async () => {
    dir = tempDir('cai-affected-');
    base = (await synthStamped(DIFF_BASE, 'base', dir)).out;
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a change to a role in one account touches that stack only; reading identity and it gives the same diff as reading all', async () => {
    const head = (await synthStamped(DIFF_BASE.replace('    managedPolicies: [SecurityAudit]\n', '    managedPolicies: [SecurityAudit, ReadOnlyAccess]\n'), 'vendor', dir)).out;
    const affected = affectedStacks(base, head);
    expect(affected).toEqual({ changed: ['prod'], added: [], removed: [], unchanged: 2 });
    const only = stacksToCompare(affected);
    expect([...only!].sort()).toEqual(['identity', 'prod']);
    const partial = diffAccess(read(base, only), read(head, only));
    expect(partial).toEqual(diffAccess(read(base), read(head)));
    expect(partial.changes.map((c) => `${c.kind} ${c.subject} ${c.details.join('; ')}`)).toEqual(['permissions-changed Vendor @ prod + arn:aws:iam::aws:policy/ReadOnlyAccess']);
  });

  test('a change to the identity stack compares every stack (any grant may have changed)', async () => {
    const head = (await synthStamped(DIFF_BASE.replace('      ReadOnly: [dev]', '      ReadOnly: [dev, prod]'), 'grant', dir)).out;
    const affected = affectedStacks(base, head);
    expect(affected).toEqual({ changed: ['identity'], added: [], removed: [], unchanged: 2 });
    expect(stacksToCompare(affected)).toBeUndefined();
  });

  test('an account added and one removed are affected; the same output is not', async () => {
    const head = (await synthStamped(DIFF_BASE.replace('  prod: { accountId: "444444444444" }\n', '  prod: { accountId: "444444444444" }\n  qa: { accountId: "555555555555" }\n'), 'added', dir)).out;
    expect(affectedNames(affectedStacks(base, head))).toEqual(['qa']);
    expect(affectedStacks(head, base)).toEqual({ changed: [], added: [], removed: ['qa'], unchanged: 3 });
    expect(affectedStacks(base, base)).toEqual({ changed: [], added: [], removed: [], unchanged: 3 });
  });
});
