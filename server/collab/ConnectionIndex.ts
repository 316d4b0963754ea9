import type { Connection, connectedPayload, Extension } from "@hocuspocus/server";
import { isCollabContext } from "./CollabContext.ts";

/**
 * The open document connections of each user, so that a change concerning one
 * person (a new role, removal from a group, a session ended) is applied to
 * their connections alone instead of a scan of every loaded document.
 */
export class ConnectionIndex implements Extension {
  extensionName = "ConnectionIndex";

  private readonly byUser = new Map<string, Set<Connection>>();

  /**
   * `onIndexed` runs once a connection is in the index. Rights that changed
   * between its authentication and this moment reached no one (re-authorising
   * looks connections up here), so the caller re-checks it then.
   */
  constructor(private readonly onIndexed: (connection: Connection) => void = () => {}) {}

  async connected({ connection }: connectedPayload): Promise<void> {
    const context = connection.context;
    if (!isCollabContext(context)) return;
    const userId = context.user.id;
    let connections = this.byUser.get(userId);
    if (!connections) {
      connections = new Set();
      this.byUser.set(userId, connections);
    }
    connections.add(connection);
    // Fires however the connection ends: socket closed, document closed for it, server shutdown.
    connection.onClose(() => {
      const current = this.byUser.get(userId);
      current?.delete(connection);
      if (current?.size === 0) this.byUser.delete(userId);
    });
    this.onIndexed(connection);
  }

  /** A snapshot: closing connections while iterating it is safe. */
  connectionsOf(userId: string): Connection[] {
    return [...(this.byUser.get(userId) ?? [])];
  }
}
