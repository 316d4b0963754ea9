import { Hono } from "hono";
import type { DraftProgress } from "../../shared/negotiation.ts";
import {
  AddOptionRequest,
  BreakSilenceRequest,
  CreateBracketRequest,
  ResolveBracketRequest,
  StanceRequest,
  StartSilenceRequest,
} from "../../shared/negotiationSchemas.ts";
import { Actions, can } from "../../shared/permissions.ts";
import { actorIn } from "../commands/access.ts";
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";
import { ApiError } from "./ApiError.ts";
import { authenticate } from "./authenticate.ts";
import { readBody, readId } from "./validate.ts";

/**
 * Negotiating the text: brackets with options and stances, progress, and the
 * silence procedure. Thin: each write is a command (server/commands/), which
 * checks, writes with its audit entry in one transaction, and announces it.
 * Outsiders get 404; a member or observer on a route that is not theirs, 403.
 */
export function negotiationRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", authenticate(deps.stores.sessions));
  const { brackets, silence } = deps.negotiation;

  app.get("/drafts/:draftId/brackets", (c) => {
    const { user } = c.get("auth");
    return c.json(brackets.list(user, readId(c, "draftId", "Draft")));
  });

  app.post("/drafts/:draftId/brackets", async (c) => {
    const { user } = c.get("auth");
    const draftId = readId(c, "draftId", "Draft");
    mayTakePart(deps, user, draftId);
    const body = await readBody(c, CreateBracketRequest);
    const bracket = await brackets.create(user, {
      draftId,
      sectionId: body.sectionId,
      anchor: body.anchor,
      alternatives: body.alternatives ?? [],
    });
    return c.json(bracket, 201);
  });

  app.post("/brackets/:bracketId/options", async (c) => {
    const { user } = c.get("auth");
    const bracketId = readId(c, "bracketId", "Bracket");
    const body = await readBody(c, AddOptionRequest);
    return c.json(brackets.addOption(user, { bracketId, text: body.text }), 201);
  });

  app.put("/brackets/:bracketId/position", async (c) => {
    const { user } = c.get("auth");
    const bracketId = readId(c, "bracketId", "Bracket");
    const body = await readBody(c, StanceRequest);
    return c.json(brackets.setStance(user, { bracketId, optionId: body.optionId, stance: body.stance }));
  });

  app.post("/brackets/:bracketId/resolve", async (c) => {
    const { user } = c.get("auth");
    const bracketId = readId(c, "bracketId", "Bracket");
    const body = await readBody(c, ResolveBracketRequest);
    return c.json(await brackets.resolve(user, { bracketId, ...body }));
  });

  app.get("/drafts/:draftId/progress", async (c) => {
    const { user } = c.get("auth");
    const draftId = readId(c, "draftId", "Draft");
    const groupId = deps.stores.drafts.groupOf(draftId);
    if (!groupId || !can(actorIn(deps.stores, user, groupId), Actions.viewDraft)) throw ApiError.notFound("Draft");
    const progress: DraftProgress = await deps.negotiation.measure(draftId);
    return c.json({
      openBrackets: progress.openBrackets,
      cleanShare: progress.cleanShare,
      characters: progress.characters,
      cleanCharacters: progress.cleanCharacters,
      sections: progress.sections,
    });
  });

  app.post("/drafts/:draftId/silence", async (c) => {
    const { user } = c.get("auth");
    const draftId = readId(c, "draftId", "Draft");
    const body = await readBody(c, StartSilenceRequest);
    return c.json(silence.start(user, { draftId, until: Date.parse(body.until) }), 201);
  });

  app.get("/drafts/:draftId/silence", (c) => {
    const { user } = c.get("auth");
    return c.json(silence.latest(user, readId(c, "draftId", "Draft")));
  });

  app.post("/silence/:silenceId/break", async (c) => {
    const { user } = c.get("auth");
    const silenceId = readId(c, "silenceId", "Silence procedure");
    const body = await readBody(c, BreakSilenceRequest);
    return c.json(silence.breakSilence(user, { silenceId, reason: body.reason }));
  });

  app.post("/silence/:silenceId/withdraw", (c) => {
    const { user } = c.get("auth");
    const silenceId = readId(c, "silenceId", "Silence procedure");
    return c.json(silence.withdraw(user, { silenceId }));
  });

  return app;
}

/** Refuses outsiders (404) and observers (403) before reading what they sent. */
function mayTakePart(deps: ApiDeps, user: Parameters<typeof actorIn>[1], draftId: string): void {
  const groupId = deps.stores.drafts.groupOf(draftId);
  const actor = groupId ? actorIn(deps.stores, user, groupId) : null;
  if (!groupId || !actor || !can(actor, Actions.viewDraft)) throw ApiError.notFound("Draft");
  if (!can(actor, Actions.negotiate)) {
    throw ApiError.forbidden(
      "Observers follow the negotiation but take no part in it: ask a lead for a member's role.",
    );
  }
}
