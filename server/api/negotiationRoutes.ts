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
import type { ApiDeps } from "./ApiDeps.ts";
import type { ApiEnv } from "./ApiEnv.ts";
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
  app.use("*", authenticate(deps.queries.accounts));
  bracketRoutes(app, deps);
  progressRoutes(app, deps);
  silenceRoutes(app, deps);
  return app;
}

/** A draft's brackets: bracketing a passage, options, positions, resolving or withdrawing. */
function bracketRoutes(app: Hono<ApiEnv>, deps: ApiDeps): void {
  const { brackets } = deps.commands;

  app.get("/drafts/:draftId/brackets", async (c) => {
    const { user } = c.get("auth");
    return c.json(await deps.queries.negotiation.brackets(user, readId(c, "draftId", "Draft")));
  });

  app.post("/drafts/:draftId/brackets", async (c) => {
    const { user } = c.get("auth");
    const draftId = readId(c, "draftId", "Draft");
    // Outsiders (404) and observers (403) are refused before what they sent is read.
    await brackets.participantInDraft(user, draftId);
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
    return c.json((await brackets.addOption(user, { bracketId, text: body.text })).value, 201);
  });

  app.put("/brackets/:bracketId/position", async (c) => {
    const { user } = c.get("auth");
    const bracketId = readId(c, "bracketId", "Bracket");
    const body = await readBody(c, StanceRequest);
    return c.json((await brackets.setStance(user, { bracketId, optionId: body.optionId, stance: body.stance })).value);
  });

  app.post("/brackets/:bracketId/resolve", async (c) => {
    const { user } = c.get("auth");
    const bracketId = readId(c, "bracketId", "Bracket");
    const body = await readBody(c, ResolveBracketRequest);
    return c.json(await brackets.resolve(user, { bracketId, ...body }));
  });
}

/** Open brackets and the clean share, measured on the live texts. */
function progressRoutes(app: Hono<ApiEnv>, deps: ApiDeps): void {
  app.get("/drafts/:draftId/progress", async (c) => {
    const { user } = c.get("auth");
    const draftId = readId(c, "draftId", "Draft");
    await deps.queries.drafts.get(user, draftId);
    const progress: DraftProgress = await deps.negotiation.measure(draftId);
    return c.json({
      openBrackets: progress.openBrackets,
      cleanShare: progress.cleanShare,
      characters: progress.characters,
      cleanCharacters: progress.cleanCharacters,
      sections: progress.sections,
    });
  });
}

/** The silence procedure: circulating a draft, reading its state, breaking or withdrawing it. */
function silenceRoutes(app: Hono<ApiEnv>, deps: ApiDeps): void {
  const { silence } = deps.commands;

  app.post("/drafts/:draftId/silence", async (c) => {
    const { user } = c.get("auth");
    const draftId = readId(c, "draftId", "Draft");
    const body = await readBody(c, StartSilenceRequest);
    return c.json((await silence.start(user, { draftId, until: Date.parse(body.until) })).value, 201);
  });

  app.get("/drafts/:draftId/silence", async (c) => {
    const { user } = c.get("auth");
    return c.json(await deps.queries.negotiation.latestSilence(user, readId(c, "draftId", "Draft")));
  });

  app.post("/silence/:silenceId/break", async (c) => {
    const { user } = c.get("auth");
    const silenceId = readId(c, "silenceId", "Silence procedure");
    const body = await readBody(c, BreakSilenceRequest);
    return c.json((await silence.breakSilence(user, { silenceId, reason: body.reason })).value);
  });

  app.post("/silence/:silenceId/withdraw", async (c) => {
    const { user } = c.get("auth");
    const silenceId = readId(c, "silenceId", "Silence procedure");
    return c.json((await silence.withdraw(user, { silenceId })).value);
  });
}
