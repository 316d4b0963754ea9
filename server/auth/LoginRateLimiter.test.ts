import { describe, expect, test } from "vitest";
import { LoginRateLimiter } from "./LoginRateLimiter.ts";

describe("LoginRateLimiter", () => {
  const limits = { perAccount: 3, perAddress: 5, windowMs: 60_000 };

  test("refuses an account after its allowance of failures until the oldest leaves the window", () => {
    const limiter = new LoginRateLimiter(limits);
    for (let i = 0; i < 3; i++) limiter.recordFailure("a@x", "1.1.1.1", 1_000 + i);
    expect(limiter.retryAfterMs("a@x", "2.2.2.2", 2_000)).toBe(59_000);
    expect(limiter.retryAfterMs("b@x", "2.2.2.2", 2_000)).toBe(0);
    expect(limiter.retryAfterMs("a@x", "2.2.2.2", 61_001)).toBe(0);
  });

  test("refuses an address that fails across many accounts", () => {
    const limiter = new LoginRateLimiter(limits);
    for (let i = 0; i < 5; i++) limiter.recordFailure(`user${i}@x`, "9.9.9.9", 1_000);
    expect(limiter.retryAfterMs("fresh@x", "9.9.9.9", 1_500)).toBeGreaterThan(0);
    expect(limiter.retryAfterMs("fresh@x", "8.8.8.8", 1_500)).toBe(0);
  });

  test("a successful sign-in clears the account's failures but not the address's", () => {
    const limiter = new LoginRateLimiter(limits);
    for (let i = 0; i < 3; i++) limiter.recordFailure("a@x", "1.1.1.1", 1_000);
    limiter.recordSuccess("a@x");
    expect(limiter.retryAfterMs("a@x", "3.3.3.3", 1_001)).toBe(0);
  });
});
