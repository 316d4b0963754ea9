import type { DraftProgress } from "../../shared/negotiation.ts";
import type { Commands } from "../commands/index.ts";
import type { Logger } from "../logger.ts";
import type { Queries } from "../queries/index.ts";

/** What negotiation needs beyond its commands and queries: progress measured on the live section texts. */
export interface NegotiationDeps {
  /** The draft's figures now (loads sections that are not in memory). */
  measure(draftId: string): Promise<DraftProgress>;
}

/** What the routes are built with: the write path (commands), reads (queries), and request plumbing. */
export interface ApiDeps {
  commands: Commands;
  queries: Queries;
  logger: Logger;
  sessionTtlMs: number;
  negotiation: NegotiationDeps;
}
