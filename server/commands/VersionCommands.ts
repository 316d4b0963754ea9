import { sectionDocumentName } from "../../shared/documentNames.ts";
import { sectionStateFromJSON } from "../../shared/editor/sectionContent.ts";
import { Actions, can } from "../../shared/permissions.ts";
import { rangesOfUpdate } from "../../shared/text/updateRanges.ts";
import type { CreatedResponse, DraftDetail, User, VersionCreated } from "../../shared/types.ts";
import { type ChangeEvent, Events } from "../events/changeEvents.ts";
import type { Stores } from "../storage/UnitOfWork.ts";
import type { StoredVersion, StoredVersionSection } from "../storage/VersionStore.ts";
import { restoreUpdate } from "../versions/replaceSection.ts";
import { actorIn, actorInDraft, actorInGroup, ensure } from "./access.ts";
import { auditBy } from "./audit.ts";
import type { CommandContext, Committed, Outcome } from "./CommandContext.ts";
import { CommandError } from "./CommandError.ts";
import type { DurableDocumentWriter } from "./liveDocuments.ts";
import { refuseIfFrozen } from "./negotiationGuards.ts";

/** A Word file sent for import, as the route received it. */
export interface UploadedDocx {
  fileName: string;
  bytes: Uint8Array;
  /** The title the lead typed, if any (trimmed, at most 200 characters). */
  title: string;
}

/**
 * Records a version of a draft as it is at this instant, inside the caller's
 * transaction: naming one here, or the silence procedure at its start and at
 * adoption. Null if the draft does not exist.
 */
export async function recordVersion(
  stores: Pick<Stores, "versions">,
  input: { draftId: string; name: string; by: User; at?: number },
): Promise<Outcome<VersionCreated> | null> {
  const version = await stores.versions.create(input.draftId, input.name, input.by, input.at);
  if (!version) return null;
  return { value: version, events: [Events.versionCreated({ draftId: input.draftId, versionId: version.id })] };
}

/** Named versions of a draft, restoring them, the draft's own settings, and Word import. */
export class VersionCommands {
  constructor(
    private readonly ctx: CommandContext,
    /** Section texts, written durably together with the restore's rows. */
    private readonly sections: DurableDocumentWriter,
  ) {}

  async nameVersion(user: User, input: { draftId: string; name: string }): Promise<Committed<VersionCreated>> {
    const { draftId, name } = input;
    return await this.ctx.commit(async (stores) => {
      const { groupId, actor } = await actorInDraft(stores, user, draftId);
      ensure(can(actor, Actions.manageVersions), "Only the group's leads can name versions.");
      const recorded = await recordVersion(stores, { draftId, name, by: user });
      if (!recorded) throw CommandError.notFound("Draft");
      await stores.audit.append(auditBy(user, groupId, "version.create", recorded.value.id, { draftId, name }));
      return recorded;
    });
  }

  /** The title and the paragraph-numbering setting of a draft. */
  async updateSettings(
    user: User,
    input: { draftId: string; title?: string | undefined; paragraphNumbers?: boolean | undefined },
  ): Promise<Committed<DraftDetail>> {
    const { draftId, title, paragraphNumbers } = input;
    return await this.ctx.commit(async (stores) => {
      const { groupId, actor } = await actorInDraft(stores, user, draftId);
      ensure(can(actor, Actions.updateDraft), "Only the group's leads can change a draft's settings.");
      const before = await stores.drafts.get(draftId);
      if (!before) throw CommandError.notFound("Draft");
      if (paragraphNumbers !== undefined) await stores.drafts.setParagraphNumbers(draftId, paragraphNumbers);
      if (title !== undefined) await stores.drafts.setTitle(draftId, title);
      await stores.audit.append(
        auditBy(user, groupId, "draft.update", draftId, {
          ...(title !== undefined && { title: { from: before.title, to: title } }),
          ...(paragraphNumbers !== undefined && {
            paragraphNumbers: { from: before.paragraphNumbers, to: paragraphNumbers },
          }),
        }),
      );
      const after = await stores.drafts.get(draftId);
      if (!after) throw CommandError.notFound("Draft");
      return { value: after, events: [Events.draftSettingsChanged({ draftId })] };
    });
  }

  /**
   * Restores some sections of a version (`sectionIds`), or the whole draft:
   * its title, order and sections too. Every restored text is a new change
   * made by the server as this lead. All or nothing: the section texts are
   * appended to the durable log in the same transaction as the layout and
   * the audit entry, and reach the live documents only once that committed.
   */
  async restore(
    user: User,
    input: { versionId: string; sectionIds?: readonly string[] | undefined },
  ): Promise<DraftDetail> {
    // Refusals come before any document is loaded; they are checked again inside the transaction.
    const { targets } = await restorePlan(this.ctx.stores, user, input);
    const author = { userId: user.id, delegation: user.delegation };
    const draftId = await this.sections.applyDurable(
      targets.map((section) => sectionDocumentName(section.id)),
      async (docs) => {
        const committed = await this.ctx.commit(async (stores) => {
          const plan = await restorePlan(stores, user, input);
          if (plan.targets.length !== docs.length) throw CommandError.conflict("The version changed; try again.");
          const updates: (Uint8Array | null)[] = [];
          for (const [index, section] of plan.targets.entries()) {
            const doc = docs[index];
            if (!doc) throw new Error("document not loaded");
            const update = restoreUpdate(doc, section.state);
            if (update) {
              await stores.documents.append(sectionDocumentName(section.id), update, {
                ...author,
                ...rangesOfUpdate(update),
              });
            }
            updates.push(update);
          }
          const affected = await writeLayout(stores, user, plan);
          await stores.audit.append(
            auditBy(user, plan.groupId, "version.restore", plan.version.id, {
              draftId: plan.version.draftId,
              name: plan.version.name,
              sections: plan.whole ? "all" : plan.targets.map((s) => s.id),
            }),
          );
          const restored: ChangeEvent = Events.sectionsRestored({
            draftId: plan.version.draftId,
            versionId: plan.version.id,
            sectionIds: affected,
          });
          return { value: { draftId: plan.version.draftId, updates }, events: [restored] };
        });
        return { value: committed.value.draftId, updates: committed.value.updates };
      },
    );
    const draft = await this.ctx.stores.drafts.get(draftId);
    if (!draft) throw CommandError.notFound("Draft");
    return draft;
  }

  /** Refuses (404, 403) before a Word file is read, for a caller who may not import into this group. */
  async refuseUnlessMayImport(user: User, groupId: string): Promise<void> {
    await mayImport(this.ctx.stores, user, groupId);
  }

  /**
   * A new draft from a Word file: each Heading 1 starts a section. The
   * sections' texts are the importing lead's, written to the log with the
   * draft's rows, before anyone can open them.
   */
  async importDocx(user: User, input: { groupId: string; file: UploadedDocx }): Promise<Committed<CreatedResponse>> {
    const { groupId, file } = input;
    await mayImport(this.ctx.stores, user, groupId);
    // Word's libraries load on first use: they would slow every start for a rare request.
    const { ImportError, importDocx, UNTITLED_FIRST_SECTION } = await import("../import/docxImport.ts");
    let imported: Awaited<ReturnType<typeof importDocx>>;
    try {
      imported = await importDocx(file.bytes);
    } catch (error) {
      if (error instanceof ImportError) throw CommandError.invalid(error.message);
      throw CommandError.invalid("This file could not be imported as a Word document (.docx).");
    }
    const title = file.title || imported.title || titleFromFileName(file.fileName) || "Imported draft";
    let states: Uint8Array[];
    try {
      states = imported.sections.map((section) => sectionStateFromJSON(section.content));
    } catch {
      throw CommandError.invalid("This document holds content Plenary cannot represent.");
    }
    const author = { userId: user.id, delegation: user.delegation };
    return this.ctx.commit(async (stores) => {
      await mayImport(stores, user, groupId);
      const [first, ...rest] = imported.sections;
      const created = await stores.drafts.createDraft(groupId, title, first?.title ?? UNTITLED_FIRST_SECTION);
      const ids = [created.sectionId];
      let after = created.sectionId;
      for (const section of rest) {
        const id = await stores.drafts.createSection(created.draftId, section.title, after);
        if (!id) throw new Error("section could not be created");
        ids.push(id);
        after = id;
      }
      for (const [index, id] of ids.entries()) {
        const state = states[index];
        if (state)
          await stores.documents.append(sectionDocumentName(id), state, { ...author, ...rangesOfUpdate(state) });
      }
      await stores.audit.append(
        auditBy(user, groupId, "draft.import", created.draftId, {
          title,
          fileName: file.fileName,
          sections: ids.length,
        }),
      );
      return { value: { id: created.draftId }, events: [Events.draftChanged({ draftId: created.draftId })] };
    });
  }
}

interface RestorePlan {
  version: StoredVersion;
  groupId: string;
  whole: boolean;
  targets: StoredVersionSection[];
}

/** What a restore would write, after every refusal: 404, 403, 409 (frozen, agreed), 400 (unknown sections). */
async function restorePlan(
  stores: Stores,
  user: User,
  input: { versionId: string; sectionIds?: readonly string[] | undefined },
): Promise<RestorePlan> {
  const located = await stores.versions.locate(input.versionId);
  const actor = located ? await actorIn(stores, user, located.groupId) : null;
  const version = located && actor && can(actor, Actions.viewDraft) ? await stores.versions.get(input.versionId) : null;
  if (!located || !actor || !version) throw CommandError.notFound("Version");
  ensure(can(actor, Actions.manageVersions), "Only the group's leads can restore a version.");
  await refuseIfFrozen(stores.silences, version.draftId);
  const inVersion = new Map(version.sections.map((s) => [s.id, s]));
  const unknown = (input.sectionIds ?? []).filter((id) => !inVersion.has(id));
  if (unknown.length > 0) throw CommandError.invalid(`Not sections of this version: ${unknown.join(", ")}.`);
  const whole = input.sectionIds === undefined;
  const targets = whole
    ? version.sections
    : (input.sectionIds ?? []).flatMap((id) => {
        const section = inVersion.get(id);
        return section ? [section] : [];
      });
  const agreed = [];
  for (const s of targets) {
    if ((await stores.drafts.locateSection(s.id))?.section.status === "agreed") agreed.push(s);
  }
  if (agreed.length > 0) {
    throw CommandError.conflict(
      `Agreed sections are locked: reopen ${agreed.map((s) => `"${s.title}"`).join(", ")} before restoring.`,
    );
  }
  return { version, groupId: located.groupId, whole, targets };
}

/**
 * Titles, order and presence of the restored sections; for a whole draft,
 * the draft's title and list too. Returns every section whose text or
 * presence may have changed.
 */
async function writeLayout(stores: Stores, user: User, plan: RestorePlan): Promise<string[]> {
  const { version } = plan;
  const affected = new Set(plan.targets.map((s) => s.id));
  if (plan.whole) {
    for (const section of (await stores.drafts.get(version.draftId))?.sections ?? []) affected.add(section.id);
    await stores.drafts.restoreLayout(version.draftId, version.title, version.sections, user.id);
    return [...affected];
  }
  for (const section of plan.targets) {
    const located = await stores.drafts.locateSection(section.id);
    if (located?.removed) await stores.drafts.restoreSection(section.id, version.draftId);
    if (located && located.section.title !== section.title) {
      await stores.drafts.updateSection(section.id, { title: section.title });
    }
  }
  return [...affected];
}

async function mayImport(stores: Stores, user: User, groupId: string): Promise<void> {
  const actor = await actorInGroup(stores, user, groupId);
  ensure(can(actor, Actions.createDraft), "Only the group's leads can import drafts.");
}

function titleFromFileName(fileName: string): string {
  return fileName
    .replace(/\.docx$/i, "")
    .trim()
    .slice(0, 200);
}
