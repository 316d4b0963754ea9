import { countdown } from "../../shared/silence.ts";

/** A deadline as each person reads it: in their own time zone, and in UTC. */
export function deadlineInWords(until: string): { local: string; zone: string; utc: string } {
  const date = new Date(until);
  const local = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "short" }).format(date);
  const utc = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(
    date,
  );
  return { local, zone: Intl.DateTimeFormat().resolvedOptions().timeZone, utc: `${utc} UTC` };
}

/** "2 days 3 h 04 min 05 s" */
export function countdownInWords(until: string, now: number): string {
  const left = countdown(Date.parse(until), now);
  if (left.remainingMs === 0) return "the deadline has passed";
  const parts: string[] = [];
  if (left.days > 0) parts.push(`${left.days} day${left.days === 1 ? "" : "s"}`);
  if (left.days > 0 || left.hours > 0) parts.push(`${left.hours} h`);
  parts.push(`${String(left.minutes).padStart(2, "0")} min`);
  parts.push(`${String(left.seconds).padStart(2, "0")} s`);
  return `${parts.join(" ")} left`;
}

/** The value of a datetime-local input, in the person's time zone. */
export function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
