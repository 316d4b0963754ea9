import { describe, expect, test } from "vitest";
import { LoginRateLimiter } from "./LoginRateLimiter.ts";

describe("LoginRateLimiter", () => {
  const limits = { freeFailures: 3, maxDelayMs: 8_000, perAddress: 50, windowMs: 60_000 };

  test("after the free failures, one account from one address waits 1 s, 2 s, 4 s… up to the maximum", () => {
    const limiter = new LoginRateLimiter(limits);
    let now = 1_000;
    for (let i = 0; i < 3; i++) limiter.recordFailure("a@x", "1.1.1.1", now);
    expect(limiter.retryAfterMs("a@x", "1.1.1.1", now)).toBe(0);
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      limiter.recordFailure("a@x", "1.1.1.1", now);
      const wait = limiter.retryAfterMs("a@x", "1.1.1.1", now);
      waits.push(wait);
      now += wait;
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  test("never delays the same account from another address", () => {
    const limiter = new LoginRateLimiter(limits);
    for (let i = 0; i < 40; i++) limiter.recordFailure("a@x", "6.6.6.6", 1_000 + i);
    expect(limiter.retryAfterMs("a@x", "6.6.6.6", 1_100)).toBeGreaterThan(0);
    expect(limiter.retryAfterMs("a@x", "2.2.2.2", 1_100)).toBe(0);
    expect(limiter.retryAfterMs("A@X", "6.6.6.6", 1_100)).toBeGreaterThan(0);
  });

  test("an address that fails across many accounts meets a high ceiling", () => {
    const limiter = new LoginRateLimiter(limits);
    for (let i = 0; i < 49; i++) limiter.recordFailure(`user${i}@x`, "9.9.9.9", 1_000);
    expect(limiter.retryAfterMs("fresh@x", "9.9.9.9", 1_500)).toBe(0);
    limiter.recordFailure("user49@x", "9.9.9.9", 1_000);
    expect(limiter.retryAfterMs("fresh@x", "9.9.9.9", 1_500)).toBe(59_500);
    expect(limiter.retryAfterMs("fresh@x", "8.8.8.8", 1_500)).toBe(0);
  });

  test("a right password clears that pair; failures are forgotten after the window", () => {
    const limiter = new LoginRateLimiter(limits);
    for (let i = 0; i < 5; i++) limiter.recordFailure("a@x", "1.1.1.1", 1_000);
    limiter.recordSuccess("a@x", "1.1.1.1");
    expect(limiter.retryAfterMs("a@x", "1.1.1.1", 1_001)).toBe(0);
    for (let i = 0; i < 5; i++) limiter.recordFailure("b@x", "1.1.1.1", 1_000);
    expect(limiter.retryAfterMs("b@x", "1.1.1.1", 61_001)).toBe(0);
  });
});
