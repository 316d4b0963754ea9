import { describe, expect, test } from "vitest";
import type { SilenceStatus } from "./negotiation.ts";
import { countdown, deadlineProblem, isFrozen, nextSilenceStatus, type SilenceEvent } from "./silence.ts";

const UNTIL = 1_000_000;
const running = { status: "running" as const, until: UNTIL };

describe("nextSilenceStatus", () => {
  test("before the deadline, a break ends it broken and a withdrawal ends it withdrawn", () => {
    expect(nextSilenceStatus(running, { type: "break", at: UNTIL - 1 })).toEqual({ ok: true, status: "broken" });
    expect(nextSilenceStatus(running, { type: "withdraw", at: UNTIL - 1 })).toEqual({ ok: true, status: "withdrawn" });
  });

  test("the deadline adopts only once it has passed", () => {
    expect(nextSilenceStatus(running, { type: "deadline", at: UNTIL - 1 }).ok).toBe(false);
    expect(nextSilenceStatus(running, { type: "deadline", at: UNTIL })).toEqual({ ok: true, status: "adopted" });
    expect(nextSilenceStatus(running, { type: "deadline", at: UNTIL + 86_400_000 })).toEqual({
      ok: true,
      status: "adopted",
    });
  });

  test("after the deadline, silence can no longer be broken or withdrawn", () => {
    expect(nextSilenceStatus(running, { type: "break", at: UNTIL })).toMatchObject({ ok: false });
    expect(nextSilenceStatus(running, { type: "withdraw", at: UNTIL + 1 })).toMatchObject({ ok: false });
  });

  const ended: SilenceStatus[] = ["broken", "adopted", "withdrawn"];
  const events: SilenceEvent[] = [
    { type: "break", at: 0 },
    { type: "withdraw", at: 0 },
    { type: "deadline", at: UNTIL * 2 },
  ];
  for (const status of ended)
    for (const event of events)
      test(`an ended procedure (${status}) never changes again: ${event.type} is refused`, () => {
        const result = nextSilenceStatus({ status, until: UNTIL }, event);
        expect(result.ok).toBe(false);
      });
});

describe("isFrozen", () => {
  test("only a running procedure freezes the text", () => {
    expect(isFrozen({ status: "running" })).toBe(true);
    for (const status of ["broken", "adopted", "withdrawn"] as const) expect(isFrozen({ status })).toBe(false);
    expect(isFrozen(null)).toBe(false);
  });
});

describe("deadlineProblem", () => {
  test("a deadline must be in the future and within a year", () => {
    expect(deadlineProblem(2000, 1000)).toBeNull();
    expect(deadlineProblem(1000, 1000)).toMatch(/future/);
    expect(deadlineProblem(1000 + 400 * 86_400_000, 1000)).toMatch(/year/);
    expect(deadlineProblem(Number.NaN, 1000)).toMatch(/date/);
  });
});

describe("countdown", () => {
  test("splits what is left into days, hours, minutes and seconds, never below zero", () => {
    expect(countdown(UNTIL + ((2 * 24 + 3) * 3600 + 4 * 60 + 5) * 1000 + 999, UNTIL)).toMatchObject({
      days: 2,
      hours: 3,
      minutes: 4,
      seconds: 5,
    });
    expect(countdown(UNTIL, UNTIL + 5000)).toMatchObject({ days: 0, seconds: 0, remainingMs: 0 });
  });
});
