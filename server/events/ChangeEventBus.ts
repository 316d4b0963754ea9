import type { Logger } from "../logger.ts";
import type { ChangeEvent } from "./changeEvents.ts";

/** Where the change was committed: on this server, or on another of its cluster. */
export type ChangeOrigin = "here" | "elsewhere";

export type ChangeListener = (event: ChangeEvent, origin: ChangeOrigin) => void | Promise<void>;

/** Carries the events committed here to the other servers of a cluster. */
export type ChangeForwarder = (events: readonly ChangeEvent[]) => void;

/**
 * Delivers the events of committed commands to whoever subscribed, in order,
 * each listener awaited: by the time a command returns to its route, open
 * documents and connections already follow the change. A failing listener is logged and
 * does not stop the others: the change is committed and stays so.
 */
export class ChangeEventBus {
  private readonly listeners = new Set<ChangeListener>();
  private forwarder: ChangeForwarder | null = null;

  constructor(private readonly logger: Logger) {}

  /** Returns the function that unsubscribes. */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends every event committed here to other servers too (several servers share one database). */
  forwardTo(forwarder: ChangeForwarder): void {
    this.forwarder = forwarder;
  }

  /** Events committed on this server: its listeners, then the other servers. */
  async publish(events: readonly ChangeEvent[]): Promise<void> {
    await this.deliver(events, "here");
    if (events.length === 0 || !this.forwarder) return;
    try {
      this.forwarder(events);
    } catch (error) {
      this.logger.error("could not forward change events to the other servers", { error: String(error) });
    }
  }

  /**
   * Events another server committed: this server's listeners only, never
   * forwarded again, so each server applies each event once.
   */
  async deliver(events: readonly ChangeEvent[], origin: ChangeOrigin = "elsewhere"): Promise<void> {
    for (const event of events) {
      for (const listener of this.listeners) {
        try {
          await listener(event, origin);
        } catch (error) {
          this.logger.error("a change listener failed", { event: event.type, error: String(error) });
        }
      }
    }
  }
}
