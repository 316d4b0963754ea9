import type { Logger } from "../logger.ts";

const WINDOW_MS = 60_000;

/**
 * Warnings that clients can trigger at will (each refused frame, each socket
 * closed for a limit): at most one line per key and minute, and the next line
 * says how many were left out, so an attacker cannot flood the log.
 */
export class LogThrottle {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  warn(message: string, key: string, context: Record<string, unknown>): void {
    const now = this.now();
    const entry = this.last.get(key);
    if (entry && now - entry.at < WINDOW_MS) {
      entry.suppressed += 1;
      return;
    }
    const suppressed = entry?.suppressed ?? 0;
    this.last.set(key, { at: now, suppressed: 0 });
    this.logger.warn(message, {
      reason: key,
      ...context,
      ...(suppressed > 0 ? { similarSuppressed: suppressed } : {}),
    });
  }
}
