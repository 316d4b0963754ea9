import type { ChangeEventBus } from "../events/ChangeEventBus.ts";
import type { ChangeEvent } from "../events/changeEvents.ts";
import type { Stores, UnitOfWork } from "../storage/UnitOfWork.ts";

/** What a command's transaction produced: its answer and the events it caused. */
export interface Outcome<T> {
  value: T;
  events: readonly ChangeEvent[];
}

/** A committed command: its answer, and the events already published. */
export type Committed<T> = Outcome<T>;

/** What every command module is built with. */
export interface CommandContext {
  /** Reads outside a transaction (looking up the target before deciding). */
  readonly stores: Stores;
  /**
   * Runs `work` as one transaction and, once it has committed, publishes its
   * events. If `work` throws (a refusal, or a failed write) nothing of it is
   * kept and nothing is published.
   */
  commit<T>(work: (stores: Stores) => Outcome<T>): Committed<T>;
}

export function commandContext(uow: UnitOfWork, bus: ChangeEventBus): CommandContext {
  return {
    stores: uow.stores,
    commit(work) {
      const outcome = uow.transaction(work);
      bus.publish(outcome.events);
      return outcome;
    },
  };
}
