import type * as Y from "yjs";
import type { ChangeEventBus } from "../events/ChangeEventBus.ts";
import type { ChangeEvent } from "../events/changeEvents.ts";
import type { Stores, UnitOfWork } from "../storage/UnitOfWork.ts";
import type { ApplyChange, DocumentWriter } from "./liveDocuments.ts";

/** What a command's transaction produced: its answer and the events it caused. */
export interface Outcome<T> {
  value: T;
  events: readonly ChangeEvent[];
}

/** A committed command: its answer, and the events already published. */
export type Committed<T> = Outcome<T>;

/** Runs `work` as one transaction; see `CommandContext.commit`. */
export type Commit = <T>(work: (stores: Stores) => Promise<Outcome<T>>) => Promise<Committed<T>>;

/** What every command module is built with. */
export interface CommandContext {
  /** Reads outside a transaction (looking up the target before deciding). */
  readonly stores: Stores;
  /**
   * Runs `work` as one transaction and, once it has committed, publishes its
   * events. If `work` throws (a refusal, or a failed write) nothing of it is
   * kept and nothing is published.
   */
  commit: Commit;
  /**
   * For a command that changes live documents in the same step as its rows:
   * runs `step` while the writer holds the documents, with a `commit` that
   * runs the transaction there and then, but holds its events until the
   * document write has finished; what `step` returns changes the documents. Whoever reacts (the draft document's brackets and
   * progress, re-authorisation) then finds the text already changed, as every
   * connection does. A refusal or failed write inside `step` keeps nothing
   * and publishes nothing.
   */
  commitWithDocuments<T>(
    writer: DocumentWriter,
    documentNames: readonly string[],
    step: (docs: Y.Doc[], commit: Commit) => Promise<ApplyChange<T>>,
  ): Promise<T>;
}

export function commandContext(uow: UnitOfWork, bus: ChangeEventBus): CommandContext {
  return {
    stores: uow.stores,
    async commit(work) {
      const outcome = await uow.transaction(work);
      await bus.publish(outcome.events);
      return outcome;
    },
    async commitWithDocuments(writer, documentNames, step) {
      const held: ChangeEvent[] = [];
      const commit: Commit = async (work) => {
        const outcome = await uow.transaction(work);
        held.push(...outcome.events);
        return outcome;
      };
      try {
        return await writer.write(documentNames, async (docs) => await step(docs, commit));
      } finally {
        // What committed is announced even if the writer failed afterwards: the projections follow SQLite.
        await bus.publish(held);
      }
    },
  };
}
