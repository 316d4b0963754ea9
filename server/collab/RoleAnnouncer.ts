import type { Connection, Hocuspocus } from "@hocuspocus/server";
import { parseDocumentName } from "../../shared/documentNames.ts";
import { roleMessage } from "../../shared/roleMessage.ts";
import type { Stores } from "../storage/UnitOfWork.ts";
import { isCollabContext } from "./CollabContext.ts";

type GroupStore = Stores["groups"];
type DraftStore = Stores["drafts"];

/**
 * Tells each draft page its user's role when it changes, on the `draft:`
 * document's connection: the page then offers exactly what the new role may
 * do. The server still decides every request; this only keeps the page honest.
 */
export class RoleAnnouncer {
  private readonly announced = new WeakMap<Connection, string>();

  constructor(
    private readonly hocuspocus: Hocuspocus,
    private readonly groups: GroupStore,
    private readonly drafts: DraftStore,
  ) {}

  /** Re-checks the draft pages of one user (their role or membership changed). */
  async user(connections: readonly Connection[]): Promise<void> {
    for (const connection of connections) {
      const ref = parseDocumentName(connection.document.name);
      if (ref?.kind === "draft") await this.connection(connection, await this.drafts.groupOf(ref.id));
    }
  }

  /** Re-checks every open draft page (after a change that concerns many people). */
  async all(): Promise<void> {
    for (const document of this.hocuspocus.documents.values()) {
      const ref = parseDocumentName(document.name);
      if (ref?.kind !== "draft") continue;
      const groupId = await this.drafts.groupOf(ref.id);
      for (const connection of document.getConnections()) await this.connection(connection, groupId);
    }
  }

  private async connection(connection: Connection, groupId: string | null): Promise<void> {
    const context = connection.context;
    if (!isCollabContext(context)) return;
    const message = roleMessage(groupId ? await this.groups.roleOf(groupId, context.user.id) : null);
    if (this.announced.get(connection) === message) return;
    this.announced.set(connection, message);
    connection.sendStateless(message);
  }
}
