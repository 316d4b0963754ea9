import type {
  afterLoadDocumentPayload,
  beforeHandleAwarenessPayload,
  Connection,
  connectedPayload,
  Document,
  Extension,
  Hocuspocus,
  onDisconnectPayload,
} from "@hocuspocus/server";
import { removeAwarenessStates } from "y-protocols/awareness";
import {
  delegationColor,
  PRESENCE_USER_FIELD,
  type PresenceUser,
  type RosterEntry,
  type RosterMessage,
} from "../../shared/presence.ts";
import type { User } from "../../shared/types.ts";
import { isCollabContext } from "./CollabContext.ts";
import { mergeRosterShares, type RosterExchange, type RosterShare } from "./rosterShares.ts";

const MAX_CLIENT_IDS_PER_CONNECTION = 1;
const ROSTER_DELAY_SMALL_MS = 150;
const ROSTER_DELAY_LARGE_MS = 1_000;
const LARGE_ROOM = 50;

/**
 * Presence is authorised by Plenary, not trusted from clients:
 * - only writable connections may set awareness (carets); read-only ones
 *   (observers, members without the pen) are dropped, under any client id;
 * - a connection owns the first awareness client id it uses and may only set
 *   that one;
 * - the `user` field is always replaced by the session's identity.
 * Everyone on a draft page, readers included, is listed in a roster the
 * server publishes on the draft document, coalesced so a full room costs little.
 */
export class PresenceExtension implements Extension {
  extensionName = "Presence";

  /** Per document: awareness client id → the connection that owns it. */
  private readonly owners = new Map<string, Map<number, Connection>>();
  private readonly rosterTimers = new Map<string, NodeJS.Timeout>();
  private hocuspocus: Hocuspocus | null = null;
  private stopped = false;

  /**
   * With several servers, `exchange` carries each server's share of every
   * roster; a server publishes its own and shows the merge of all of them.
   */
  constructor(
    private readonly drafts: DraftIndex,
    private readonly exchange: RosterExchange | null = null,
  ) {
    exchange?.onRemoteChange((draftDocumentName) => this.scheduleRoster(draftDocumentName));
  }

  attach(hocuspocus: Hocuspocus): void {
    this.hocuspocus = hocuspocus;
  }

  /**
   * Hocuspocus awaits the awareness hooks before applying a presence update,
   * and ties the states it adds to the connection only if that connection is
   * still open then: one closed (or replaced) in between would leave states
   * nobody removes. They are removed as soon as they are applied.
   */
  async afterLoadDocument({ document }: afterLoadDocumentPayload): Promise<void> {
    document.awareness.on("update", ({ added, updated }: { added: number[]; updated: number[] }, origin: unknown) => {
      const connection = connectionOf(origin);
      if (!connection || document.hasConnection(connection)) return;
      const stale = [...added, ...updated].filter((id) => id !== document.awareness.clientID);
      if (stale.length > 0) removeAwarenessStates(document.awareness, stale, null);
    });
  }

  async beforeHandleAwareness({
    states,
    connection,
    documentName,
    transactionOrigin,
  }: beforeHandleAwarenessPayload): Promise<void> {
    // Presence relayed by another server was authorised there, by this same
    // code, for a connection of its own.
    if (isRelayed(transactionOrigin)) return;
    // A connection closed (or replaced) while its presence was queued: Hocuspocus
    // would apply it without tying it to the connection, and it would never leave.
    const closed = connection !== undefined && !connection.document.hasConnection(connection);
    if (!connection || closed || connection.readOnly || !isCollabContext(connection.context)) {
      states.clear();
      return;
    }
    const identity = presenceOf(connection.context.user);
    let owners = this.owners.get(documentName);
    if (!owners) {
      owners = new Map();
      this.owners.set(documentName, owners);
    }
    for (const [clientId, state] of [...states]) {
      // Hocuspocus decodes each message into a scratch Awareness whose own
      // empty local state is listed too; it is nobody's presence.
      if (Object.keys(state).length === 0) {
        states.delete(clientId);
        continue;
      }
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

  async connected({ documentName }: connectedPayload): Promise<void> {
    this.documentChanged(documentName);
  }

  async onDisconnect({ documentName }: onDisconnectPayload): Promise<void> {
    const owners = this.owners.get(documentName);
    if (owners) {
      for (const [clientId, connection] of owners) {
        if (!connection.document.hasConnection(connection)) owners.delete(clientId);
      }
      if (owners.size === 0) this.owners.delete(documentName);
    }
    this.documentChanged(documentName);
  }

  /**
   * Someone joined or left a document, or their rights in it changed: the
   * roster of its draft (the only place the roster is shown) is due again.
   */
  documentChanged(documentName: string): void {
    // Sockets closing during shutdown still report here, after storage is gone.
    if (this.stopped) return;
    void this.drafts.draftOf(documentName).then(
      (draft) => {
        if (draft && !this.stopped) this.scheduleRoster(draft);
      },
      // Storage went away (shutdown): the roster follows on the next change.
      () => {},
    );
  }

  private async sendRoster(documentName: string): Promise<void> {
    let names: string[];
    try {
      names = await this.drafts.sectionsOf(documentName);
    } catch {
      // Storage went away (shutdown): nobody is left to tell.
      this.rosterTimers.delete(documentName);
      return;
    }
    this.rosterTimers.delete(documentName);
    const current = this.hocuspocus?.documents.get(documentName);
    if (this.stopped) return;
    if (!current || current.isDestroyed) {
      // The last person here left: the other servers stop counting them now.
      this.exchange?.publish(documentName, { people: [], writers: [] });
      return;
    }
    const sections = names
      .map((name) => this.hocuspocus?.documents.get(name))
      .filter((document): document is Document => document !== undefined);
    const own = shareOf(current, sections);
    this.exchange?.publish(documentName, own);
    const shares = [own, ...(this.exchange?.others(documentName) ?? [])];
    // To this server's connections only: every server sends its own the
    // merged roster, so nothing is relayed between servers here.
    current.relayStateless(JSON.stringify(mergeRosterShares(shares)));
  }

  private scheduleRoster(documentName: string): void {
    if (this.rosterTimers.has(documentName)) return;
    const document = this.hocuspocus?.documents.get(documentName);
    const size = document?.getConnectionsCount() ?? 0;
    const timer = setTimeout(
      () => void this.sendRoster(documentName),
      size > LARGE_ROOM ? ROSTER_DELAY_LARGE_MS : ROSTER_DELAY_SMALL_MS,
    );
    timer.unref();
    this.rosterTimers.set(documentName, timer);
  }

  async onDestroy(): Promise<void> {
    this.stopped = true;
    for (const timer of this.rosterTimers.values()) clearTimeout(timer);
    this.rosterTimers.clear();
  }
}

function presenceOf(user: User): PresenceUser {
  return { id: user.id, name: user.name, delegation: user.delegation, color: delegationColor(user.delegation) };
}

/** Where the roster lives: the draft document of any document, and the section documents of a draft. */
export interface DraftIndex {
  draftOf(documentName: string): Promise<string | null>;
  sectionsOf(draftDocumentName: string): Promise<string[]>;
}

/**
 * This server's part of a roster: everyone connected here to the draft
 * document (the draft page), and who may write one of its sections here now.
 */
export function shareOf(draft: Document, sections: readonly Document[]): RosterShare {
  const writers = new Set<string>();
  for (const section of sections) {
    for (const connection of section.getConnections()) {
      if (!connection.readOnly && isCollabContext(connection.context)) writers.add(connection.context.user.id);
    }
  }
  const people = new Map<string, RosterEntry>();
  for (const connection of draft.getConnections()) {
    if (!isCollabContext(connection.context)) continue;
    const { user } = connection.context;
    const entry = people.get(user.id) ?? { ...presenceOf(user), connections: 0, writing: writers.has(user.id) };
    entry.connections += 1;
    people.set(user.id, entry);
  }
  return { people: [...people.values()], writers: [...writers] };
}

/** Everyone on the draft page of this server alone (connected to the draft document). */
export function rosterOf(draft: Document, sections: readonly Document[]): RosterMessage {
  return mergeRosterShares([shareOf(draft, sections)]);
}

function isRelayed(origin: unknown): boolean {
  return typeof origin === "object" && origin !== null && (origin as { source?: unknown }).source === "redis";
}

function connectionOf(origin: unknown): Connection | null {
  if (typeof origin !== "object" || origin === null) return null;
  const { source, connection } = origin as { source?: unknown; connection?: unknown };
  return source === "connection" && connection ? (connection as Connection) : null;
}
