import type { ChangeEventBus } from "../events/ChangeEventBus.ts";
import type { Logger } from "../logger.ts";
import type { Stores } from "../storage/UnitOfWork.ts";

type SilenceStore = Stores["silences"];

/** setTimeout cannot wait longer than this; longer waits are taken in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const RETRY_MS = 5_000;

/**
 * Applies silence deadlines. SQLite is the only record of what is running, so
 * nothing is lost in a crash: at start every running procedure is read back,
 * those whose deadline passed while the server was down are adopted at once,
 * the others get a timer. One timer per procedure; firing it asks `adopt`,
 * which ends the procedure only if it is still running (so a deadline that
 * fires twice, or races a break, adopts nothing twice). It learns of every
 * procedure started or ended from the change events of the commands.
 */
export class SilenceDeadlines {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly silences: Pick<SilenceStore, "running" | "get">,
    private readonly adopt: (silenceId: string) => Promise<unknown>,
    private readonly events: ChangeEventBus,
    private readonly logger: Logger,
  ) {}

  /**
   * Follows the bus, adopts what is overdue (before it resolves) and arms a
   * timer for every other running procedure. Calling it again re-reads the
   * running procedures (a server that missed other servers' events catches up).
   */
  async start(): Promise<void> {
    this.unsubscribe ??= this.events.subscribe(async (event) => {
      if (event.type === "silenceChanged") await this.changed(event.silenceId);
    });
    for (const procedure of await this.silences.running()) {
      if (procedure.until <= Date.now()) await this.fire(procedure.id);
      else this.arm(procedure.id, procedure.until);
    }
  }

  /** A procedure started or ended: arm or disarm its timer. */
  private async changed(silenceId: string): Promise<void> {
    const procedure = await this.silences.get(silenceId);
    if (procedure?.status === "running") this.arm(procedure.id, Date.parse(procedure.until));
    else this.disarm(silenceId);
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private arm(silenceId: string, until: number): void {
    this.disarm(silenceId);
    if (this.stopped) return;
    const wait = until - Date.now();
    if (wait <= 0) {
      void this.fire(silenceId);
      return;
    }
    const timer = setTimeout(
      () => {
        this.timers.delete(silenceId);
        // Timers may wake early (or in steps for far deadlines): re-check against the clock.
        if (Date.now() >= until) void this.fire(silenceId);
        else this.arm(silenceId, until);
      },
      Math.min(wait, MAX_TIMER_MS),
    );
    timer.unref();
    this.timers.set(silenceId, timer);
  }

  private disarm(silenceId: string): void {
    const timer = this.timers.get(silenceId);
    if (timer) clearTimeout(timer);
    this.timers.delete(silenceId);
  }

  private async fire(silenceId: string): Promise<void> {
    try {
      await this.adopt(silenceId);
    } catch (error) {
      // The procedure is still running in SQLite: try again shortly (and at the next start).
      this.logger.error("could not apply a silence deadline", { silenceId, error: String(error) });
      if (this.stopped) return;
      const retry = setTimeout(() => {
        this.timers.delete(silenceId);
        this.changed(silenceId).catch((failure: unknown) =>
          this.logger.error("could not re-read a silence procedure", { silenceId, error: String(failure) }),
        );
      }, RETRY_MS);
      retry.unref();
      this.timers.set(silenceId, retry);
    }
  }
}
