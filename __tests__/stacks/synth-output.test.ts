/** The output folder across synths: re-synth after edits, what Terraform keeps there, and rollback. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOrg } from '../../org/load';
import { OrphanedStateError, synthesizeAtomically } from '../../stacks/synth';
import { snapshotDir } from '../helpers/refuse';
import { tempDir } from '../helpers/synth';

// A fault can be injected into renameSync, the step that puts the new output in place.
let failRenameTo: string | undefined;
jest.mock('node:fs', () => {
  const actual = jest.requireActual<typeof import('node:fs')>('node:fs');
  return {
    ...actual,
    renameSync: (from: string, to: string) => {
      if (to === failRenameTo) {
        failRenameTo = undefined; // once: the rollback's own rename must work
        throw new Error('disk full');
      }
      actual.renameSync(from, to);
    },
  };
});

const org = (accounts: string[], groups = ['devs']) =>
  parseOrg(
    `organization: acme
region: us-east-1
identity: { accountId: "111111111111" }
accounts:
${accounts.map((a, i) => `  ${a}: { accountId: "${String(222222222222 + i * 111111111)}" }`).join('\n')}
roles:
  ReadOnly: { accounts: "*", managedPolicies: [ReadOnlyAccess] }
groups:
${groups.map((g) => `  ${g}: { assume: { ReadOnly: "*" } }`).join('\n')}
`,
    'org.yaml',
  );

const stacksIn = (out: string) => readdirSync(join(out, 'stacks')).sort();

describe('synth into an existing output folder', () => {
  test('GIVEN an earlier synth WHEN an account is removed, then added, then a group added THEN each synth succeeds and the folder holds exactly the stacks of the file', async () => {
    const out = join(tempDir(), 'cdktf.out');
    await synthesizeAtomically(org(['dev', 'prod', 'qa']), out);
    expect(stacksIn(out)).toEqual(['dev', 'identity', 'prod', 'qa']);
    const before = snapshotDir(out);

    await synthesizeAtomically(org(['dev', 'qa']), out);
    expect(stacksIn(out)).toEqual(['dev', 'identity', 'qa']);
    const after = snapshotDir(out);
    // A stack that stays is unchanged byte for byte (account ids follow the position in this helper, so only dev keeps its id).
    expect(after['stacks/dev/cdk.tf.json']).toBe(before['stacks/dev/cdk.tf.json']);
    expect(after['stacks/prod/cdk.tf.json']).toBeUndefined();

    await synthesizeAtomically(org(['dev', 'qa', 'staging'], ['devs', 'ops']), out);
    expect(stacksIn(out)).toEqual(['dev', 'identity', 'qa', 'staging']);
    expect(JSON.parse(snapshotDir(out)['stacks/identity/cdk.tf.json']).resource.aws_iam_group).toHaveProperty('group_ops');
    expect(readdirSync(join(out, '..')).sort()).toEqual(['cdktf.out']);
  });

  test('GIVEN Terraform files in a stack folder (.terraform, lock file, local state) WHEN synthesized again THEN they are still there', async () => {
    const out = join(tempDir(), 'cdktf.out');
    await synthesizeAtomically(org(['dev']), out);
    mkdirSync(join(out, 'stacks', 'dev', '.terraform', 'providers'), { recursive: true });
    writeFileSync(join(out, 'stacks', 'dev', '.terraform.lock.hcl'), 'lock');
    writeFileSync(join(out, 'stacks', 'dev', 'terraform.dev.tfstate'), '{"resources":[{"type":"aws_iam_role"}]}');
    await synthesizeAtomically(org(['dev']), out);
    expect(readdirSync(join(out, 'stacks', 'dev')).sort()).toEqual(['.terraform', '.terraform.lock.hcl', 'cdk.tf.json', 'terraform.dev.tfstate']);
    expect(readFileSync(join(out, 'stacks', 'dev', 'terraform.dev.tfstate'), 'utf8')).toBe('{"resources":[{"type":"aws_iam_role"}]}');
  });

  test('GIVEN a removed account whose folder holds a local state with resources THEN the synth is refused, with the state named, and the folder is untouched', async () => {
    const out = join(tempDir(), 'cdktf.out');
    await synthesizeAtomically(org(['dev', 'prod']), out);
    const state = join(out, 'stacks', 'prod', 'terraform.prod.tfstate');
    writeFileSync(state, '{"resources":[{"type":"aws_iam_role"}]}');
    const before = snapshotDir(out);
    const run = synthesizeAtomically(org(['dev']), out);
    await expect(run).rejects.toThrow(OrphanedStateError);
    await expect(synthesizeAtomically(org(['dev']), out)).rejects.toThrow(
      `A stack no longer in the org file still holds Terraform state with live resources; nothing was synthesized:\n  prod: ${state}\nFix: destroy that stack first`,
    );
    expect(snapshotDir(out)).toEqual(before);
    expect(readdirSync(join(out, '..')).sort()).toEqual(['cdktf.out']);
    // An empty state (destroyed) does not hold the stack back.
    writeFileSync(state, '{"resources":[]}');
    await synthesizeAtomically(org(['dev']), out);
    expect(stacksIn(out)).toEqual(['dev', 'identity']);
  });

  test('GIVEN a failure while the new output is put in place THEN the earlier folder is exactly as it was, Terraform files included, and no staging folder is left', async () => {
    const out = join(tempDir(), 'cdktf.out');
    await synthesizeAtomically(org(['dev', 'prod']), out);
    writeFileSync(join(out, 'stacks', 'dev', 'terraform.dev.tfstate'), '{"resources":[{"type":"aws_iam_role"}]}');
    mkdirSync(join(out, 'stacks', 'dev', '.terraform'));
    const before = snapshotDir(out);
    failRenameTo = out;
    try {
      await expect(synthesizeAtomically(org(['dev']), out)).rejects.toThrow('disk full');
    } finally {
      failRenameTo = undefined;
    }
    expect(snapshotDir(out)).toEqual(before);
    expect(existsSync(join(out, 'stacks', 'dev', '.terraform'))).toBe(true);
    expect(readdirSync(join(out, '..')).sort()).toEqual(['cdktf.out']);
  });
});
