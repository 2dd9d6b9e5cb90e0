import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadOrgFile } from '../../org/load';
import { selectStacks, UnknownStackError } from '../../stacks/app';
import { stackFilter, synthesizeAtomically } from '../../stacks/synth';
import { EXAMPLE_ORG, tempDir } from '../helpers/synth';

describe('synthesizing only some stacks (STACKS=dev,prod)', () => {
  const model = loadOrgFile(EXAMPLE_ORG);

  test('STACKS is read as a comma-separated list; empty means every stack', () => {
    expect(stackFilter({ STACKS: 'dev, prod' })).toEqual(['dev', 'prod']);
    expect(stackFilter({})).toBeUndefined();
    expect(selectStacks(model)).toEqual({ identity: true, organization: false, accounts: model.accounts });
  });

  test('GIVEN dev and identity THEN only those stacks are written', async () => {
    const out = join(tempDir(), 'cdktf.out');
    await synthesizeAtomically(model, out, { stacks: ['dev', 'identity'] });
    expect(readdirSync(join(out, 'stacks')).sort()).toEqual(['dev', 'identity']);
  });

  test('GIVEN a stack that does not exist THEN the error names it and lists the stacks', () => {
    expect(() => selectStacks(model, ['dev', 'qa'])).toThrow(new UnknownStackError(['qa'], ['identity', 'dev', 'staging', 'prod', 'tooling']));
    expect(() => selectStacks(model, ['qa'])).toThrow('STACKS names "qa", which the org file does not define. Stacks: identity, dev, staging, prod, tooling.');
  });
});
