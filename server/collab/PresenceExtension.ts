import type { beforeHandleAwarenessPayload, Connection, Extension, onDisconnectPayload } from "@hocuspocus/server";
import { delegationColor, PRESENCE_USER_FIELD, type PresenceUser } from "../../shared/presence.ts";
import { isCollabContext } from "./CollabContext.ts";

const MAX_CLIENT_IDS_PER_CONNECTION = 1;

/**
 * Presence is authorised by Plenary, not trusted from the client: a connection
 * owns the first awareness client id it uses in a document and may only set
 * that one; the `user` field is always replaced by the session's identity, so
 * nobody can appear under someone else's name or delegation.
 */
export class PresenceExtension implements Extension {
  extensionName = "Presence";

  /** Per document: awareness client id → the connection that owns it. */
  private readonly owners = new Map<string, Map<number, Connection>>();

  async beforeHandleAwareness({ states, connection, documentName }: beforeHandleAwarenessPayload): Promise<void> {
    if (!connection || !isCollabContext(connection.context)) {
      states.clear();
      return;
    }
    const { user } = connection.context;
    const identity: PresenceUser = {
      id: user.id,
      name: user.name,
      delegation: user.delegation,
      color: delegationColor(user.delegation),
    };
    let owners = this.owners.get(documentName);
    if (!owners) {
      owners = new Map();
      this.owners.set(documentName, owners);
    }
    for (const [clientId, state] of [...states]) {
      const owner = owners.get(clientId);
      if (owner && owner !== connection) {
        states.delete(clientId);
        continue;
      }
      if (!owner) {
        const owned = [...owners.values()].filter((c) => c === connection).length;
        if (owned >= MAX_CLIENT_IDS_PER_CONNECTION) {
          states.delete(clientId);
          continue;
        }
        owners.set(clientId, connection);
      }
      states.set(clientId, { ...state, [PRESENCE_USER_FIELD]: identity });
    }
  }

  async onDisconnect({ documentName, context }: onDisconnectPayload): Promise<void> {
    const owners = this.owners.get(documentName);
    if (!owners) return;
    for (const [clientId, connection] of owners) {
      if (connection.context === context || !connection.document.hasConnection(connection)) owners.delete(clientId);
    }
    if (owners.size === 0) this.owners.delete(documentName);
  }
}
