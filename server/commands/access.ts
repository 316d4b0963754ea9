import { Actions, type Actor, can } from "../../shared/permissions.ts";
import type { User } from "../../shared/types.ts";
import type { SectionLocation } from "../storage/DraftStore.ts";
import type { Stores } from "../storage/UnitOfWork.ts";
import { CommandError } from "./CommandError.ts";

/**
 * Finding the target of a request and the caller's standing towards it. A
 * target the caller may not see is "not found", exactly like one that does
 * not exist, so a refusal never reveals what exists in other groups.
 */

/** The actor for permission checks: the user with their role in this group. */
export async function actorIn(stores: Pick<Stores, "groups">, user: User, groupId: string): Promise<Actor> {
  return { userId: user.id, isAdmin: user.isAdmin, role: await stores.groups.roleOf(groupId, user.id) };
}

/** The caller in a group they may see. */
export async function actorInGroup(stores: Stores, user: User, groupId: string): Promise<Actor> {
  const group = await stores.groups.get(groupId);
  const actor = await actorIn(stores, user, groupId);
  if (!group || !can(actor, Actions.viewGroup)) throw CommandError.notFound("Working group");
  return actor;
}

/** The caller and the group of a draft they may see. */
export async function actorInDraft(
  stores: Stores,
  user: User,
  draftId: string,
): Promise<{ groupId: string; actor: Actor }> {
  const groupId = await stores.drafts.groupOf(draftId);
  const actor = groupId ? await actorIn(stores, user, groupId) : null;
  if (!groupId || !actor || !can(actor, Actions.viewDraft)) throw CommandError.notFound("Draft");
  return { groupId, actor };
}

/** The caller and a section (live or removed) of a draft they may see. */
export async function actorAtSection(
  stores: Stores,
  user: User,
  sectionId: string,
): Promise<{ located: SectionLocation; actor: Actor }> {
  const located = await stores.drafts.locateSection(sectionId);
  const actor = located ? await actorIn(stores, user, located.groupId) : null;
  if (!located || !actor || !can(actor, Actions.readSection)) throw CommandError.notFound("Section");
  return { located, actor };
}

/** Refuses unless `allowed`, with a message that says who may. */
export function ensure(allowed: boolean, message: string): void {
  if (!allowed) throw CommandError.forbidden(message);
}
