import type { Logger } from "../logger.ts";
import type { ChangeEvent } from "./changeEvents.ts";

export type ChangeListener = (event: ChangeEvent) => void;

/**
 * Delivers the events of committed commands to whoever subscribed, in order,
 * synchronously: by the time a command returns to its route, open documents
 * and connections already follow the change. A failing listener is logged and
 * does not stop the others: the change is committed and stays so.
 */
export class ChangeEventBus {
  private readonly listeners = new Set<ChangeListener>();

  constructor(private readonly logger: Logger) {}

  /** Returns the function that unsubscribes. */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(events: readonly ChangeEvent[]): void {
    for (const event of events) {
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch (error) {
          this.logger.error("a change listener failed", { event: event.type, error: String(error) });
        }
      }
    }
  }
}
