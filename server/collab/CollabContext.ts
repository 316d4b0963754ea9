import type { User } from "../../shared/types.ts";
import type { SocketEntry } from "./SocketRegistry.ts";

/** Set on every socket when it opens (Hocuspocus' default context). */
export interface SocketContext {
  socket: SocketEntry;
}

/** What Plenary attaches to every authenticated document connection. */
export interface CollabContext extends SocketContext {
  user: User;
  sessionId: string;
}

export function isCollabContext(value: unknown): value is CollabContext {
  return (
    typeof value === "object" &&
    value !== null &&
    "user" in value &&
    "socket" in value &&
    "sessionId" in value &&
    typeof (value as { sessionId: unknown }).sessionId === "string"
  );
}

export function isSocketContext(value: unknown): value is SocketContext {
  return typeof value === "object" && value !== null && "socket" in value;
}
