import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The identity stack: its group policies decide who reaches every account. */
export const IDENTITY_STACK = 'identity';

/** Which stacks differ between two synthesized folders, compared by their Terraform JSON. */
export interface AffectedStacks {
  /** In both, with different `cdk.tf.json`. */
  readonly changed: readonly string[];
  /** Only in the head. */
  readonly added: readonly string[];
  /** Only in the base (Terraform destroys their resources). */
  readonly removed: readonly string[];
  /** How many stacks are the same on both sides. */
  readonly unchanged: number;
}

/** Every stack the change touches: changed, added and removed, sorted. */
export const affectedNames = (a: AffectedStacks): string[] => [...a.changed, ...a.added, ...a.removed].sort();

export function stackNames(outdir: string): string[] {
  const dir = join(outdir, 'stacks');
  return existsSync(dir) ? readdirSync(dir).filter((s) => existsSync(join(dir, s, 'cdk.tf.json'))).sort() : [];
}

/**
 * Compares the synthesized JSON of every stack of `base` and `head` byte for byte: the output is
 * the ground truth, so a code change that alters a stack shows as well as an org file change.
 */
export function affectedStacks(base: string, head: string): AffectedStacks {
  const before = new Set(stackNames(base));
  const after = stackNames(head);
  const changed: string[] = [];
  const added: string[] = [];
  let unchanged = 0;
  for (const stack of after) {
    if (!before.has(stack)) added.push(stack);
    else if (readFileSync(join(base, 'stacks', stack, 'cdk.tf.json')).equals(readFileSync(join(head, 'stacks', stack, 'cdk.tf.json')))) unchanged++;
    else changed.push(stack);
  }
  const present = new Set(after);
  const removed = [...before].filter((s) => !present.has(s));
  return { changed, added, removed, unchanged };
}

/**
 * The stacks to read on both sides to diff access exactly: the affected ones, plus the identity
 * stack (group policies name the roles). When the identity stack itself changed, a grant to any
 * account may have changed, so every stack is read.
 */
export function stacksToCompare(affected: AffectedStacks): ReadonlySet<string> | undefined {
  const names = affectedNames(affected);
  if (names.includes(IDENTITY_STACK)) return undefined;
  return new Set([IDENTITY_STACK, ...names]);
}
