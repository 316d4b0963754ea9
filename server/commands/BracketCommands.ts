import { type Anchor, normalizeAnchor, replaceAnchoredText, resolveAnchor } from "../../shared/discussionAnchors.ts";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import type { Bracket, Stance } from "../../shared/negotiation.ts";
import { MAX_OPTIONS } from "../../shared/negotiationSchemas.ts";
import { Actions, type Actor, can } from "../../shared/permissions.ts";
import type { User } from "../../shared/types.ts";
import type { SectionLocation } from "../storage/DraftStore.ts";
import { newId } from "../storage/ids.ts";
import { actorIn } from "./access.ts";
import { auditBy } from "./audit.ts";
import { CommandError } from "./CommandError.ts";
import type { NegotiationCommandDeps } from "./NegotiationCommandDeps.ts";

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
 * announced with events.
 */
export class BracketCommands {
  constructor(private readonly deps: NegotiationCommandDeps) {}

  async create(
    user: User,
    input: { draftId: string; sectionId: string; anchor: Anchor; alternatives: readonly string[] },
  ): Promise<Bracket> {
    const { draftId, sectionId } = input;
    const { groupId, actor } = this.participantInDraft(user, draftId);
    const section = this.deps.drafts.locateSection(sectionId);
    if (!section || section.removed || section.draftId !== draftId) {
      throw CommandError.invalid("sectionId is not a section of this draft.");
    }
    this.checkMayBracket(actor, section, "bracket its text");
    const bracketId = newId();
    const now = Date.now();

    const bracket = await this.deps.sectionWriter.write([sectionDocumentName(sectionId)], ([sectionDoc]) => {
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
      return this.deps.db.transaction(() => {
        // Checked again inside the transaction: silence may have started meanwhile.
        this.checkMayBracket(actor, this.liveSection(sectionId), "bracket its text");
        this.deps.brackets.create(
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
        this.deps.audit.append(
          auditBy(user, groupId, "bracket.create", bracketId, {
            draftId,
            sectionId,
            quote: current,
            alternatives: [...input.alternatives],
          }),
          now,
        );
        return this.read(bracketId);
      })();
    });
    this.deps.publish([{ type: "bracketsChanged", draftId, sectionId }]);
    return bracket;
  }

  addOption(user: User, input: { bracketId: string; text: string }): Bracket {
    const { bracket, groupId } = this.openBracketFor(user, input.bracketId);
    if (bracket.options.some((option) => option.text === input.text)) {
      throw CommandError.invalid("This wording is already an option of the bracket: support it instead.");
    }
    if (bracket.options.length >= MAX_OPTIONS) {
      throw CommandError.conflict(`A bracket has at most ${MAX_OPTIONS} options.`);
    }
    const optionId = newId();
    const now = Date.now();
    const result = this.deps.db.transaction(() => {
      this.deps.brackets.addOption(
        bracket.id,
        { id: optionId, text: input.text, by: { userId: user.id, delegation: user.delegation } },
        now,
      );
      this.deps.audit.append(
        auditBy(user, groupId, "bracket.option", bracket.id, {
          draftId: bracket.draftId,
          sectionId: bracket.sectionId,
          optionId,
          text: input.text,
        }),
        now,
      );
      return this.read(bracket.id);
    })();
    this.deps.publish([{ type: "bracketsChanged", draftId: bracket.draftId, sectionId: bracket.sectionId }]);
    return result;
  }

  setStance(user: User, input: { bracketId: string; optionId: string; stance: Stance }): Bracket {
    const { bracket, groupId } = this.openBracketFor(user, input.bracketId);
    if (!bracket.options.some((option) => option.id === input.optionId)) {
      throw CommandError.invalid("optionId is not an option of this bracket.");
    }
    const now = Date.now();
    const result = this.deps.db.transaction(() => {
      this.deps.brackets.setStance(input.optionId, user.delegation, input.stance, user.id, now);
      this.deps.audit.append(
        auditBy(user, groupId, "bracket.position", bracket.id, {
          draftId: bracket.draftId,
          sectionId: bracket.sectionId,
          optionId: input.optionId,
          stance: input.stance,
        }),
        now,
      );
      return this.read(bracket.id);
    })();
    this.deps.publish([{ type: "bracketsChanged", draftId: bracket.draftId, sectionId: bracket.sectionId }]);
    return result;
  }

  /** Chooses an option (written in place of the passage, as one change) or withdraws the bracket. */
  async resolve(
    user: User,
    input: { bracketId: string } & ({ optionId: string } | { withdraw: true }),
  ): Promise<Bracket> {
    const { bracket, groupId, actor } = this.bracketFor(user, input.bracketId);
    const section = this.liveSection(bracket.sectionId);
    this.checkMayBracket(actor, section, "resolve or withdraw its brackets");
    if (bracket.status !== "open") throw CommandError.conflict("This bracket is already resolved.");
    const chosen = "optionId" in input ? bracket.options.find((option) => option.id === input.optionId) : null;
    if ("optionId" in input && !chosen) throw CommandError.invalid("optionId is not an option of this bracket.");
    const now = Date.now();

    const result = await this.deps.sectionWriter.write([sectionDocumentName(bracket.sectionId)], ([sectionDoc]) => {
      if (!sectionDoc) throw new Error("document not loaded");
      // Everything from here on is synchronous: what is checked is what is changed.
      const latest = this.deps.brackets.get(bracket.id);
      if (latest?.status !== "open") throw CommandError.conflict("This bracket is already resolved.");
      this.checkMayBracket(actor, this.liveSection(bracket.sectionId), "resolve or withdraw its brackets");
      const resolved = resolveAnchor(sectionDoc, bracket.anchor);
      if (chosen && !resolved) {
        throw CommandError.conflict(
          "Every word of the bracketed passage has been deleted, so no option can be written in its place: withdraw the bracket.",
        );
      }
      const before = resolved?.currentText ?? "";
      const text = chosen ? chosen.text : before;
      return this.deps.db.transaction(() => {
        if (
          !this.deps.brackets.resolve(
            bracket.id,
            {
              outcome: chosen ? "chosen" : "withdrawn",
              optionId: chosen?.id ?? null,
              text,
              by: { userId: user.id, delegation: user.delegation },
            },
            now,
          )
        ) {
          throw CommandError.conflict("This bracket is already resolved.");
        }
        this.deps.audit.append(
          auditBy(user, groupId, chosen ? "bracket.resolve" : "bracket.withdraw", bracket.id, {
            draftId: bracket.draftId,
            sectionId: bracket.sectionId,
            quote: bracket.quote,
            replaced: before,
            ...(chosen && { optionId: chosen.id, chosen: chosen.text, sponsoredBy: chosen.delegation }),
          }),
          now,
        );
        // Last: the rows are written; if the text cannot be, they are rolled back.
        if (chosen && resolved && chosen.text !== before) replaceAnchoredText(resolved, chosen.text);
        return this.read(bracket.id);
      })();
    });
    this.deps.publish([{ type: "bracketsChanged", draftId: bracket.draftId, sectionId: bracket.sectionId }]);
    return result;
  }

  /** The draft's brackets, open and resolved, for any member of its group. */
  list(user: User, draftId: string): Bracket[] {
    const groupId = this.deps.drafts.groupOf(draftId);
    const actor = groupId ? actorIn(this.deps, user, groupId) : null;
    if (!groupId || !actor || !can(actor, Actions.viewDraft)) throw CommandError.notFound("Draft");
    return this.deps.brackets.forDraft(draftId);
  }

  private read(bracketId: string): Bracket {
    const bracket = this.deps.brackets.get(bracketId);
    if (!bracket) throw new Error("bracket vanished inside its own transaction");
    return bracket;
  }

  private participantInDraft(user: User, draftId: string): { groupId: string; actor: Actor } {
    const groupId = this.deps.drafts.groupOf(draftId);
    const actor = groupId ? actorIn(this.deps, user, groupId) : null;
    if (!groupId || !actor || !can(actor, Actions.viewDraft)) throw CommandError.notFound("Draft");
    if (!can(actor, Actions.negotiate)) throw CommandError.forbidden(OBSERVERS_REFUSED);
    return { groupId, actor };
  }

  private bracketFor(user: User, bracketId: string): { bracket: Bracket; groupId: string; actor: Actor } {
    const bracket = this.deps.brackets.get(bracketId);
    const groupId = bracket ? this.deps.drafts.groupOf(bracket.draftId) : null;
    const actor = groupId ? actorIn(this.deps, user, groupId) : null;
    if (!bracket || !groupId || !actor || !can(actor, Actions.viewDraft)) throw CommandError.notFound("Bracket");
    if (!can(actor, Actions.negotiate)) throw CommandError.forbidden(OBSERVERS_REFUSED);
    return { bracket, groupId, actor };
  }

  /** An open bracket the caller may negotiate on (add options, take positions). */
  private openBracketFor(user: User, bracketId: string): { bracket: Bracket; groupId: string } {
    const { bracket, groupId } = this.bracketFor(user, bracketId);
    if (this.deps.silences.isRunning(bracket.draftId)) throw CommandError.conflict(FROZEN);
    if (bracket.status !== "open") {
      throw CommandError.conflict("This bracket is resolved: its options and positions are part of the record.");
    }
    return { bracket, groupId };
  }

  private liveSection(sectionId: string): SectionLocation {
    const section = this.deps.drafts.locateSection(sectionId);
    if (!section || section.removed) {
      throw CommandError.conflict("The section of this bracket was removed: restore it first.");
    }
    return section;
  }

  private checkMayBracket(actor: Actor, located: SectionLocation, what: string): void {
    const frozen = this.deps.silences.isRunning(located.draftId);
    if (can(actor, Actions.bracketText, { ...located.section, frozen })) return;
    if (frozen) throw CommandError.conflict(FROZEN);
    if (located.section.status === "agreed") {
      throw CommandError.conflict(
        "The section is agreed and locked: a lead must set it back to review before its text can be bracketed or changed.",
      );
    }
    throw CommandError.forbidden(`Only the section's penholders and the group's leads can ${what}.`);
  }
}
