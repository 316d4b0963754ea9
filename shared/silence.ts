import type { SilenceStatus } from "./negotiation.ts";

/**
 * The silence procedure as a state machine. A procedure starts `running`;
 * exactly one of three things ends it, once: a delegation breaks silence
 * before the deadline (`broken`), a lead withdraws it before the deadline
 * (`withdrawn`), or the deadline passes unbroken (`adopted`). Ended
 * procedures never change again.
 */
export type SilenceEvent =
  | { type: "break"; at: number }
  | { type: "withdraw"; at: number }
  | { type: "deadline"; at: number };

export type SilenceTransition = { ok: true; status: SilenceStatus } | { ok: false; reason: string };

const ENDED_REASONS: Record<Exclude<SilenceStatus, "running">, string> = {
  broken: "Silence has already been broken.",
  adopted: "The text has already been adopted.",
  withdrawn: "The silence procedure has already been withdrawn.",
};

export function nextSilenceStatus(
  procedure: { status: SilenceStatus; until: number },
  event: SilenceEvent,
): SilenceTransition {
  if (procedure.status !== "running") return { ok: false, reason: ENDED_REASONS[procedure.status] };
  const deadlinePassed = event.at >= procedure.until;
  switch (event.type) {
    case "break":
      return deadlinePassed
        ? {
            ok: false,
            reason: "The deadline has passed: silence can no longer be broken and the text is being adopted.",
          }
        : { ok: true, status: "broken" };
    case "withdraw":
      return deadlinePassed
        ? {
            ok: false,
            reason: "The deadline has passed: the procedure can no longer be withdrawn and the text is being adopted.",
          }
        : { ok: true, status: "withdrawn" };
    case "deadline":
      return deadlinePassed
        ? { ok: true, status: "adopted" }
        : { ok: false, reason: "The deadline has not passed yet." };
    default: {
      const unknown: never = event;
      throw new Error(`Unknown silence event ${JSON.stringify(unknown)}`);
    }
  }
}

/** Under a running procedure the text is frozen for everyone. */
export function isFrozen(procedure: { status: SilenceStatus } | null | undefined): boolean {
  return procedure?.status === "running";
}

/** How far ahead a deadline may be set. */
export const MAX_SILENCE_MS = 366 * 24 * 60 * 60 * 1000;

/** Checks a requested deadline; null when it is acceptable. */
export function deadlineProblem(until: number, now: number): string | null {
  if (!Number.isFinite(until)) return "until must be a date and time.";
  if (until <= now) return "until must be in the future: silence runs until a deadline still to come.";
  if (until - now > MAX_SILENCE_MS) return "until must be within a year.";
  return null;
}

export interface Countdown {
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
  /** Milliseconds left, 0 once the deadline has passed. */
  remainingMs: number;
}

export function countdown(until: number, now: number): Countdown {
  const remainingMs = Math.max(0, until - now);
  const totalSeconds = Math.floor(remainingMs / 1000);
  return {
    days: Math.floor(totalSeconds / 86_400),
    hours: Math.floor((totalSeconds % 86_400) / 3600),
    minutes: Math.floor((totalSeconds % 3600) / 60),
    seconds: totalSeconds % 60,
    remainingMs,
  };
}
