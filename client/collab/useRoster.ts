import type { HocuspocusProvider, onStatelessParameters } from "@hocuspocus/provider";
import { useEffect, useState } from "react";
import { delegationColor, parseRosterMessage, type RosterEntry } from "../../shared/presence.ts";
import { isColor } from "./isColor.ts";

export interface PresentUser extends RosterEntry {
  isSelf: boolean;
}

export interface Roster {
  users: PresentUser[];
  /** Distinct people present; more than `users.length` in a very large room. */
  count: number;
}

const EMPTY: Roster = { users: [], count: 0 };

/**
 * Everyone in a document, as the server publishes it (a stateless "roster"
 * message): readers cannot set presence themselves, so awareness would miss
 * observers and members without the pen. Entries are still checked, since
 * they came over the network.
 */
export function useRoster(provider: HocuspocusProvider | null, selfId: string): Roster {
  const [roster, setRoster] = useState<Roster>(EMPTY);

  useEffect(() => {
    setRoster(EMPTY);
    if (!provider) return;
    const onStateless = ({ payload }: onStatelessParameters) => {
      const message = parseRosterMessage(payload);
      if (!message) return;
      const users = message.users
        .map((entry) => parseEntry(entry, selfId))
        .filter((user): user is PresentUser => user !== null)
        .sort((a, b) => Number(b.isSelf) - Number(a.isSelf));
      setRoster({ users, count: Math.max(message.count, users.length) });
    };
    provider.on("stateless", onStateless);
    return () => {
      provider.off("stateless", onStateless);
    };
  }, [provider, selfId]);

  return roster;
}

function parseEntry(value: unknown, selfId: string): PresentUser | null {
  if (typeof value !== "object" || value === null) return null;
  const { id, name, delegation, color, connections, writing } = value as Record<string, unknown>;
  if (typeof id !== "string" || typeof name !== "string" || typeof delegation !== "string") return null;
  return {
    id,
    name,
    delegation,
    color: isColor(color) ? color : delegationColor(delegation),
    connections: typeof connections === "number" ? connections : 1,
    writing: writing === true,
    isSelf: id === selfId,
  };
}
