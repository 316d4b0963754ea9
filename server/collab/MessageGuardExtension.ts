import { type beforeHandleMessagePayload, type Extension, MessageType } from "@hocuspocus/server";
import { CloseCodes } from "../../shared/closeCodes.ts";
import type { Logger } from "../logger.ts";
import type { CollabLimits } from "./CollabLimits.ts";
import { closeSocket } from "./closeSocket.ts";
import { parseMessage } from "./syncMessages.ts";

/** Message types a client may send once a document is open. */
const CLIENT_MESSAGE_TYPES = new Set<number>([
  MessageType.Auth,
  MessageType.QueryAwareness,
  MessageType.Stateless,
  MessageType.CLOSE,
  MessageType.Ping,
  MessageType.Pong,
]);

/**
 * First look at every message on an open document: anything malformed, of a
 * type a client never sends, or over the presence size limit closes that
 * socket (and only that socket) with a code that says why.
 */
export class MessageGuardExtension implements Extension {
  extensionName = "MessageGuard";
  priority = 950;

  constructor(
    private readonly limits: CollabLimits,
    private readonly logger: Logger,
  ) {}

  async beforeHandleMessage({ connection, update, document }: beforeHandleMessagePayload): Promise<void> {
    let parsed: ReturnType<typeof parseMessage>;
    try {
      parsed = parseMessage(update);
    } catch (error) {
      this.refuse(connection, CloseCodes.malformedMessage, document.name, String(error));
    }
    if (parsed.type === "awareness" && update.byteLength > this.limits.maxAwarenessBytes) {
      this.refuse(connection, CloseCodes.awarenessTooLarge, document.name, `${update.byteLength} bytes`);
    }
    if (parsed.type === "other" && !CLIENT_MESSAGE_TYPES.has(parsed.messageType)) {
      this.refuse(connection, CloseCodes.malformedMessage, document.name, `message type ${parsed.messageType}`);
    }
  }

  private refuse(
    connection: beforeHandleMessagePayload["connection"],
    close: { code: number; reason: string },
    document: string,
    detail: string,
  ): never {
    this.logger.warn("closing socket", { reason: close.reason, document, detail });
    closeSocket(connection, close);
    throw Object.assign(new Error(close.reason), close);
  }
}
