/**
 * Where moto (5.x), the AWS API emulator of `sandbox` and the end-to-end tests, answers unlike AWS
 * for names IAM allows: its answers there say nothing of the org file, and are reported as the
 * emulator's, not as the org's failures.
 *
 * - moto matches an identity policy's `Resource` as a regular expression in which only `*` is
 *   rewritten (moto/iam/access_control.py): `+`, `(`, `$`... in a role's name or path make it
 *   refuse what the policy allows, and `.` makes it allow other roles (`x.y` lets in `x-y`).
 * - moto returns a managed policy version's document with `+` not URL-encoded; the AWS provider
 *   URL-decodes it and reads a space, so a policy naming a role with `+` plans an update forever.
 *   AWS encodes it (`%2B`).
 */
import { PolicyJson } from './artifact';

type Matcher = (pattern: string, arn: string) => boolean;

/** moto's matcher: the pattern as a regular expression, `*` rewritten to `.*`. A pattern that is no valid expression matches nothing. */
const motoMatches: Matcher = (pattern, arn) => {
  try {
    return new RegExp(`^${pattern.replace(/\*/g, '.*')}$`).test(arn);
  } catch {
    return false;
  }
};

/** IAM's: `*` any run of characters, `?` one character, every other character itself. */
const iamMatches: Matcher = (pattern, arn) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(arn);

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
const assumes = (actions: string[]) => actions.some((a) => /^(\*|sts:\*|sts:AssumeRole)$/i.test(a));

/** Whether `policies` allow `sts:AssumeRole` on `roleArn` as judged with `matches` (statements without conditions: the emulator's copy has no other Deny). */
function allows(policies: readonly PolicyJson[], roleArn: string, matches: Matcher): boolean {
  const statements = policies.flatMap((p) => (Array.isArray(p.Statement) ? p.Statement : [p.Statement])).filter((s) => s.Condition === undefined && assumes(list(s.Action)));
  const hit = (effect: string) => statements.some((s) => s.Effect === effect && list(s.Resource).some((r) => matches(r, roleArn)));
  return hit('Allow') && !hit('Deny');
}

/**
 * Whether moto's answer to a caller with `policies` calling `sts:AssumeRole` on `roleArn` differs
 * from AWS's for the same policies, because of how moto matches resources.
 */
export function motoMisjudgesResource(policies: readonly PolicyJson[], roleArn: string): boolean {
  return allows(policies, roleArn, motoMatches) !== allows(policies, roleArn, iamMatches);
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
export const MOTO_RESOURCE_MATCHING = 'moto matches policy resources as regular expressions, so its answers on these names are not AWS\'s';
/** Why such a planned update is the emulator's (for the sandbox's output). */
export const MOTO_PLUS_DECODING = 'moto returns + in a managed policy\'s document unencoded and the AWS provider reads it as a space; AWS encodes it as %2B';
