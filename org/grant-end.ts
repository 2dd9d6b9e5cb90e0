/**
 * Grants that end: the time a check is made against (the clock), how an end is written in policies
 * (UTC, as `aws:CurrentTime` compares it), and the days left, said the same way by synth, lint,
 * the report, `diff` and the pull-request comment.
 */

/** Days before its end that a grant is warned about (synth and lint). */
export const GRANT_END_WARNING_DAYS = 14;

/** The environment variable that sets the clock of the end checks (RFC 3339), e.g. to replay a review as of a day. */
export const CLOCK_VARIABLE = 'CROSS_ACCOUNT_IAM_NOW';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Now, or the time `CROSS_ACCOUNT_IAM_NOW` names. Throws when that is not a date-time. */
export function grantClock(env: NodeJS.ProcessEnv = process.env): Date {
  const value = env[CLOCK_VARIABLE];
  if (!value) return new Date();
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`${CLOCK_VARIABLE}=${value} is not a date-time. Fix: write it like 2027-03-31T00:00:00Z, or unset it to use the current time.`);
  return new Date(ms);
}

/** An RFC 3339 end as UTC with seconds (`2027-03-31T23:59:59Z`): the form written in policies. */
export function utcEnd(value: string): string {
  return new Date(Date.parse(value)).toISOString().replace(/\.000Z$/, 'Z');
}

/** Whole days from `now` to `end` (negative once it has passed; 0 on its last day). */
export function daysLeft(end: string, now: Date): number {
  return Math.floor((Date.parse(end) - now.getTime()) / DAY_MS);
}

/** Whether the grant has ended at `now`: IAM compares `aws:CurrentTime` with DateLessThan, so the end itself is already refused. */
export function hasEnded(end: string, now: Date): boolean {
  return Date.parse(end) <= now.getTime();
}

/** `12 days left`, `1 day left`, `ends today`, `ended today`, `ended 3 days ago`. */
export function daysLeftWords(end: string, now: Date): string {
  const days = daysLeft(end, now);
  if (hasEnded(end, now)) {
    const ago = Math.floor((now.getTime() - Date.parse(end)) / DAY_MS);
    return ago === 0 ? 'ended today' : `ended ${ago} day${ago === 1 ? '' : 's'} ago`;
  }
  return days === 0 ? 'ends today' : `${days} day${days === 1 ? '' : 's'} left`;
}
