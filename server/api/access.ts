import type { Actor } from "../../shared/permissions.ts";
import type { User } from "../../shared/types.ts";
import type { GroupStore } from "../storage/GroupStore.ts";

/** The actor for permission checks: the user with their role in this group. */
export function actorIn(groups: GroupStore, user: User, groupId: string): Actor {
  return { userId: user.id, isAdmin: user.isAdmin, role: groups.roleOf(groupId, user.id) };
}
