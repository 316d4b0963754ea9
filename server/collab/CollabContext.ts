import type { User } from "../../shared/types.ts";

/** What Plenary attaches to every authenticated document connection. */
export interface CollabContext {
  user: User;
  sessionId: string;
}

export function isCollabContext(value: unknown): value is CollabContext {
  return (
    typeof value === "object" &&
    value !== null &&
    "user" in value &&
    "sessionId" in value &&
    typeof (value as { sessionId: unknown }).sessionId === "string"
  );
}
