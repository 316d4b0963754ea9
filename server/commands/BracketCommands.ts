import { type Anchor, normalizeAnchor, replaceAnchoredText, resolveAnchor } from "../../shared/discussionAnchors.ts";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import type { Bracket, Stance } from "../../shared/negotiation.ts";
import { MAX_OPTIONS } from "../../shared/negotiationSchemas.ts";
import { Actions, type Actor, can } from "../../shared/permissions.ts";
import type { User } from "../../shared/types.ts";
import { type ChangeEvent, Events } from "../events/changeEvents.ts";
import type { SectionLocation } from "../storage/DraftStore.ts";
import { newId } from "../storage/ids.ts";
import type { Stores } from "../storage/UnitOfWork.ts";
import { actorIn, actorInDraft } from "./access.ts";
import { auditBy } from "./audit.ts";
import type { CommandContext, Committed } from "./CommandContext.ts";
import { CommandError } from "./CommandError.ts";
import type { DocumentWriter } from "./liveDocuments.ts";

const OBSERVERS_REFUSED = "Observers follow the negotiation but take no part in it: ask a lead for a member's role.";
const FROZEN =
  "The draft is under silence procedure: its text and brackets are frozen until the procedure ends (broken, withdrawn or adopted).";

/**
 * Square brackets: a penholder or lead brackets a contested passage with
 * alternative wordings; members and leads add options in their delegation's
 * name and record their delegation's stance on each; a penholder or lead
 * resolves it by choosing an option (the server writes that wording in place
 * of the passage) or withdraws it. Every change is checked with the shared
 * permission rules, written with its audit entry in one transaction, and
 * announced with a `bracketsChanged` event. Creating and resolving read (and
 * resolving writes) the section's text: they run in the section writer's
 * synchronous step, decide everything there, commit the rows, and write the
 * chosen wording last.
 */
export class BracketCommands {
  constructor(
    private readonly ctx: CommandContext,
    /** `section:` documents only. */
    private readonly sectionWriter: DocumentWriter,
  ) {}

  /** The draft's group and the caller as a negotiator; 404 for outsiders, 403 for observers. */
  async participantInDraft(
    user: User,
    draftId: string,
    stores: Stores = this.ctx.stores,
  ): Promise<{ groupId: string; actor: Actor }> {
    const found = await actorInDraft(stores, user, draftId);
    if (!can(found.actor, Actions.negotiate)) throw CommandError.forbidden(OBSERVERS_REFUSED);
    return found;
  }

  async create(
    user: User,
    input: { draftId: string; sectionId: string; anchor: Anchor; alternatives: readonly string[] },
  ): Promise<Bracket> {
    const { draftId, sectionId } = input;
    const { groupId, actor } = await this.participantInDraft(user, draftId);
    const section = await this.ctx.stores.drafts.locateSection(sectionId);
    if (!section || section.removed || section.draftId !== draftId) {
      throw CommandError.invalid("sectionId is not a section of this draft.");
    }
    await checkMayBracket(this.ctx.stores, actor, section, "bracket its text");
    const bracketId = newId();
    const now = Date.now();

    return this.ctx.commitWithDocuments(
      this.sectionWriter,
      [sectionDocumentName(sectionId)],
      async ([sectionDoc], commit) => {
        if (!sectionDoc) throw new Error("document not loaded");
        const anchored = normalizeAnchor(sectionDoc, input.anchor, { allowInsertion: false });
        if (!anchored.ok) throw CommandError.invalid(`Invalid request: ${anchored.reason}.`);
        const current = anchored.resolved.currentText;
        const wordings = [current, ...input.alternatives];
        if (new Set(wordings).size !== wordings.length) {
          throw CommandError.invalid(
            "alternatives must differ from the bracketed passage and from each other: each option is a different wording.",
          );
        }
        const { value } = await commit(async (stores) => {
          // Checked again inside the transaction: silence may have started meanwhile.
          await checkMayBracket(stores, actor, await liveSection(stores, sectionId), "bracket its text");
          await stores.brackets.create(
            {
              id: bracketId,
              draftId,
              sectionId,
              anchor: anchored.anchor,
              quote: current,
              by: { userId: user.id, delegation: user.delegation },
              options: wordings.map((text) => ({ id: newId(), text })),
            },
            now,
          );
          await stores.audit.append(
            auditBy(user, groupId, "bracket.create", bracketId, {
              draftId,
              sectionId,
              quote: current,
              alternatives: [...input.alternatives],
            }),
            now,
          );
          return { value: await read(stores, bracketId), events: [Events.bracketsChanged({ draftId, sectionId })] };
        });
        // The text is not changed: the bracket is anchored in it.
        return () => value;
      },
    );
  }

  async addOption(user: User, input: { bracketId: string; text: string }): Promise<Committed<Bracket>> {
    return await this.ctx.commit(async (stores) => {
      const { bracket, groupId } = await openBracketFor(stores, user, input.bracketId);
      if (bracket.options.some((option) => option.text === input.text)) {
        throw CommandError.invalid("This wording is already an option of the bracket: support it instead.");
      }
      if (bracket.options.length >= MAX_OPTIONS) {
        throw CommandError.conflict(`A bracket has at most ${MAX_OPTIONS} options.`);
      }
      const optionId = newId();
      const now = Date.now();
      await stores.brackets.addOption(
        bracket.id,
        { id: optionId, text: input.text, by: { userId: user.id, delegation: user.delegation } },
        now,
      );
      await stores.audit.append(
        auditBy(user, groupId, "bracket.option", bracket.id, {
          draftId: bracket.draftId,
          sectionId: bracket.sectionId,
          optionId,
          text: input.text,
        }),
        now,
      );
      return { value: await read(stores, bracket.id), events: [changed(bracket)] };
    });
  }

  async setStance(
    user: User,
    input: { bracketId: string; optionId: string; stance: Stance },
  ): Promise<Committed<Bracket>> {
    return await this.ctx.commit(async (stores) => {
      const { bracket, groupId } = await openBracketFor(stores, user, input.bracketId);
      if (!bracket.options.some((option) => option.id === input.optionId)) {
        throw CommandError.invalid("optionId is not an option of this bracket.");
      }
      const now = Date.now();
      await stores.brackets.setStance(input.optionId, user.delegation, input.stance, user.id, now);
      await stores.audit.append(
        auditBy(user, groupId, "bracket.position", bracket.id, {
          draftId: bracket.draftId,
          sectionId: bracket.sectionId,
          optionId: input.optionId,
          stance: input.stance,
        }),
        now,
      );
      return { value: await read(stores, bracket.id), events: [changed(bracket)] };
    });
  }

  /** Chooses an option (written in place of the passage, as one change) or withdraws the bracket. */
  async resolve(
    user: User,
    input: { bracketId: string } & ({ optionId: string } | { withdraw: true }),
  ): Promise<Bracket> {
    const { bracket, groupId, actor } = await bracketFor(this.ctx.stores, user, input.bracketId);
    await checkMayBracket(this.ctx.stores, actor, await liveSection(this.ctx.stores, bracket.sectionId), RESOLVE);
    if (bracket.status !== "open") throw CommandError.conflict("This bracket is already resolved.");
    const chosen = "optionId" in input ? bracket.options.find((option) => option.id === input.optionId) : null;
    if ("optionId" in input && !chosen) throw CommandError.invalid("optionId is not an option of this bracket.");
    const now = Date.now();

    return this.ctx.commitWithDocuments(
      this.sectionWriter,
      [sectionDocumentName(bracket.sectionId)],
      async ([sectionDoc], commit) => {
        if (!sectionDoc) throw new Error("document not loaded");
        // The writer holds the section: no client update lands until the
        // chosen wording is written, so what is checked is what is changed.
        const text: { write?: () => void } = {};
        const { value } = await commit(async (stores) => {
          if ((await stores.brackets.get(bracket.id))?.status !== "open") {
            throw CommandError.conflict("This bracket is already resolved.");
          }
          await checkMayBracket(stores, actor, await liveSection(stores, bracket.sectionId), RESOLVE);
          const resolved = resolveAnchor(sectionDoc, bracket.anchor);
          if (chosen && !resolved) {
            throw CommandError.conflict(
              "Every word of the bracketed passage has been deleted, so no option can be written in its place: withdraw the bracket.",
            );
          }
          const before = resolved?.currentText ?? "";
          const outcome = {
            outcome: chosen ? ("chosen" as const) : ("withdrawn" as const),
            optionId: chosen?.id ?? null,
            text: chosen ? chosen.text : before,
            by: { userId: user.id, delegation: user.delegation },
          };
          if (!(await stores.brackets.resolve(bracket.id, outcome, now))) {
            throw CommandError.conflict("This bracket is already resolved.");
          }
          await stores.audit.append(
            auditBy(user, groupId, chosen ? "bracket.resolve" : "bracket.withdraw", bracket.id, {
              draftId: bracket.draftId,
              sectionId: bracket.sectionId,
              quote: bracket.quote,
              replaced: before,
              ...(chosen && { optionId: chosen.id, chosen: chosen.text, sponsoredBy: chosen.delegation }),
            }),
            now,
          );
          if (chosen && resolved && chosen.text !== before) {
            text.write = () => replaceAnchoredText(resolved, chosen.text);
          }
          return { value: await read(stores, bracket.id), events: [changed(bracket)] };
        });
        // Last, once the rows are committed: the chosen wording, in place of the passage.
        return () => {
          text.write?.();
          return value;
        };
      },
    );
  }
}

const RESOLVE = "resolve or withdraw its brackets";

function changed(bracket: Bracket): ChangeEvent {
  return Events.bracketsChanged({ draftId: bracket.draftId, sectionId: bracket.sectionId });
}

async function read(stores: Stores, bracketId: string): Promise<Bracket> {
  const bracket = await stores.brackets.get(bracketId);
  if (!bracket) throw new Error("bracket vanished inside its own transaction");
  return bracket;
}

/** A bracket of a draft the caller may see, and the caller as a negotiator (observers are refused). */
async function bracketFor(
  stores: Stores,
  user: User,
  bracketId: string,
): Promise<{ bracket: Bracket; groupId: string; actor: Actor }> {
  const bracket = await stores.brackets.get(bracketId);
  const groupId = bracket ? await stores.drafts.groupOf(bracket.draftId) : null;
  const actor = groupId ? await actorIn(stores, user, groupId) : null;
  if (!bracket || !groupId || !actor || !can(actor, Actions.viewDraft)) throw CommandError.notFound("Bracket");
  if (!can(actor, Actions.negotiate)) throw CommandError.forbidden(OBSERVERS_REFUSED);
  return { bracket, groupId, actor };
}

/** An open bracket the caller may negotiate on (add options, take positions). */
async function openBracketFor(
  stores: Stores,
  user: User,
  bracketId: string,
): Promise<{ bracket: Bracket; groupId: string }> {
  const { bracket, groupId } = await bracketFor(stores, user, bracketId);
  if (await stores.silences.isRunning(bracket.draftId)) throw CommandError.conflict(FROZEN);
  if (bracket.status !== "open") {
    throw CommandError.conflict("This bracket is resolved: its options and positions are part of the record.");
  }
  return { bracket, groupId };
}

async function liveSection(stores: Stores, sectionId: string): Promise<SectionLocation> {
  const section = await stores.drafts.locateSection(sectionId);
  if (!section || section.removed) {
    throw CommandError.conflict("The section of this bracket was removed: restore it first.");
  }
  return section;
}

async function checkMayBracket(stores: Stores, actor: Actor, located: SectionLocation, what: string): Promise<void> {
  const frozen = await stores.silences.isRunning(located.draftId);
  if (can(actor, Actions.bracketText, { ...located.section, frozen })) return;
  if (frozen) throw CommandError.conflict(FROZEN);
  if (located.section.status === "agreed") {
    throw CommandError.conflict(
      "The section is agreed and locked: a lead must set it back to review before its text can be bracketed or changed.",
    );
  }
  throw CommandError.forbidden(`Only the section's penholders and the group's leads can ${what}.`);
}
