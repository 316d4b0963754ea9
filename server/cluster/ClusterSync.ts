import { Redis as RedisExtension } from "@hocuspocus/extension-redis";
import type {
  afterLoadDocumentPayload,
  beforeBroadcastStatelessPayload,
  onAwarenessUpdatePayload,
  onChangePayload,
  onStoreDocumentPayload,
} from "@hocuspocus/server";
import type { Logger } from "../logger.ts";
import type { RedisLink } from "./RedisLink.ts";

/** How long opening a document waits for Redis before it is served from this server alone. */
const LOAD_WAIT_MS = 2_000;

/**
 * Live edits and presence between servers: `@hocuspocus/extension-redis`
 * (each change is announced as a state vector; the servers holding the
 * document answer with what the other lacks), made to keep serving while
 * Redis is away:
 * - nothing is published or awaited while a connection to Redis is down, so
 *   editing, opening documents and storing never wait for it;
 * - when Redis is back, `resync` re-subscribes every loaded document and
 *   exchanges state vectors with the other servers, so both sides get what
 *   they missed (Yjs merges it; nothing is applied twice).
 * Updates that arrive through Redis are already in the database (the server
 * that received them stored them first) and are applied with the "redis"
 * origin, which PersistenceExtension does not append again.
 */
export class ClusterSync extends RedisExtension {
  extensionName = "ClusterSync";

  constructor(
    private readonly link: RedisLink,
    serverId: string,
    prefix: string,
    private readonly logger: Logger,
  ) {
    super({
      createClient: () => link.client("sync"),
      identifier: serverId,
      prefix,
    });
  }

  override async afterLoadDocument(payload: afterLoadDocumentPayload): Promise<void> {
    if (!this.link.up) return;
    // Redis may go away while this waits: open the document anyway; the
    // subscription completes when Redis is back, and `resync` catches up.
    await Promise.race([
      super.afterLoadDocument(payload).catch((error: unknown) =>
        this.logger.warn("could not announce a document to the other servers", {
          document: payload.documentName,
          error: String(error),
        }),
      ),
      new Promise<void>((resolve) => setTimeout(resolve, LOAD_WAIT_MS).unref()),
    ]);
  }

  override async onChange(payload: onChangePayload): Promise<void> {
    if (this.link.up) await super.onChange(payload);
  }

  override async onAwarenessUpdate(payload: onAwarenessUpdatePayload): Promise<void> {
    if (this.link.up) await super.onAwarenessUpdate(payload);
  }

  override async beforeBroadcastStateless(payload: beforeBroadcastStatelessPayload): Promise<number> {
    return this.link.up ? super.beforeBroadcastStateless(payload) : 0;
  }

  /** The lock only saves two servers compacting at once; without Redis, compaction goes ahead (it is safe either way). */
  override async onStoreDocument(payload: onStoreDocumentPayload): Promise<void> {
    if (this.link.up) await super.onStoreDocument(payload);
  }

  /** After an outage (or a start without Redis): subscribe every loaded document again and swap what is missing. */
  async resync(): Promise<void> {
    if (!this.instance) return;
    const documents = [...this.instance.documents.values()];
    await Promise.all(
      documents.map((document) =>
        this.afterLoadDocument({ document, documentName: document.name } as afterLoadDocumentPayload),
      ),
    );
  }
}
