import { describe, expect, test } from "vitest";
import * as Y from "yjs";
import { addThread, type CommentThread, type ProposalThread, readDiscussion } from "../../shared/discussion.ts";
import { discussionDocumentName } from "../../shared/documentNames.ts";
import { type DemoWorkspace, demoWorkspace, expectApiError, request, type Session, unknownId } from "../helpers/api.ts";
import { joinDocument } from "../helpers/collabClient.ts";
import { anchorOn, serverThreads } from "../helpers/discussion.ts";
import { RawClient } from "../helpers/rawClient.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { sharedTestServer } from "../helpers/testServer.ts";

const server = sharedTestServer();
let demo: DemoWorkspace;
let ids: Ids;
let sgp: Session;

interface Ids {
  draft: string;
  section: string;
  thread: string;
  comment: string;
  proposal: string;
}

/** Every discussion route, with a body that would be valid for a lead. */
const routes: { method: string; path: (ids: Ids) => string; body?: (ids: Ids) => unknown }[] = [
  {
    method: "POST",
    path: ({ draft }) => `/api/drafts/${draft}/threads`,
    body: ({ section }) => ({ sectionId: section, anchor: anchorForBodies, body: "Refused?" }),
  },
  {
    method: "POST",
    path: ({ draft }) => `/api/drafts/${draft}/proposals`,
    body: ({ section }) => ({ sectionId: section, anchor: anchorForBodies, replacement: "Refused?" }),
  },
  { method: "POST", path: ({ thread }) => `/api/threads/${thread}/comments`, body: () => ({ body: "Refused?" }) },
  {
    method: "PATCH",
    path: ({ thread, comment }) => `/api/threads/${thread}/comments/${comment}`,
    body: () => ({ body: "Refused?" }),
  },
  { method: "DELETE", path: ({ thread, comment }) => `/api/threads/${thread}/comments/${comment}` },
  { method: "POST", path: ({ thread }) => `/api/threads/${thread}/resolve` },
  { method: "POST", path: ({ thread }) => `/api/threads/${thread}/reopen` },
  { method: "POST", path: ({ proposal }) => `/api/proposals/${proposal}/accept`, body: () => ({ confirm: true }) },
  { method: "POST", path: ({ proposal }) => `/api/proposals/${proposal}/reject`, body: () => ({ reason: "No." }) },
];
let anchorForBodies: unknown;

const labelled = routes.map((route) => ({
  ...route,
  label: `${route.method} ${route.path({ draft: ":draftId", section: "", thread: ":threadId", comment: ":commentId", proposal: ":threadId" })}`,
}));

// Made inside the first test: the raw clients that read anchors clean up per test.
let ready: Promise<void> | null = null;
const fixtures = () => {
  ready ??= makeFixtures();
  return ready;
};

async function makeFixtures(): Promise<void> {
  demo = await demoWorkspace(server.current.url, await sessionFor(server.current, "secretariat"));
  sgp = await sessionFor(server.current, "sgp");
  const section = demo.section(3);
  anchorForBodies = await anchorOn(server.current, sgp.token, section, "every quarter");
  const thread = await sgp.request<CommentThread>("POST", `/api/drafts/${demo.doctrine.id}/threads`, {
    sectionId: section,
    anchor: await anchorOn(server.current, sgp.token, section, "joint coordination"),
    body: "A thread to attack.",
  });
  const proposal = await sgp.request<ProposalThread>("POST", `/api/drafts/${demo.doctrine.id}/proposals`, {
    sectionId: section,
    anchor: await anchorOn(server.current, sgp.token, section, "every quarter"),
    replacement: "every month",
  });
  const comment = thread.body.comments[0]?.id;
  if (thread.status !== 201 || proposal.status !== 201 || !comment) throw new Error("setup failed");
  ids = { draft: demo.doctrine.id, section, thread: thread.body.id, comment, proposal: proposal.body.id };
}

describe("every discussion route", () => {
  test.each(labelled)("$label refuses an observer with 403 and changes nothing", async ({ method, path, body }) => {
    await fixtures();
    const au = await sessionFor(server.current, "au");
    const before = await serverThreads(server.current, sgp.token, demo.doctrine.id);
    expectApiError(await au.request(method, path(ids), body?.(ids)), 403, "forbidden");
    expect(await serverThreads(server.current, sgp.token, demo.doctrine.id)).toEqual(before);
  });

  test.each(labelled)(
    "$label answers a non-member exactly as it answers unknown ids (404) and changes nothing",
    async ({ method, path, body }) => {
      await fixtures();
      const gha = await sessionFor(server.current, "gha");
      const before = await serverThreads(server.current, sgp.token, demo.doctrine.id);
      const outsider = await gha.request(method, path(ids), body?.(ids));
      const unknownIds = { ...ids, draft: unknownId(), thread: unknownId(), proposal: unknownId() };
      const unknown = await gha.request(method, path(unknownIds), body?.(unknownIds));
      expectApiError(outsider, 404, "not_found");
      expect(outsider.body).toEqual(unknown.body);
      expect(await serverThreads(server.current, sgp.token, demo.doctrine.id)).toEqual(before);
    },
  );

  test.each(labelled)("$label without a session is 401", async ({ method, path, body }) => {
    await fixtures();
    expectApiError(await request(server.current.url, method, path(ids), { body: body?.(ids) }), 401, "unauthorized");
  });
});

test("the mentions inbox is personal: anyone signed in reads their own, nobody else's", async () => {
  await fixtures();
  const au = await sessionFor(server.current, "au");
  const mine = await au.request<unknown[]>("GET", "/api/me/mentions");
  expect(mine.status).toBe(200);
  expect(mine.body).toEqual([]);
  expectApiError(await request(server.current.url, "GET", "/api/me/mentions"), 401, "unauthorized");
});

describe("the discussion document is written only by the server", () => {
  test("a member's forged update and sync-step-2 to discussion: are refused and change nothing for anyone", async () => {
    await fixtures();
    const name = discussionDocumentName(demo.doctrine.id);
    const watcher = await joinDocument(server.current.wsUrl, name, (await sessionFor(server.current, "au")).token);
    const original = readDiscussion(watcher.doc);
    expect(original.length).toBeGreaterThan(0);

    // Singapore (a member, allowed to comment through the API) and a lead both get read-only connections.
    for (const account of ["sgp", "usa"] as const) {
      const token = (await sessionFor(server.current, account)).token;
      const raw = await RawClient.connect(server.current.wsUrl);
      expect(await raw.authenticate(name, token)).toMatchObject({ type: "authenticated", scope: "readonly" });
      const base = await raw.fetchState(name);
      const forged = new Y.Doc();
      Y.applyUpdate(forged, Y.encodeStateAsUpdate(base));
      const before = Y.encodeStateVector(forged);
      forged.transact(() => {
        addThread(forged, {
          kind: "comment",
          id: "forgedThread0001",
          sectionId: ids.section,
          anchor: { start: "AAAA", end: "AAAA" },
          quote: "forged",
          author: { id: demo.userId("fra"), name: "France point of contact", delegation: "FRA" },
          createdAt: Date.now(),
          firstComment: {
            id: "forgedComment001",
            author: { id: demo.userId("fra"), name: "France point of contact", delegation: "FRA" },
            body: "FORGED: France agrees to everything.",
            mentions: [],
            createdAt: Date.now(),
          },
        });
        forged.getMap<Y.Map<unknown>>("threads").get(ids.proposal)?.set("status", "accepted");
      });
      raw.sendUpdate(name, Y.encodeStateAsUpdate(forged, before));
      raw.sendSyncStep2(name, Y.encodeStateAsUpdate(forged));
      // The same connection reads the server's state after its own messages were handled.
      expect(readDiscussion(await raw.fetchState(name))).toEqual(original);
    }

    // A real change made afterwards reaches the watcher; the forgery never does.
    const reply = await sgp.request("POST", `/api/threads/${ids.thread}/comments`, { body: "A legitimate reply." });
    expect(reply.status).toBe(201);
    const threads = await serverThreads(server.current, sgp.token, demo.doctrine.id);
    expect(threads.map((thread) => thread.id)).not.toContain("forgedThread0001");
    expect(threads.find((thread) => thread.id === ids.proposal)?.status).toBe("open");
    expect(JSON.stringify(readDiscussion(watcher.doc))).not.toContain("FORGED");
  });
});
