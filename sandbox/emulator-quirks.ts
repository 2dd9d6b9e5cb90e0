/**
 * Where moto (5.x), the AWS API emulator of `sandbox` and the end-to-end tests, answers unlike AWS
 * for names IAM allows: its answers there say nothing of the org file, and are reported as the
 * emulator's, not as the org's failures.
 *
 * - moto matches an identity policy's `Resource` as a regular expression in which only `*` is
 *   rewritten (moto/iam/access_control.py): `+`, `$`... in a role's name or path make it refuse
 *   what the policy allows, `.` makes it allow other roles (`x.y` lets in `x-y`), and `(`, `[`,
 *   `|`, `\\` can make it fail the call or stop early. It also ignores the conditions of an Allow.
 * - moto returns a managed policy version's document with `+` not URL-encoded; the AWS provider
 *   URL-decodes it and reads a space, so a policy naming a role with `+` plans an update forever.
 *   AWS encodes it (`%2B`).
 */
import { ASSUME_ACTIONS, identityPoliciesAllow, list, statementsOf } from '../review/access';
import { PolicyJson } from '../review/artifact';

/**
 * Characters whose meaning in a Python regular expression this model does not follow (groups,
 * classes, alternation, escapes, anchors): with one in a resource, moto's answers on the member's
 * calls cannot be foretold (it may fail the call, or stop at an earlier statement).
 */
const UNPREDICTABLE = /[\\|()[\]{}^$]/;

/**
 * moto's matcher of a Resource: the pattern as a regular expression in which only `*` is rewritten.
 * For the characters left (`.`, `+`, `?`), JavaScript's expressions read them as Python's do.
 */
const motoMatches = (pattern: string, arn: string): boolean => new RegExp(`^${pattern.replace(/\*/g, '.*')}$`).test(arn);

/**
 * What moto answers for the emulator's copy of these policies (conditional Denies left out):
 * conditions on Allows ignored, resources matched its way; undefined when that cannot be foretold.
 */
function motoAllows(policies: readonly PolicyJson[], roleArn: string): boolean | undefined {
  const statements = policies
    .flatMap((p) => statementsOf(p))
    .filter((s) => list(s.Action).some((a) => ASSUME_ACTIONS.includes(a)) && !(s.Effect === 'Deny' && s.Condition !== undefined));
  if (statements.some((s) => list(s.Resource).some((r) => UNPREDICTABLE.test(r)))) return undefined;
  const hit = (effect: string) => statements.some((s) => s.Effect === effect && list(s.Resource).some((r) => motoMatches(r, roleArn)));
  return hit('Allow') && !hit('Deny');
}

/**
 * Whether moto's answer to a member with `policies` calling `sts:AssumeRole` on `roleArn` may not
 * be AWS's: its resource matching (`+`, `?`, `.` in a name or path), its ignoring the conditions of
 * an Allow (`aws:ResourceAccount` in a group's compact policy), or a resource of the member's
 * policies with `(`, `[`, `|`, `\`... whose reading by moto is not foretold here.
 */
export function motoMisjudgesResource(policies: readonly PolicyJson[], roleArn: string): boolean {
  const moto = motoAllows(policies, roleArn);
  return moto === undefined || moto !== identityPoliciesAllow(policies, roleArn);
}

/** One planned change as `terraform show -json` gives it. */
export interface PlannedResourceChange {
  readonly address: string;
  readonly change: { readonly actions: readonly string[]; readonly before?: Record<string, unknown> | null; readonly after?: Record<string, unknown> | null };
}

/**
 * Whether a planned update is only moto's decoding of `+`: every attribute that differs is a
 * string that the emulator returned with a space where the configuration has `+`.
 */
export function onlyMotoPlusDecoding(rc: PlannedResourceChange): boolean {
  const { actions, before, after } = rc.change;
  if (actions.length !== 1 || actions[0] !== 'update' || !before || !after) return false;
  const differing = Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  return differing.length > 0 && differing.every((k) => typeof before[k] === 'string' && typeof after[k] === 'string' && (after[k] as string).includes('+') && (after[k] as string).replace(/\+/g, ' ') === before[k]);
}

/** Why moto's answer on such a pair says nothing of the org file (for the sandbox's output). */
export const MOTO_RESOURCE_MATCHING = 'moto matches policy resources as regular expressions and ignores the conditions of an Allow, so its answers here are not AWS\'s; judged from the deployed policies instead';
/** Why such a planned update is the emulator's (for the sandbox's output). */
export const MOTO_PLUS_DECODING = 'moto returns + in a managed policy\'s document unencoded and the AWS provider reads it as a space; AWS encodes it as %2B';
