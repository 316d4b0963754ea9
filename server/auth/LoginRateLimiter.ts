export interface LoginRateLimits {
  /** Failed sign-ins allowed per account within the window. */
  perAccount: number;
  /** Failed sign-ins allowed per client address within the window. */
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_RATE_LIMITS: LoginRateLimits = { perAccount: 5, perAddress: 30, windowMs: 15 * 60_000 };

/**
 * Counts failed sign-ins per account and per address over a sliding window.
 * Once a key has used its allowance it is refused until its oldest failure
 * leaves the window, without checking the password (so guessing stays slow
 * and costs the server nothing).
 */
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limits: LoginRateLimits) {}

  /** Milliseconds until another attempt is allowed, or 0 if it is allowed now. */
  retryAfterMs(account: string, address: string, now = Date.now()): number {
    return Math.max(
      this.waitFor(`account:${account}`, this.limits.perAccount, now),
      this.waitFor(`address:${address}`, this.limits.perAddress, now),
    );
  }

  recordFailure(account: string, address: string, now = Date.now()): void {
    for (const key of [`account:${account}`, `address:${address}`]) {
      const list = this.recent(key, now);
      list.push(now);
      this.failures.set(key, list);
    }
    if (this.failures.size > 100_000) this.prune(now);
  }

  recordSuccess(account: string): void {
    this.failures.delete(`account:${account}`);
  }

  private waitFor(key: string, allowed: number, now: number): number {
    const list = this.recent(key, now);
    if (list.length < allowed) return 0;
    const oldest = list[list.length - allowed];
    return oldest === undefined ? 0 : Math.max(1, oldest + this.limits.windowMs - now);
  }

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((at) => at > now - this.limits.windowMs);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  private prune(now: number): void {
    for (const key of [...this.failures.keys()]) this.recent(key, now);
  }
}
