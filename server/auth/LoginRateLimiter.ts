export interface LoginRateLimits {
  /** Failed sign-ins for one account from one address before each further attempt has to wait. */
  freeFailures: number;
  /** The longest wait between two attempts for one account from one address; it doubles from one second. */
  maxDelayMs: number;
  /** Failed sign-ins from one address, over all accounts, within the window; beyond, the address waits. */
  perAddress: number;
  /** How long failures are remembered. */
  windowMs: number;
}

export const DEFAULT_LOGIN_RATE_LIMITS: LoginRateLimits = {
  freeFailures: 5,
  maxDelayMs: 60_000,
  perAddress: 300,
  windowMs: 15 * 60_000,
};

const FIRST_DELAY_MS = 1_000;
const MAX_TRACKED = 100_000;

interface PairFailures {
  count: number;
  last: number;
}

/**
 * Slows down password guessing without locking owners out:
 * - per account *and* address: after a few failures each further attempt
 *   waits, one second, then two, four… up to a short maximum. Someone
 *   guessing a delegate's password slows only their own attempts; the owner,
 *   from any other address, is not delayed at all;
 * - per address, over all accounts: a high ceiling meant for scripts trying
 *   many accounts. It is high because a conference puts every delegate behind
 *   one address.
 * There is deliberately no limit per account alone: it would let anyone lock
 * any delegate out by failing on purpose. While an attempt has to wait, the
 * password is not checked, so waiting attempts cost the server nothing.
 */
export class LoginRateLimiter {
  private readonly pairs = new Map<string, PairFailures>();
  private readonly addresses = new Map<string, number[]>();

  constructor(private readonly limits: LoginRateLimits) {}

  /** Milliseconds until another attempt is allowed, or 0 if it is allowed now. */
  retryAfterMs(account: string, address: string, now = Date.now()): number {
    return Math.max(this.pairWait(pairKey(account, address), now), this.addressWait(address, now));
  }

  recordFailure(account: string, address: string, now = Date.now()): void {
    const key = pairKey(account, address);
    const pair = this.currentPair(key, now);
    this.pairs.set(key, { count: (pair?.count ?? 0) + 1, last: now });
    const recent = this.recentFromAddress(address, now);
    recent.push(now);
    // Only the newest failures up to the ceiling matter for the wait.
    if (recent.length > this.limits.perAddress) recent.splice(0, recent.length - this.limits.perAddress);
    this.addresses.set(address, recent);
    if (this.pairs.size + this.addresses.size > MAX_TRACKED) this.prune(now);
  }

  /** A right password clears that account's failures from that address (the address's own count stays). */
  recordSuccess(account: string, address: string): void {
    this.pairs.delete(pairKey(account, address));
  }

  /** The wait after `count` failures of one pair, or 0. */
  delayAfter(count: number): number {
    const beyond = count - this.limits.freeFailures;
    if (beyond <= 0) return 0;
    return Math.min(this.limits.maxDelayMs, FIRST_DELAY_MS * 2 ** Math.min(beyond - 1, 30));
  }

  private pairWait(key: string, now: number): number {
    const pair = this.currentPair(key, now);
    if (!pair) return 0;
    return Math.max(0, pair.last + this.delayAfter(pair.count) - now);
  }

  private addressWait(address: string, now: number): number {
    const recent = this.recentFromAddress(address, now);
    if (recent.length < this.limits.perAddress) return 0;
    const oldest = recent[recent.length - this.limits.perAddress];
    return oldest === undefined ? 0 : Math.max(1, oldest + this.limits.windowMs - now);
  }

  private currentPair(key: string, now: number): PairFailures | null {
    const pair = this.pairs.get(key);
    if (!pair) return null;
    if (now - pair.last > this.limits.windowMs) {
      this.pairs.delete(key);
      return null;
    }
    return pair;
  }

  private recentFromAddress(address: string, now: number): number[] {
    const recent = (this.addresses.get(address) ?? []).filter((at) => at > now - this.limits.windowMs);
    if (recent.length === 0) this.addresses.delete(address);
    else this.addresses.set(address, recent);
    return recent;
  }

  private prune(now: number): void {
    for (const key of [...this.pairs.keys()]) this.currentPair(key, now);
    for (const address of [...this.addresses.keys()]) this.recentFromAddress(address, now);
  }
}

function pairKey(account: string, address: string): string {
  return `${account.toLowerCase()}\n${address}`;
}
