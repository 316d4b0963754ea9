import { Actions, type Actor, can, canHoldPen } from "../../shared/permissions.ts";
import type { SectionStatus } from "../../shared/roles.ts";
import { canTransition } from "../../shared/sectionStatus.ts";
import type { SectionMeta, User } from "../../shared/types.ts";
import { type ChangeEvent, Events } from "../events/changeEvents.ts";
import type { SectionLocation } from "../storage/DraftStore.ts";
import type { Stores } from "../storage/UnitOfWork.ts";
import { actorAtSection, ensure } from "./access.ts";
import { auditBy } from "./audit.ts";
import type { CommandContext, Committed } from "./CommandContext.ts";
import { CommandError } from "./CommandError.ts";
import { refuseIfBracketed, refuseIfFrozen } from "./negotiationGuards.ts";

export interface SectionChange {
  title?: string | undefined;
  status?: SectionStatus | undefined;
  penholders?: string[] | undefined;
}

/** One section's metadata: title, status, penholders; removing and restoring it. */
export class SectionCommands {
  constructor(private readonly ctx: CommandContext) {}

  async update(user: User, input: { sectionId: string; change: SectionChange }): Promise<Committed<SectionMeta>> {
    const { sectionId, change } = input;
    return await this.ctx.commit(async (stores) => {
      const { located, actor } = await actorAtSection(stores, user, sectionId);
      if (located.removed) throw CommandError.notFound("Section");
      await checkChange(stores, actor, located, change);
      const before = located.section;
      await stores.drafts.updateSection(sectionId, {
        ...(change.title !== undefined && { title: change.title }),
        ...(change.status !== undefined && { status: change.status }),
        ...(change.penholders !== undefined && { penholders: change.penholders }),
      });
      await stores.audit.append(
        auditBy(user, located.groupId, "section.update", sectionId, {
          draftId: located.draftId,
          ...(change.title !== undefined && { title: { from: before.title, to: change.title } }),
          ...(change.status !== undefined && { status: { from: before.status, to: change.status } }),
          ...(change.penholders !== undefined && { penholders: { from: before.penholders, to: change.penholders } }),
        }),
      );
      const after = await stores.drafts.locateSection(sectionId);
      if (!after) throw CommandError.notFound("Section");
      return { value: after.section, events: updateEvents(located, after.section) };
    });
  }

  /** Removes a section from the draft; it is kept and can be restored. */
  async remove(user: User, input: { sectionId: string }): Promise<Committed<null>> {
    const { sectionId } = input;
    return await this.ctx.commit(async (stores) => {
      const located = await manageable(stores, user, sectionId, "remove");
      if (located.removed) throw CommandError.notFound("Section");
      await refuseIfFrozen(stores.silences, located.draftId);
      if ((await stores.drafts.get(located.draftId))?.sections.length === 1) {
        throw CommandError.conflict("A draft keeps at least one section: add another before removing this one.");
      }
      await stores.drafts.removeSection(sectionId, user.id);
      await stores.audit.append(
        auditBy(user, located.groupId, "section.remove", sectionId, {
          draftId: located.draftId,
          title: located.section.title,
        }),
      );
      const { draftId } = located;
      return {
        value: null,
        events: [Events.draftChanged({ draftId }), Events.sectionAccessChanged({ draftId, sectionId })],
      };
    });
  }

  /** Puts a removed section back, at the end of its draft. */
  async restore(user: User, input: { sectionId: string }): Promise<Committed<SectionMeta>> {
    const { sectionId } = input;
    return await this.ctx.commit(async (stores) => {
      const located = await manageable(stores, user, sectionId, "restore");
      if (!located.removed) throw CommandError.conflict("This section is not removed.");
      await refuseIfFrozen(stores.silences, located.draftId);
      await stores.drafts.restoreSection(sectionId, located.draftId);
      await stores.audit.append(
        auditBy(user, located.groupId, "section.restore", sectionId, {
          draftId: located.draftId,
          title: located.section.title,
        }),
      );
      const restored = await stores.drafts.locateSection(sectionId);
      if (!restored) throw CommandError.notFound("Section");
      const { draftId } = located;
      return {
        value: restored.section,
        events: [Events.draftChanged({ draftId }), Events.sectionAccessChanged({ draftId, sectionId })],
      };
    });
  }
}

/** Refuses a change the actor may not make, or one the section's state does not allow. */
async function checkChange(
  stores: Stores,
  actor: Actor,
  located: SectionLocation,
  change: SectionChange,
): Promise<void> {
  if (change.title !== undefined) {
    ensure(can(actor, Actions.updateSection), "Only the group's leads can rename sections.");
  }
  if (change.status !== undefined) {
    ensure(can(actor, Actions.setSectionStatus), "Only the group's leads can change a section's status.");
  }
  // Under silence the text is frozen: its titles and statuses too (pens may still change hands).
  if (change.title !== undefined || change.status !== undefined) await refuseIfFrozen(stores.silences, located.draftId);
  if (change.status === "agreed" && located.section.status !== "agreed") {
    await refuseIfBracketed(stores.brackets, located.section.id);
  }
  if (change.status !== undefined) {
    if (!canTransition(located.section.status, change.status)) {
      throw CommandError.conflict(
        `A section cannot go from ${located.section.status} to ${change.status}: it moves drafting → review → agreed, and an agreed section must be reopened first.`,
      );
    }
  }
  if (change.penholders !== undefined) {
    ensure(can(actor, Actions.assignPenholders), "Only the group's leads can assign penholders.");
    const eligible = new Set(
      (await stores.groups.members(located.groupId))
        .filter((member) => canHoldPen(member.role))
        .map((member) => member.userId),
    );
    const invalid = change.penholders.filter((userId) => !eligible.has(userId));
    if (invalid.length > 0) {
      throw CommandError.invalid(
        `penholders must be members or leads of this group; not eligible: ${invalid.join(", ")}.`,
      );
    }
  }
}

/** The section with the caller, for lead-only management (remove, restore). */
async function manageable(stores: Stores, user: User, sectionId: string, verb: string): Promise<SectionLocation> {
  const { located, actor } = await actorAtSection(stores, user, sectionId);
  ensure(can(actor, Actions.updateSection), `Only the group's leads can ${verb} sections.`);
  return located;
}

/** The projection always follows; connections are re-checked only if the pen or the status moved. */
function updateEvents(before: SectionLocation, after: SectionMeta): ChangeEvent[] {
  const { draftId } = before;
  const sectionId = after.id;
  const events: ChangeEvent[] = [Events.draftChanged({ draftId })];
  const had = new Set(before.section.penholders);
  const has = new Set(after.penholders);
  const added = after.penholders.filter((id) => !had.has(id));
  const removed = before.section.penholders.filter((id) => !has.has(id));
  if (added.length > 0 || removed.length > 0) {
    events.push(Events.penholdersChanged({ draftId, sectionId, added, removed }));
  }
  if (before.section.status !== after.status) events.push(Events.sectionAccessChanged({ draftId, sectionId }));
  return events;
}
