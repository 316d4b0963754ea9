import { beforeAll, describe, expect, test } from "vitest";
import * as Y from "yjs";
import { type CommentThread, type MentionEntry, readDiscussion, type Thread } from "../../shared/discussion.ts";
import { encodeRelativePosition, textBlocks } from "../../shared/discussionAnchors.ts";
import { discussionDocumentName, sectionDocumentName } from "../../shared/documentNames.ts";
import { type DemoWorkspace, demoWorkspace, expectApiError } from "../helpers/api.ts";
import { eventually, openDocument, openSocket } from "../helpers/collabClient.ts";
import { anchorOn, serverThreads } from "../helpers/discussion.ts";
import { serverState } from "../helpers/rawClient.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { sharedTestServer } from "../helpers/testServer.ts";

// Every test makes its own threads on its own words, so one server serves them all.
const server = sharedTestServer();
let demo: DemoWorkspace;

beforeAll(async () => {
  demo = await demoWorkspace(server.current.url, await sessionFor(server.current, "secretariat"));
});

const people = async () => ({
  sgp: await sessionFor(server.current, "sgp"),
  fra: await sessionFor(server.current, "fra"),
  usa: await sessionFor(server.current, "usa"),
  interpol: await sessionFor(server.current, "interpol"),
  au: await sessionFor(server.current, "au"),
});

/** Singapore starts a thread on `words` of section 3 (France holds its pen). */
async function startThread(words: string, body: string, mentions?: string[]): Promise<CommentThread> {
  const { sgp } = await people();
  const anchor = await anchorOn(server.current, sgp.token, demo.section(3), words);
  const created = await sgp.request<CommentThread>("POST", `/api/drafts/${demo.doctrine.id}/threads`, {
    sectionId: demo.section(3),
    anchor,
    body,
    ...(mentions && { mentions }),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

async function threadOnServer(threadId: string): Promise<Thread | undefined> {
  const threads = await serverThreads(server.current, (await people()).au.token, demo.doctrine.id);
  return threads.find((thread) => thread.id === threadId);
}

describe("comment threads", () => {
  test("a member comments on words of a section they cannot edit; the server sets authorship and the quote", async () => {
    const before = Date.now();
    const thread = await startThread("interim law enforcement", "Does this include arrest powers?");
    expect(thread).toMatchObject({
      kind: "comment",
      sectionId: demo.section(3),
      quote: "interim law enforcement",
      status: "open",
      author: { id: demo.userId("sgp"), name: "Singapore point of contact", delegation: "SGP" },
      resolution: null,
      comments: [
        {
          body: "Does this include arrest powers?",
          author: { delegation: "SGP" },
          mentions: [],
          editedAt: null,
          deleted: false,
        },
      ],
    });
    expect(thread.id).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(thread.createdAt).toBeGreaterThanOrEqual(before);
    expect(await threadOnServer(thread.id)).toEqual(thread);
  });

  test("authorship cannot be supplied by the client: extra fields are refused and nothing is written", async () => {
    const { sgp } = await people();
    const anchor = await anchorOn(server.current, sgp.token, demo.section(3), "specialised expertise");
    const countBefore = (await serverThreads(server.current, sgp.token, demo.doctrine.id)).length;
    const forged = await sgp.request("POST", `/api/drafts/${demo.doctrine.id}/threads`, {
      sectionId: demo.section(3),
      anchor,
      body: "As France.",
      author: { id: demo.userId("fra"), name: "France point of contact", delegation: "FRA" },
    });
    expectApiError(forged, 400, "bad_request");
    expect(await serverThreads(server.current, sgp.token, demo.doctrine.id)).toHaveLength(countBefore);
  });

  test("replies, edits of one's own comment, and deletion that keeps the comment's place", async () => {
    const { fra, sgp } = await people();
    const thread = await startThread("regional organisations", "Which ones?");
    const reply = await fra.request<CommentThread>("POST", `/api/threads/${thread.id}/comments`, {
      body: "The AU and ASEAN, among others.",
    });
    expect(reply.status).toBe(201);
    const replyComment = reply.body.comments[1];
    expect(replyComment).toMatchObject({ body: "The AU and ASEAN, among others.", author: { delegation: "FRA" } });
    if (!replyComment) throw new Error("no reply");

    const edited = await fra.request<CommentThread>("PATCH", `/api/threads/${thread.id}/comments/${replyComment.id}`, {
      body: "The AU, ASEAN and the OAS, among others.",
    });
    expect(edited.status).toBe(200);
    expect(edited.body.comments[1]).toMatchObject({
      body: "The AU, ASEAN and the OAS, among others.",
      editedAt: expect.any(Number),
      deleted: false,
    });

    const deleted = await sgp.request<CommentThread>(
      "DELETE",
      `/api/threads/${thread.id}/comments/${thread.comments[0]?.id}`,
    );
    expect(deleted.status).toBe(200);
    const onServer = await threadOnServer(thread.id);
    expect(onServer?.comments.map((comment) => ({ body: comment.body, deleted: comment.deleted }))).toEqual([
      { body: "", deleted: true },
      { body: "The AU, ASEAN and the OAS, among others.", deleted: false },
    ]);
    // A deleted comment cannot be edited or deleted again.
    const again = await sgp.request("PATCH", `/api/threads/${thread.id}/comments/${thread.comments[0]?.id}`, {
      body: "Back again",
    });
    expectApiError(again, 404, "not_found");
  });

  test("nobody edits or deletes another person's comment, not even a lead: 403 and nothing changes", async () => {
    const { fra, usa, sgp } = await people();
    const thread = await startThread("avoids duplication", "Duplication with what?");
    const commentId = thread.comments[0]?.id;
    const before = await threadOnServer(thread.id);
    for (const other of [fra, usa]) {
      expectApiError(
        await other.request("PATCH", `/api/threads/${thread.id}/comments/${commentId}`, { body: "Rewritten" }),
        403,
        "forbidden",
      );
      expectApiError(
        await other.request("DELETE", `/api/threads/${thread.id}/comments/${commentId}`),
        403,
        "forbidden",
      );
    }
    expect(await threadOnServer(thread.id)).toEqual(before);
    expectApiError(
      await sgp.request("PATCH", `/api/threads/${thread.id}/comments/unknownComment1`, { body: "x" }),
      404,
      "not_found",
    );
  });

  test("the author, the section's penholder and a lead may resolve and reopen; another member may not", async () => {
    const { sgp, fra, usa, interpol } = await people();
    const thread = await startThread("every quarter", "Quarterly is too often.");
    expectApiError(await interpol.request("POST", `/api/threads/${thread.id}/resolve`), 403, "forbidden");

    for (const who of [sgp, fra, usa]) {
      const resolved = await who.request<CommentThread>("POST", `/api/threads/${thread.id}/resolve`);
      expect(resolved.status).toBe(200);
      expect(resolved.body).toMatchObject({
        status: "resolved",
        resolution: { by: { id: who.user.id, delegation: who.user.delegation }, at: expect.any(Number) },
      });
      expectApiError(await who.request("POST", `/api/threads/${thread.id}/resolve`), 409, "conflict");
      const reopened = await who.request<CommentThread>("POST", `/api/threads/${thread.id}/reopen`);
      expect(reopened.body).toMatchObject({ status: "open", resolution: null });
    }
    expectApiError(await usa.request("POST", `/api/threads/${thread.id}/reopen`), 409, "conflict");
    expect(await threadOnServer(thread.id)).toMatchObject({ status: "open" });
  });

  test("comment text with HTML and script is stored verbatim and returned as text", async () => {
    const { fra } = await people();
    const hostile = `<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes" <b>bold</b>\n second line`;
    const thread = await startThread("joint coordination mechanism", hostile);
    expect(thread.comments[0]?.body).toBe(hostile);
    const reply = await fra.request<CommentThread>("POST", `/api/threads/${thread.id}/comments`, {
      body: "</textarea><iframe src=javascript:alert(1)>",
    });
    expect(reply.body.comments[1]?.body).toBe("</textarea><iframe src=javascript:alert(1)>");
    const onServer = await threadOnServer(thread.id);
    expect(onServer?.comments.map((comment) => comment.body)).toEqual([
      hostile,
      "</textarea><iframe src=javascript:alert(1)>",
    ]);
    expect(reply.headers.get("content-type")).toContain("application/json");
  });

  test("mentions land in the mentioned person's inbox, follow edits and disappear when the comment is deleted", async () => {
    const { sgp, fra, interpol } = await people();
    const thread = await startThread("host State assigns", "@France point of contact: who chairs in practice?", [
      demo.userId("fra"),
    ]);
    const inbox = await fra.request<MentionEntry[]>("GET", "/api/me/mentions");
    expect(inbox.status).toBe(200);
    const entry = inbox.body.find((mention) => mention.threadId === thread.id);
    expect(entry).toMatchObject({
      draftId: demo.doctrine.id,
      draftTitle: demo.doctrine.title,
      groupId: demo.wg1.id,
      sectionId: demo.section(3),
      commentId: thread.comments[0]?.id,
      author: { id: demo.userId("sgp"), delegation: "SGP" },
      excerpt: "@France point of contact: who chairs in practice?",
      at: thread.createdAt,
    });
    expect((await interpol.request<MentionEntry[]>("GET", "/api/me/mentions")).body).not.toContainEqual(
      expect.objectContaining({ threadId: thread.id }),
    );

    // A reply mentioning INTERPOL; then an edit that mentions France instead.
    const reply = await sgp.request<CommentThread>("POST", `/api/threads/${thread.id}/comments`, {
      body: "@INTERPOL liaison, any view?",
      mentions: [demo.userId("interpol")],
    });
    const replyId = reply.body.comments[1]?.id;
    expect((await interpol.request<MentionEntry[]>("GET", "/api/me/mentions")).body).toContainEqual(
      expect.objectContaining({ commentId: replyId, excerpt: "@INTERPOL liaison, any view?" }),
    );
    await sgp.request("PATCH", `/api/threads/${thread.id}/comments/${replyId}`, {
      body: "@France point of contact, any view?",
      mentions: [demo.userId("fra")],
    });
    expect((await interpol.request<MentionEntry[]>("GET", "/api/me/mentions")).body).not.toContainEqual(
      expect.objectContaining({ commentId: replyId }),
    );
    expect((await fra.request<MentionEntry[]>("GET", "/api/me/mentions")).body).toContainEqual(
      expect.objectContaining({ commentId: replyId, excerpt: "@France point of contact, any view?" }),
    );

    await sgp.request("DELETE", `/api/threads/${thread.id}/comments/${replyId}`);
    expect((await fra.request<MentionEntry[]>("GET", "/api/me/mentions")).body).not.toContainEqual(
      expect.objectContaining({ commentId: replyId }),
    );
  });

  test("only members of the group can be mentioned", async () => {
    const { sgp } = await people();
    const anchor = await anchorOn(server.current, sgp.token, demo.section(3), "advise, mentor");
    const gha = demo.userId("gha");
    const result = await sgp.request("POST", `/api/drafts/${demo.doctrine.id}/threads`, {
      sectionId: demo.section(3),
      anchor,
      body: "Ghana?",
      mentions: [gha],
    });
    expectApiError(result, 400, "bad_request");
    expect((result.body as { error: { message: string } }).error.message).toContain(gha);
  });

  test("a client observing the discussion document sees a new thread live, within a second", async () => {
    const { au } = await people();
    const observer = openDocument(openSocket(server.current.wsUrl), discussionDocumentName(demo.doctrine.id), au.token);
    expect(await observer.scope).toBe("readonly");
    await observer.synced;
    const started = Date.now();
    const thread = await startThread("carry out", "Live?");
    await eventually(() => {
      expect(readDiscussion(observer.doc).map((t) => t.id)).toContain(thread.id);
    }, 1_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(readDiscussion(observer.doc).find((t) => t.id === thread.id)).toEqual(thread);
  });
});

describe("anchors the server refuses (400, nothing written)", () => {
  test("a range across two paragraphs, a position between blocks, a section of another draft, and garbage", async () => {
    const { sgp } = await people();
    const section = await serverState(server.current.wsUrl, sectionDocumentName(demo.section(3)), sgp.token);
    const [first, second] = textBlocks(section);
    if (!first || !second) throw new Error("section 3 has two paragraphs");
    const acrossParagraphs = {
      start: encodeRelativePosition(Y.createRelativePositionFromTypeIndex(first, 5, 0)),
      end: encodeRelativePosition(Y.createRelativePositionFromTypeIndex(second, 5, -1)),
    };
    const betweenBlocks = encodeRelativePosition(
      Y.createRelativePositionFromTypeIndex(section.getXmlFragment("content"), 1, 0),
    );
    const otherSection = await anchorOn(server.current, sgp.token, demo.section(2), "national ownership");
    const before = (await serverThreads(server.current, sgp.token, demo.doctrine.id)).length;

    const cases: { anchor: unknown; sectionId?: string; expect: string }[] = [
      { anchor: acrossParagraphs, expect: "more than one paragraph" },
      { anchor: { start: betweenBlocks, end: betweenBlocks }, expect: "does not point into this section" },
      { anchor: otherSection, expect: "does not point into this section" },
      { anchor: { start: "AAAA", end: "AAAA" }, expect: "does not point" },
      { anchor: { start: "not base64!", end: "AAAA" }, expect: "anchor.start" },
      { anchor: otherSection, sectionId: demo.tocDraft.sections[0]?.id, expect: "not a section of this draft" },
    ];
    for (const attempt of cases) {
      const result = await sgp.request("POST", `/api/drafts/${demo.doctrine.id}/threads`, {
        sectionId: attempt.sectionId ?? demo.section(3),
        anchor: attempt.anchor,
        body: "Refused",
      });
      expectApiError(result, 400, "bad_request");
      expect((result.body as { error: { message: string } }).error.message).toContain(attempt.expect);
    }
    const empty = await sgp.request("POST", `/api/drafts/${demo.doctrine.id}/threads`, {
      sectionId: demo.section(3),
      anchor: await anchorOn(server.current, sgp.token, demo.section(3), "mission"),
      body: "   ",
    });
    expectApiError(empty, 400, "bad_request");
    const tooLong = await sgp.request("POST", `/api/drafts/${demo.doctrine.id}/threads`, {
      sectionId: demo.section(3),
      anchor: await anchorOn(server.current, sgp.token, demo.section(3), "mission"),
      body: "x".repeat(10_001),
    });
    expectApiError(tooLong, 400, "bad_request");
    expect(await serverThreads(server.current, sgp.token, demo.doctrine.id)).toHaveLength(before);
  });
});
