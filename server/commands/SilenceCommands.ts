import type { SilenceProcedure } from "../../shared/negotiation.ts";
import { Actions, type Actor, can } from "../../shared/permissions.ts";
import { deadlineProblem, nextSilenceStatus } from "../../shared/silence.ts";
import type { User } from "../../shared/types.ts";
import { newId } from "../storage/ids.ts";
import { actorIn } from "./access.ts";
import { auditBy } from "./audit.ts";
import { CommandError } from "./CommandError.ts";
import type { NegotiationCommandDeps } from "./NegotiationCommandDeps.ts";
import type { NegotiationEvent } from "./negotiationEvents.ts";

/**
 * The silence procedure: a lead circulates the draft until a deadline; the
 * text is frozen; any member or lead delegation may break silence with a
 * reason; a lead may withdraw it; unbroken at the deadline, the text is
 * adopted (every section agreed, a version recorded where versions exist).
 * Each procedure ends exactly once: ending is a conditional update, so a
 * break racing the deadline, or a deadline applied twice, changes nothing.
 */
export class SilenceCommands {
  constructor(private readonly deps: NegotiationCommandDeps) {}

  start(user: User, input: { draftId: string; until: number }): SilenceProcedure {
    const { draftId } = input;
    const { groupId, actor } = this.memberOfDraft(user, draftId);
    if (!can(actor, Actions.circulate)) {
      throw CommandError.forbidden("Only the group's leads can put a draft under silence procedure.");
    }
    const now = Date.now();
    const problem = deadlineProblem(input.until, now);
    if (problem) throw CommandError.invalid(problem);
    const id = newId();
    const procedure = this.deps.db.transaction(() => {
      if (this.deps.silences.isRunning(draftId)) {
        throw CommandError.conflict("This draft is already under silence procedure.");
      }
      const open = this.deps.brackets.openInDraft(draftId);
      if (open.length > 0) {
        const numbers = new Map(this.deps.drafts.get(draftId)?.sections.map((s, index) => [s.id, index + 1]) ?? []);
        const named = open.map((b) => `“${b.quote}” (section ${numbers.get(b.sectionId) ?? "?"})`).join(", ");
        throw CommandError.conflict(
          `The draft has ${open.length} open bracket${open.length === 1 ? "" : "s"}: ${named}. Resolve or withdraw every bracket before circulating the text under silence.`,
        );
      }
      this.deps.silences.start(
        { id, draftId, until: input.until, by: { userId: user.id, delegation: user.delegation } },
        now,
      );
      const until = new Date(input.until).toISOString();
      this.deps.audit.append(auditBy(user, groupId, "silence.start", id, { draftId, until }), now);
      this.recordVersion(draftId, `Circulated under silence until ${until}`, user.id, now);
      return this.read(id);
    })();
    this.deps.publish(events(draftId, id, "running"));
    return procedure;
  }

  breakSilence(user: User, input: { silenceId: string; reason: string }): SilenceProcedure {
    const { procedure, groupId, actor } = this.procedureFor(user, input.silenceId);
    if (!can(actor, Actions.breakSilence)) {
      throw CommandError.forbidden("Observers cannot break silence: only member and lead delegations can.");
    }
    const now = Date.now();
    return this.end(procedure, "break", now, () => {
      if (
        !this.deps.silences.end(
          procedure.id,
          "broken",
          { userId: user.id, delegation: user.delegation },
          input.reason,
          now,
        )
      ) {
        return false;
      }
      this.deps.audit.append(
        auditBy(user, groupId, "silence.break", procedure.id, { draftId: procedure.draftId, reason: input.reason }),
        now,
      );
      return true;
    });
  }

  withdraw(user: User, input: { silenceId: string }): SilenceProcedure {
    const { procedure, groupId, actor } = this.procedureFor(user, input.silenceId);
    if (!can(actor, Actions.circulate)) {
      throw CommandError.forbidden("Only the group's leads can withdraw a silence procedure.");
    }
    const now = Date.now();
    return this.end(procedure, "withdraw", now, () => {
      if (
        !this.deps.silences.end(procedure.id, "withdrawn", { userId: user.id, delegation: user.delegation }, null, now)
      ) {
        return false;
      }
      this.deps.audit.append(
        auditBy(user, groupId, "silence.withdraw", procedure.id, { draftId: procedure.draftId }),
        now,
      );
      return true;
    });
  }

  /**
   * The deadline passed unbroken: the text is adopted. Returns null when there
   * is nothing to do (not due yet, or the procedure already ended: nothing is
   * adopted twice).
   */
  adopt(silenceId: string, now = Date.now()): SilenceProcedure | null {
    const procedure = this.deps.silences.get(silenceId);
    if (!procedure) return null;
    const transition = nextSilenceStatus(
      { status: procedure.status, until: Date.parse(procedure.until) },
      {
        type: "deadline",
        at: now,
      },
    );
    if (!transition.ok) return null;
    const { draftId } = procedure;
    const adopted = this.deps.db.transaction(() => {
      if (!this.deps.silences.end(procedure.id, "adopted", null, null, now)) return null;
      const groupId = this.deps.drafts.groupOf(draftId);
      const agreed: string[] = [];
      for (const section of this.deps.drafts.get(draftId)?.sections ?? []) {
        if (section.status === "agreed") continue;
        this.deps.drafts.updateSection(section.id, { status: "agreed" });
        agreed.push(section.id);
      }
      this.deps.audit.append(
        {
          actorId: null,
          actorDelegation: null,
          groupId,
          action: "silence.adopt",
          target: procedure.id,
          details: { draftId, until: procedure.until, startedBy: procedure.startedBy, sectionsAgreed: agreed },
        },
        now,
      );
      this.recordVersion(
        draftId,
        `Adopted under silence procedure (${procedure.until})`,
        procedure.startedBy.userId,
        now,
      );
      return this.read(procedure.id);
    })();
    if (!adopted) return null;
    this.deps.publish([...events(draftId, procedure.id, "ended"), { type: "draftChanged", draftId }]);
    return adopted;
  }

  /** The draft's latest procedure (or null), for any member of its group. */
  latest(user: User, draftId: string): SilenceProcedure | null {
    this.memberOfDraft(user, draftId);
    return this.deps.silences.latest(draftId);
  }

  private end(
    procedure: SilenceProcedure,
    type: "break" | "withdraw",
    now: number,
    write: () => boolean,
  ): SilenceProcedure {
    const ended = this.deps.db.transaction(() => {
      const current = this.read(procedure.id);
      const transition = nextSilenceStatus(
        { status: current.status, until: Date.parse(current.until) },
        { type, at: now },
      );
      if (!transition.ok) throw CommandError.conflict(transition.reason);
      if (!write()) throw CommandError.conflict("The silence procedure has already ended.");
      return this.read(procedure.id);
    })();
    this.deps.publish(events(procedure.draftId, procedure.id, "ended"));
    return ended;
  }

  /** The single place where the silence procedure records a named version. */
  private recordVersion(draftId: string, name: string, byUserId: string, at: number): void {
    this.deps.versions?.record({ draftId, name, byUserId, at });
  }

  private read(id: string): SilenceProcedure {
    const procedure = this.deps.silences.get(id);
    if (!procedure) throw new Error("silence procedure vanished inside its own transaction");
    return procedure;
  }

  private memberOfDraft(user: User, draftId: string): { groupId: string; actor: Actor } {
    const groupId = this.deps.drafts.groupOf(draftId);
    const actor = groupId ? actorIn(this.deps, user, groupId) : null;
    if (!groupId || !actor || !can(actor, Actions.viewDraft)) throw CommandError.notFound("Draft");
    return { groupId, actor };
  }

  private procedureFor(user: User, silenceId: string): { procedure: SilenceProcedure; groupId: string; actor: Actor } {
    const procedure = this.deps.silences.get(silenceId);
    const groupId = procedure ? this.deps.drafts.groupOf(procedure.draftId) : null;
    const actor = groupId ? actorIn(this.deps, user, groupId) : null;
    if (!procedure || !groupId || !actor || !can(actor, Actions.viewDraft)) {
      throw CommandError.notFound("Silence procedure");
    }
    return { procedure, groupId, actor };
  }
}

function events(draftId: string, silenceId: string, status: "running" | "ended"): NegotiationEvent[] {
  return [{ type: "silenceChanged", draftId, silenceId, status }];
}
