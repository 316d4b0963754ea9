import { Actions, can } from "../../shared/permissions.ts";
import type { CreatedResponse, DraftDetail, User } from "../../shared/types.ts";
import { Events } from "../events/changeEvents.ts";
import { actorInDraft, actorInGroup, ensure } from "./access.ts";
import { auditBy } from "./audit.ts";
import type { CommandContext, Committed } from "./CommandContext.ts";
import { CommandError } from "./CommandError.ts";
import { refuseIfFrozen } from "./negotiationGuards.ts";

/** Every new draft starts with one section, so there is somewhere to write. */
export const FIRST_SECTION_TITLE = "Introduction";

/** Drafts and the list of their sections (creating, adding, ordering). */
export class DraftCommands {
  constructor(private readonly ctx: CommandContext) {}

  async createDraft(user: User, input: { groupId: string; title: string }): Promise<Committed<CreatedResponse>> {
    const { groupId, title } = input;
    return await this.ctx.commit(async (stores) => {
      const actor = await actorInGroup(stores, user, groupId);
      ensure(can(actor, Actions.createDraft), "Only the group's leads can create drafts.");
      const { draftId, sectionId } = await stores.drafts.createDraft(groupId, title, FIRST_SECTION_TITLE);
      await stores.audit.append(auditBy(user, groupId, "draft.create", draftId, { title, sectionId }));
      return { value: { id: draftId }, events: [Events.draftChanged({ draftId })] };
    });
  }

  /** Adds a section after `afterSectionId`, or at the end. */
  async createSection(
    user: User,
    input: { draftId: string; title: string; afterSectionId?: string | undefined },
  ): Promise<Committed<CreatedResponse>> {
    const { draftId, title, afterSectionId } = input;
    return await this.ctx.commit(async (stores) => {
      const { groupId, actor } = await actorInDraft(stores, user, draftId);
      ensure(can(actor, Actions.createSection), "Only the group's leads can add sections.");
      await refuseIfFrozen(stores.silences, draftId);
      const id = await stores.drafts.createSection(draftId, title, afterSectionId);
      if (id === null) throw CommandError.invalid("afterSectionId is not a section of this draft.");
      await stores.audit.append(
        auditBy(user, groupId, "section.create", id, { draftId, title, afterSectionId: afterSectionId ?? null }),
      );
      return { value: { id }, events: [Events.draftChanged({ draftId })] };
    });
  }

  /** Sets the reading order; `sectionIds` must list every live section once. */
  async reorderSections(
    user: User,
    input: { draftId: string; sectionIds: readonly string[] },
  ): Promise<Committed<DraftDetail>> {
    const { draftId, sectionIds } = input;
    return await this.ctx.commit(async (stores) => {
      const { groupId, actor } = await actorInDraft(stores, user, draftId);
      ensure(can(actor, Actions.updateSection), "Only the group's leads can reorder sections.");
      await refuseIfFrozen(stores.silences, draftId);
      const before = (await stores.drafts.get(draftId))?.sections.map((section) => section.id) ?? [];
      if (!(await stores.drafts.reorder(draftId, sectionIds))) {
        throw CommandError.invalid("sectionIds must list every section of the draft exactly once.");
      }
      await stores.audit.append(auditBy(user, groupId, "section.reorder", draftId, { from: before, to: sectionIds }));
      const after = await stores.drafts.get(draftId);
      if (!after) throw CommandError.notFound("Draft");
      return { value: after, events: [Events.draftChanged({ draftId })] };
    });
  }
}
