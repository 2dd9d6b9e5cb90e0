/**
 * Every way the AWS API emulator (moto 5.x) answers unlike AWS, and what the sandbox does about
 * each: its answers there say nothing of the org file, and are reported as the emulator's, not as
 * the org's failures. The sandbox meets the emulator at four steps, and asks this file one question
 * at each (sandbox/deploy.ts and sandbox/run.ts ask; nothing else knows a quirk):
 *
 * 1. copying a stack for the emulator: can it deploy this resource type? `unsupportedResource`
 *    (the table UNSUPPORTED_IN_EMULATOR) -> left out of its copy, named in the output;
 * 2. copying a policy: does it misread this statement? `misreadStatement` -> the statement is left
 *    out of its copy of the policy, named in the output (today: a Deny with a condition, since moto
 *    evaluates no condition and would deny every call);
 * 3. planning again: is this planned change only the emulator's? `emulatorOnlyChange` -> named
 *    instead of failing the run (today: moto returning `+` unencoded in a managed policy's document;
 *    the AWS provider URL-decodes it and reads a space, so it plans an update forever; AWS encodes
 *    it, `%2B`);
 * 4. checking access through STS: may its answer on this member and role not be AWS's?
 *    `misjudgedAccess` -> judged from the deployed policies instead (today: moto matches an identity
 *    policy's `Resource` as a regular expression in which only `*` is rewritten
 *    (moto/iam/access_control.py): `+`, `$`... in a role's name or path make it refuse what the
 *    policy allows, `.` makes it allow other roles (`x.y` lets in `x-y`), and `(`, `[`, `|`, `\\` can
 *    make it fail the call or stop early; and it ignores the conditions of an Allow).
 *
 * To add a quirk: answer it in the function of the step where it shows, returning the reason as
 * the sandbox's reader should see it; test it in __tests__/sandbox/emulator-quirks.test.ts; add a
 * row to "What the emulator cannot check" in docs/sandbox.md, with what proves that part instead.
 * A quirk that shows at another step needs a fifth question here, asked where that step runs.
 */
import { ASSUME_ACTIONS, identityPoliciesAllow, list, statementsOf } from '../review/access';
import { PolicyJson } from '../review/artifact';

// 1. Resource types

/** Resource types the emulator cannot deploy, and why. They are left out of the emulator's copy of a stack, and reported. */
export const UNSUPPORTED_IN_EMULATOR: Readonly<Record<string, string>> = {
  aws_accessanalyzer_analyzer: 'moto answers CreateAnalyzer with HTTP 500',
  aws_organizations_policy_attachment: "the target ids are the real organization's (root, OU or account ids), which the emulator's organization does not have",
};

/** Why the emulator cannot deploy resources of `type`, or undefined when it can. */
export function unsupportedResource(type: string): string | undefined {
  return Object.hasOwn(UNSUPPORTED_IN_EMULATOR, type) ? UNSUPPORTED_IN_EMULATOR[type] : undefined;
}

// 2. Policy statements

/** One statement of a policy document, as JSON. */
export type StatementJson = Readonly<Record<string, unknown>>;

/** Why the emulator misreads `statement` (so it is left out of its copy of the policy), or undefined. */
export function misreadStatement(statement: StatementJson): string | undefined {
  if (statement.Effect === 'Deny' && statement.Condition !== undefined) return MOTO_IGNORES_CONDITIONS;
  return undefined;
}

/** Why a Deny with a condition is left out of the emulator's copy (for the sandbox's output). */
export const MOTO_IGNORES_CONDITIONS = 'moto does not evaluate conditions, so it would deny every call; the IAM simulator tests it';

// 3. Planned changes

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

/** Why a planned change is only the emulator's (named instead of failing the second plan), or undefined. */
export function emulatorOnlyChange(rc: PlannedResourceChange): string | undefined {
  return onlyMotoPlusDecoding(rc) ? MOTO_PLUS_DECODING : undefined;
}

/** Why such a planned update is the emulator's (for the sandbox's output). */
export const MOTO_PLUS_DECODING = 'moto returns + in a managed policy\'s document unencoded and the AWS provider reads it as a space; AWS encodes it as %2B';

// 4. Access through STS

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
 * What moto answers for the emulator's copy of these policies (the statements it misreads left
 * out): conditions on Allows ignored, resources matched its way; undefined when that cannot be foretold.
 */
function motoAllows(policies: readonly PolicyJson[], roleArn: string): boolean | undefined {
  const statements = policies
    .flatMap((p) => statementsOf(p))
    .filter((s) => list(s.Action).some((a) => ASSUME_ACTIONS.includes(a)) && misreadStatement(s) === undefined);
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

/** Why the emulator's answer to a member with `policies` calling `sts:AssumeRole` on `roleArn` may not be AWS's, or undefined. */
export function misjudgedAccess(policies: readonly PolicyJson[], roleArn: string): string | undefined {
  return motoMisjudgesResource(policies, roleArn) ? MOTO_RESOURCE_MATCHING : undefined;
}

/** Why moto's answer on such a pair says nothing of the org file (for the sandbox's output). */
export const MOTO_RESOURCE_MATCHING = 'moto matches policy resources as regular expressions and ignores the conditions of an Allow, so its answers here are not AWS\'s; judged from the deployed policies instead';
