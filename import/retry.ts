/**
 * Bounded concurrency and retries for reading hundreds of accounts: IAM allows a few requests per
 * second per account and STS throttles AssumeRole, so every call is retried on throttling with
 * exponential backoff and full jitter (AWS's recommendation), and at most `concurrency` accounts
 * are read at once.
 *
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 */

/** Error names, codes and messages AWS uses for throttling (IAM, STS, Organizations). */
const THROTTLING = /^(Throttling|ThrottlingException|TooManyRequestsException|RequestLimitExceeded|RequestThrottled|RequestThrottledException|SlowDown)$/;

/** Whether an SDK error is throttling: by its name or code, or IAM's "Rate exceeded" message. */
export function isThrottling(err: unknown): boolean {
  const e = err as { name?: string; Code?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  if (!e) return false;
  return [e.name, e.Code, e.code].some((v) => typeof v === 'string' && THROTTLING.test(v)) || /rate exceeded/i.test(e.message ?? '') || e.$metadata?.httpStatusCode === 429;
}

export interface RetryOptions {
  /** Attempts in all, the first included. Default 8. */
  readonly attempts?: number;
  /** First backoff ceiling, ms. Default 200. */
  readonly baseMs?: number;
  /** Largest backoff ceiling, ms. Default 20000. */
  readonly capMs?: number;
  /** Waits `ms` (tests pass a fake clock). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** 0 <= x < 1 (tests pass a fixed one). */
  readonly random?: () => number;
  /** Told of each retry (progress on stderr). */
  readonly onRetry?: (attempt: number, delayMs: number, err: unknown) => void;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The delay before retry `attempt` (1-based): full jitter, uniform in [0, min(cap, base * 2^(attempt-1))). */
export function backoffDelay(attempt: number, options: RetryOptions = {}): number {
  const ceiling = Math.min(options.capMs ?? 20000, (options.baseMs ?? 200) * 2 ** (attempt - 1));
  return Math.floor((options.random ?? Math.random)() * ceiling);
}

/** Runs `call`, retrying it on throttling only; any other error, or the last throttling error, is thrown. */
export async function withRetries<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 8;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!isThrottling(err) || attempt >= attempts) throw err;
      const delay = backoffDelay(attempt, options);
      options.onRetry?.(attempt, delay, err);
      await (options.sleep ?? realSleep)(delay);
    }
  }
}

/** Maps `items` with at most `concurrency` calls of `task` running at once; results keep the input order. */
export async function mapBounded<T, R>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await task(items[i], i);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return results;
}
