import type { SilenceProcedure } from "../../shared/negotiation.ts";
import { Actions, type Actor, can } from "../../shared/permissions.ts";
import { deadlineProblem, nextSilenceStatus } from "../../shared/silence.ts";
import type { User } from "../../shared/types.ts";
import { type ChangeEvent, Events } from "../events/changeEvents.ts";
import { newId } from "../storage/ids.ts";
import type { Stores } from "../storage/UnitOfWork.ts";
import { actorIn, actorInDraft } from "./access.ts";
import { auditBy } from "./audit.ts";
import type { CommandContext, Committed } from "./CommandContext.ts";
import { CommandError } from "./CommandError.ts";

/**
 * Records a named version of a draft. The silence procedure calls it when it
 * starts and when the text is adopted, inside the command's transaction and
 * with its stores, so the version is kept exactly when the procedure's change
 * is; the adoption's version is named for the lead who circulated the text.
 */
export interface SilenceVersionHook {
  record(stores: Stores, input: { draftId: string; name: string; byUserId: string; at: number }): Promise<void>;
}

/**
 * The silence procedure: a lead circulates the draft until a deadline; the
 * text is frozen; any member or lead delegation may break silence with a
 * reason; a lead may withdraw it; unbroken at the deadline, the text is
 * adopted (every section agreed, a version recorded). Each procedure ends
 * exactly once: ending is a conditional update, so a break racing the
 * deadline, or a deadline applied twice, changes nothing. Every change is
 * announced with `silenceChanged`, which the deadline scheduler and collab
 * (freezing and thawing connections) follow.
 */
export class SilenceCommands {
  constructor(
    private readonly ctx: CommandContext,
    private readonly versions: SilenceVersionHook,
  ) {}

  async start(user: User, input: { draftId: string; until: number }): Promise<Committed<SilenceProcedure>> {
    const { draftId } = input;
    return await this.ctx.commit(async (stores) => {
      const { groupId, actor } = await actorInDraft(stores, user, draftId);
      if (!can(actor, Actions.circulate)) {
        throw CommandError.forbidden("Only the group's leads can put a draft under silence procedure.");
      }
      const now = Date.now();
      const problem = deadlineProblem(input.until, now);
      if (problem) throw CommandError.invalid(problem);
      if (await stores.silences.isRunning(draftId)) {
        throw CommandError.conflict("This draft is already under silence procedure.");
      }
      await refuseIfBracketed(stores, draftId);
      const id = newId();
      await stores.silences.start(
        { id, draftId, until: input.until, by: { userId: user.id, delegation: user.delegation } },
        now,
      );
      const until = new Date(input.until).toISOString();
      await this.versions.record(stores, {
        draftId,
        name: `Circulated under silence until ${until}`,
        byUserId: user.id,
        at: now,
      });
      await stores.audit.append(auditBy(user, groupId, "silence.start", id, { draftId, until }), now);
      return { value: await read(stores, id), events: [changed(draftId, id, "running")] };
    });
  }

  async breakSilence(user: User, input: { silenceId: string; reason: string }): Promise<Committed<SilenceProcedure>> {
    return await this.ctx.commit(async (stores) => {
      const { procedure, groupId, actor } = await procedureFor(stores, user, input.silenceId);
      if (!can(actor, Actions.breakSilence)) {
        throw CommandError.forbidden("Observers cannot break silence: only member and lead delegations can.");
      }
      const now = Date.now();
      const by = { userId: user.id, delegation: user.delegation };
      await endOnce(
        stores,
        procedure,
        "break",
        now,
        async () => await stores.silences.end(procedure.id, "broken", by, input.reason, now),
      );
      await stores.audit.append(
        auditBy(user, groupId, "silence.break", procedure.id, { draftId: procedure.draftId, reason: input.reason }),
        now,
      );
      return { value: await read(stores, procedure.id), events: [changed(procedure.draftId, procedure.id, "ended")] };
    });
  }

  async withdraw(user: User, input: { silenceId: string }): Promise<Committed<SilenceProcedure>> {
    return await this.ctx.commit(async (stores) => {
      const { procedure, groupId, actor } = await procedureFor(stores, user, input.silenceId);
      if (!can(actor, Actions.circulate)) {
        throw CommandError.forbidden("Only the group's leads can withdraw a silence procedure.");
      }
      const now = Date.now();
      const by = { userId: user.id, delegation: user.delegation };
      await endOnce(
        stores,
        procedure,
        "withdraw",
        now,
        async () => await stores.silences.end(procedure.id, "withdrawn", by, null, now),
      );
      await stores.audit.append(
        auditBy(user, groupId, "silence.withdraw", procedure.id, { draftId: procedure.draftId }),
        now,
      );
      return { value: await read(stores, procedure.id), events: [changed(procedure.draftId, procedure.id, "ended")] };
    });
  }

  /**
   * The deadline passed unbroken: the text is adopted. The value is null when
   * there is nothing to do (not due yet, or the procedure already ended:
   * nothing is adopted twice).
   */
  async adopt(silenceId: string, now = Date.now()): Promise<Committed<SilenceProcedure | null>> {
    return await this.ctx.commit(async (stores) => {
      const procedure = await stores.silences.get(silenceId);
      if (!procedure) return { value: null, events: [] };
      const due = nextSilenceStatus(
        { status: procedure.status, until: Date.parse(procedure.until) },
        { type: "deadline", at: now },
      );
      if (!due.ok || !(await stores.silences.end(procedure.id, "adopted", null, null, now)))
        return { value: null, events: [] };
      const { draftId } = procedure;
      const agreed: string[] = [];
      for (const section of (await stores.drafts.get(draftId))?.sections ?? []) {
        if (section.status === "agreed") continue;
        await stores.drafts.updateSection(section.id, { status: "agreed" });
        agreed.push(section.id);
      }
      await this.versions.record(stores, {
        draftId,
        name: `Adopted under silence procedure (${procedure.until})`,
        byUserId: procedure.startedBy.userId,
        at: now,
      });
      await stores.audit.append(
        {
          actorId: null,
          actorDelegation: null,
          groupId: await stores.drafts.groupOf(draftId),
          action: "silence.adopt",
          target: procedure.id,
          details: { draftId, until: procedure.until, startedBy: procedure.startedBy, sectionsAgreed: agreed },
        },
        now,
      );
      // The thaw re-checks every connection of the draft, which covers the sections now agreed.
      return {
        value: await read(stores, procedure.id),
        events: [changed(draftId, procedure.id, "ended"), Events.draftChanged({ draftId })],
      };
    });
  }
}

function changed(draftId: string, silenceId: string, status: "running" | "ended"): ChangeEvent {
  return Events.silenceChanged({ draftId, silenceId, status });
}

/** A draft with open brackets is not circulated: the answer names them and their sections. */
async function refuseIfBracketed(stores: Stores, draftId: string): Promise<void> {
  const open = await stores.brackets.openInDraft(draftId);
  if (open.length === 0) return;
  const numbers = new Map((await stores.drafts.get(draftId))?.sections.map((s, index) => [s.id, index + 1]) ?? []);
  const named = open.map((b) => `“${b.quote}” (section ${numbers.get(b.sectionId) ?? "?"})`).join(", ");
  throw CommandError.conflict(
    `The draft has ${open.length} open bracket${open.length === 1 ? "" : "s"}: ${named}. Resolve or withdraw every bracket before circulating the text under silence.`,
  );
}

/** Ends a running procedure by a person's act, or refuses: it ended already, or its deadline passed. */
async function endOnce(
  stores: Stores,
  procedure: SilenceProcedure,
  type: "break" | "withdraw",
  now: number,
  end: () => Promise<boolean>,
): Promise<void> {
  const current = await read(stores, procedure.id);
  const transition = nextSilenceStatus({ status: current.status, until: Date.parse(current.until) }, { type, at: now });
  if (!transition.ok) throw CommandError.conflict(transition.reason);
  if (!(await end())) throw CommandError.conflict("The silence procedure has already ended.");
}

async function read(stores: Stores, id: string): Promise<SilenceProcedure> {
  const procedure = await stores.silences.get(id);
  if (!procedure) throw new Error("silence procedure vanished inside its own transaction");
  return procedure;
}

async function procedureFor(
  stores: Stores,
  user: User,
  silenceId: string,
): Promise<{ procedure: SilenceProcedure; groupId: string; actor: Actor }> {
  const procedure = await stores.silences.get(silenceId);
  const groupId = procedure ? await stores.drafts.groupOf(procedure.draftId) : null;
  const actor = groupId ? await actorIn(stores, user, groupId) : null;
  if (!procedure || !groupId || !actor || !can(actor, Actions.viewDraft)) {
    throw CommandError.notFound("Silence procedure");
  }
  return { procedure, groupId, actor };
}
