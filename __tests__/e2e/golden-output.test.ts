/**
 * Existing org files synthesize to exactly the bytes they did before every kind of assumer existed:
 * the example org and every fixture (but every-assumer.yaml, hcp-terraform.yaml and
 * organizational-units.yaml, which need the newer features), each stack's cdk.tf.json against its golden copy under __tests__/golden/<org>/<stack>.json.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadOrgFile } from '../../org/load';
import { synthesizeAtomically } from '../../stacks/synth';
import { EXAMPLE_ORG, FIXTURES, ROOT, tempDir } from '../helpers/synth';

const GOLDEN = join(ROOT, '__tests__', 'golden');
const ORGS: [string, string][] = [
  ['org', EXAMPLE_ORG],
  ...readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.yaml') && !['every-assumer.yaml', 'hcp-terraform.yaml', 'organizational-units.yaml'].includes(f))
    .sort()
    .map((f): [string, string] => [basename(f, '.yaml'), join(FIXTURES, f)]),
];

test('every golden org is still an org file here, and every org file has its golden copy', () => {
  expect(ORGS.map(([name]) => name).sort()).toEqual(readdirSync(GOLDEN).sort());
});

test.each(ORGS)('%s synthesizes byte for byte as before', async (name, file) => {
  const out = join(tempDir('cai-golden-'), 'cdktf.out');
  try {
    await synthesizeAtomically(loadOrgFile(file), out);
    const stacks = readdirSync(join(out, 'stacks')).sort();
    expect(stacks).toEqual(readdirSync(join(GOLDEN, name)).map((f) => basename(f, '.json')).sort());
    for (const stack of stacks) {
      const actual = readFileSync(join(out, 'stacks', stack, 'cdk.tf.json'), 'utf8');
      const golden = readFileSync(join(GOLDEN, name, `${stack}.json`), 'utf8');
      // Equal strings first (the byte-identical claim); on a difference, the parsed diff is readable.
      if (actual !== golden) expect([stack, JSON.parse(actual)]).toEqual([stack, JSON.parse(golden)]);
      expect([stack, actual === golden]).toEqual([stack, true]);
    }
  } finally {
    rmSync(join(out, '..'), { recursive: true, force: true });
  }
});
