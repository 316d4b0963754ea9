import { ROLE_VALUES, type Role } from "./roles.ts";

/**
 * Sent by the server on a `draft:` document to a connection whose user's role
 * in the draft's group changed, so the page shows or hides what that role may
 * do (Comment, the lead's controls) without a reload.
 */
export interface RoleMessage {
  type: "role";
  /** The user's role in the group now; null once they left it. */
  role: Role | null;
}

export function roleMessage(role: Role | null): string {
  return JSON.stringify({ type: "role", role } satisfies RoleMessage);
}

export function parseRoleMessage(payload: string): RoleMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const { type, role } = value as Record<string, unknown>;
  if (type !== "role") return null;
  if (role !== null && !ROLE_VALUES.includes(role as Role)) return null;
  return { type: "role", role: role as Role | null };
}
