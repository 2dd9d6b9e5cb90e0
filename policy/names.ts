import { createHash } from 'node:crypto';

/** The customer managed policy names a group's assume-role policies get: `<group>-assume-roles`, then `-2`, `-3`... */
export function assumePolicyName(groupName: string, index: number): string {
  return index === 0 ? `${groupName}-assume-roles` : `${groupName}-assume-roles-${index + 1}`;
}

/**
 * A resource name within a service's rules: `prefix + name` when every character is allowed and it
 * fits `maxLength` (so the usual names stay as they are); otherwise the refused characters become
 * `-`, the name is cut to fit, and a hash of the whole name keeps two such names apart. Used where
 * an IAM name (which may hold `+=,@` and be 64 long) names a resource of a stricter service, such as
 * an EventBridge rule (`[.\-_A-Za-z0-9]`, 64 characters).
 */
export function boundedName(prefix: string, name: string, maxLength: number, allowed: RegExp): string {
  const whole = `${prefix}${name}`;
  const ok = [...whole].every((c) => allowed.test(c));
  if (ok && whole.length <= maxLength) return whole;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  const safe = [...name].map((c) => (allowed.test(c) ? c : '-')).join('');
  return `${prefix}${safe.slice(0, Math.max(0, maxLength - prefix.length - hash.length - 1))}-${hash}`;
}

/** EventBridge rule names: letters, digits, `.`, `-` and `_`, 64 at most. */
export const EVENT_RULE_NAME = { maxLength: 64, allowed: /^[.\-_A-Za-z0-9]$/ } as const;
