import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DocumentLog } from "../../server/storage/DocumentLog.ts";
import type { SqlDatabase } from "../../server/storage/sql/SqlExecutor.ts";
import { createStores, type Stores, unitOfWork } from "../../server/storage/UnitOfWork.ts";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import { type EngineUnderTest, enginesUnderTest, migrate } from "../helpers/engines.ts";

const OPTIONS = { sessionTtlMs: 3_600_000 };

/** A paragraph appended to a Yjs document, as the update a client would send. */
function paragraphUpdate(doc: Y.Doc, text: string): Uint8Array {
  let update: Uint8Array | null = null;
  const capture = (change: Uint8Array) => {
    update = change;
  };
  doc.on("update", capture);
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment("content").push([paragraph]);
  doc.off("update", capture);
  if (!update) throw new Error("no update");
  return update;
}

function textOf(parts: readonly Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const part of parts) Y.applyUpdate(doc, part);
  return doc
    .getXmlFragment("content")
    .toArray()
    .map((node) => (node instanceof Y.XmlElement ? node.toArray().join("") : ""))
    .join("\n");
}

describe.each(enginesUnderTest())("storage on $engine", (factory) => {
  let engine: EngineUnderTest;
  afterEach(async () => {
    await engine?.dispose();
  });

  async function open(): Promise<{ db: SqlDatabase; stores: Stores }> {
    engine = await factory.create();
    const db = await engine.connect();
    await migrate(db);
    return { db, stores: createStores(db, OPTIONS) };
  }

  /** A group with a lead and a member, and a draft of two sections. */
  async function workspace(stores: Stores) {
    const lead = await stores.users.create({
      email: "Lead@Example.org",
      name: "Lead",
      delegation: "FRA",
      passwordHash: "x",
    });
    const member = await stores.users.create({
      email: "member@example.org",
      name: "Member",
      delegation: "SGP",
      passwordHash: "x",
    });
    const group = await stores.groups.create("Working group");
    await stores.groups.setMember(group.id, lead.id, "lead");
    await stores.groups.setMember(group.id, member.id, "member");
    const { draftId, sectionId } = await stores.drafts.createDraft(group.id, "Draft", "One");
    const second = await stores.drafts.createSection(draftId, "Two", sectionId);
    if (!second) throw new Error("no second section");
    return { lead, member, group, draftId, sectionIds: [sectionId, second] };
  }

  it("stores and reads back users, groups, drafts, sections and penholders", async () => {
    const { stores } = await open();
    const { lead, member, group, draftId, sectionIds } = await workspace(stores);
    // Emails match whatever their case.
    expect((await stores.users.findByEmail("lead@example.org"))?.user.id).toBe(lead.id);
    expect(await stores.users.count()).toBe(2);
    expect(await stores.groups.roleOf(group.id, member.id)).toBe("member");
    expect(await stores.groups.countLeads(group.id)).toBe(1);
    await stores.drafts.updateSection(sectionIds[1] as string, { penholders: [member.id, lead.id], status: "review" });
    const draft = await stores.drafts.get(draftId);
    expect(draft).toMatchObject({
      title: "Draft",
      paragraphNumbers: true,
      sections: [
        { id: sectionIds[0], title: "One", status: "drafting", penholders: [] },
        { id: sectionIds[1], title: "Two", status: "review", penholders: [member.id, lead.id] },
      ],
    });
    expect(await stores.drafts.reorder(draftId, [sectionIds[1] as string, sectionIds[0] as string])).toBe(true);
    expect((await stores.drafts.get(draftId))?.sections.map((s) => s.id)).toEqual([sectionIds[1], sectionIds[0]]);
    // The latest change of a pen section counts its text too (the log's time).
    await stores.documents.append(sectionDocumentName(sectionIds[1] as string), paragraphUpdate(new Y.Doc(), "x"));
    const pens = await stores.drafts.penSections(member.id);
    expect(pens).toEqual([expect.objectContaining({ sectionId: sectionIds[1], draftId, groupName: "Working group" })]);
    expect(pens[0]?.lastChangedAt).toEqual(expect.any(Number));
    expect(await stores.drafts.penSectionsInGroup(group.id, member.id)).toEqual([
      expect.objectContaining({ sectionId: sectionIds[1], sectionNumber: 1 }),
    ]);
  });

  it("keeps sessions, invitations, mentions, proposals' outcomes, versions and silence procedures", async () => {
    const { stores } = await open();
    const { lead, member, group, draftId, sectionIds } = await workspace(stores);
    const first = await stores.sessions.create(member.id);
    const second = await stores.sessions.create(member.id);
    expect((await stores.sessions.authenticate(first.token))?.user.id).toBe(member.id);
    expect(await stores.sessions.revokeAllForUser(member.id, second.session.id)).toEqual([first.session.id]);
    expect(await stores.sessions.authenticate(first.token)).toBeNull();
    expect(await stores.sessions.isLive(second.session.id)).toBe(true);

    await stores.invitations.create({
      groupId: group.id,
      email: "LEAD@example.org",
      role: "member",
      delegation: null,
      invitedBy: lead.id,
      ttlMs: 3_600_000,
    });
    // An invitation without a delegation is judged by the existing account's, matched whatever the case.
    expect(await stores.invitations.pendingForGroup(group.id)).toEqual([
      expect.objectContaining({ delegation: { code: "FRA", kind: "state" } }),
    ]);

    const now = Date.now();
    await stores.discussions.recordThread(
      { id: "t1", draftId, sectionId: sectionIds[0] as string, kind: "proposal", authorId: member.id },
      now,
    );
    await stores.discussions.recordThread(
      { id: "t2", draftId, sectionId: sectionIds[0] as string, kind: "comment", authorId: lead.id },
      now,
    );
    await stores.discussions.setMentions(
      { threadId: "t2", commentId: "c1", authorId: lead.id, body: "See" },
      [member.id],
      now,
    );
    expect((await stores.discussions.mentionsFor(member.id, false)).map((m) => m.commentId)).toEqual(["c1"]);
    expect((await stores.discussions.proposalsToDecide(lead.id)).map((p) => p.threadId)).toEqual(["t1"]);
    await stores.audit.append({
      actorId: lead.id,
      actorDelegation: "FRA",
      groupId: group.id,
      action: "proposal.reject",
      target: "t1",
      details: { reason: "Too early" },
    });
    expect(await stores.discussions.proposalsBy(member.id)).toEqual([
      expect.objectContaining({ threadId: "t1", status: "rejected", reason: "Too early" }),
    ]);
    expect(await stores.audit.list({ groupId: group.id, limit: 10 })).toEqual([
      expect.objectContaining({ action: "proposal.reject", details: { reason: "Too early" } }),
    ]);

    await stores.documents.append(sectionDocumentName(sectionIds[0] as string), paragraphUpdate(new Y.Doc(), "v"));
    const a = await stores.versions.create(draftId, "A", lead, now);
    const b = await stores.versions.create(draftId, "B", lead, now);
    expect((await stores.versions.list(draftId)).map((v) => v.id)).toEqual([b?.id, a?.id]);
    const stored = await stores.versions.get(a?.id ?? "");
    expect(textOf([stored?.sections[0]?.state ?? new Uint8Array()])).toBe("v");

    await stores.silences.start(
      { id: "s1", draftId, until: now + 1000, by: { userId: lead.id, delegation: "FRA" } },
      now,
    );
    expect(await stores.silences.isRunning(draftId)).toBe(true);
    expect(await stores.silences.end("s1", "broken", { userId: member.id, delegation: "SGP" }, "No", now)).toBe(true);
    expect(await stores.silences.end("s1", "withdrawn", null, null, now)).toBe(false);
    expect(await stores.silences.latest(draftId)).toMatchObject({ id: "s1", status: "broken", reason: "No" });
  });

  it("keeps nothing of a transaction that fails after several writes", async () => {
    const { db, stores } = await open();
    const { lead, group, draftId } = await workspace(stores);
    const uow = unitOfWork(db, OPTIONS, stores);
    await expect(
      uow.transaction(async (within) => {
        await within.drafts.setTitle(draftId, "Renamed");
        await within.groups.create("Another group");
        await within.documents.append("section:inside", paragraphUpdate(new Y.Doc(), "gone"));
        await within.audit.append({
          actorId: lead.id,
          actorDelegation: "FRA",
          groupId: group.id,
          action: "draft.update",
        });
        throw new Error("refused last");
      }),
    ).rejects.toThrow("refused last");
    expect((await stores.drafts.get(draftId))?.title).toBe("Draft");
    expect((await stores.groups.listForUser(lead.id, true)).map((g) => g.name)).toEqual(["Working group"]);
    expect(await stores.documents.load("section:inside")).toEqual([]);
    expect(await stores.audit.list({ groupId: null, limit: 10 })).toEqual([]);
  });

  it("loads a document as snapshot and later updates, compacted or not", async () => {
    const { stores } = await open();
    const log = stores.documents;
    const writer = new Y.Doc();
    const name = "section:loaded";
    for (let i = 0; i < 5; i++) await log.append(name, paragraphUpdate(writer, `p${i}`));
    expect(await log.pendingCount(name)).toBe(5);
    const compaction = await log.compact(name);
    expect(compaction?.bytes).toBeGreaterThan(0);
    expect(await log.pendingCount(name)).toBe(0);
    expect(await log.compact(name)).toBeNull();
    await log.append(name, paragraphUpdate(writer, "after"));
    const parts = await log.load(name);
    expect(parts).toHaveLength(2);
    expect(textOf(parts)).toBe("p0\np1\np2\np3\np4\nafter");
    const info = await log.snapshotInfo(name);
    expect(info?.coversId).toBe(compaction?.coversId);
    expect(Y.decodeStateVector(info?.stateVector ?? new Uint8Array()).get(writer.clientID)).toBeGreaterThan(0);
  });

  it("reads several documents' states in one statement, as loading each would", async () => {
    const { stores } = await open();
    const log = stores.documents;
    const compacted = new Y.Doc();
    const logged = new Y.Doc();
    for (let i = 0; i < 3; i++) await log.append("section:compacted", paragraphUpdate(compacted, `c${i}`));
    await log.compact("section:compacted");
    await log.append("section:compacted", paragraphUpdate(compacted, "c-after"));
    for (let i = 0; i < 3; i++) await log.append("section:logged", paragraphUpdate(logged, `l${i}`));
    const names = ["section:compacted", "section:logged", "section:never-written"];
    const states = await log.statesAtOnce(names);
    expect([...states.keys()]).toEqual(names);
    for (const name of names) {
      expect(textOf([states.get(name) ?? new Uint8Array()])).toBe(textOf([await log.state(name)]));
    }
    expect(textOf([states.get("section:compacted") ?? new Uint8Array()])).toBe("c0\nc1\nc2\nc-after");
    expect(textOf([states.get("section:never-written") ?? new Uint8Array()])).toBe("");
  });

  it("loses nothing when two servers compact one document at once while both keep appending", async () => {
    engine = await factory.create();
    const [first, second] = [await engine.connect(), await engine.connect()];
    await migrate(first);
    const logs = [new DocumentLog(first), new DocumentLog(second)];
    const name = "section:shared";
    const writers = [new Y.Doc(), new Y.Doc()];
    const expected: string[] = [];
    const appendRound = async (round: number) => {
      await Promise.all(
        logs.map(async (log, index) => {
          const text = `w${index}r${round}`;
          expected.push(text);
          return await log.append(name, paragraphUpdate(writers[index] as Y.Doc, text));
        }),
      );
    };
    for (let round = 0; round < 30; round++) {
      // Both servers compact while both append: every ordering of the three happens across rounds.
      await Promise.all([
        appendRound(round),
        await (logs[0] as DocumentLog).compact(name),
        await (logs[1] as DocumentLog).compact(name),
        appendRound(round + 1000),
      ]);
    }
    const stored = new Set(textOf((await logs[1]?.load(name)) ?? []).split("\n"));
    for (const text of expected) expect(stored.has(text), text).toBe(true);
    expect(stored.size).toBe(expected.length);
    // A last compaction folds everything; loading from either server gives the same text.
    await logs[0]?.compact(name);
    expect(await logs[0]?.pendingCount(name)).toBe(0);
    expect(textOf((await logs[0]?.load(name)) ?? [])).toBe(textOf((await logs[1]?.load(name)) ?? []));
  });
});
