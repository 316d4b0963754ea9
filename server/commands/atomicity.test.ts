import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as Y from "yjs";
import { readDiscussion } from "../../shared/discussion.ts";
import { anchorForText, plainText, textBlocks } from "../../shared/discussionAnchors.ts";
import { discussionDocumentName, sectionDocumentName } from "../../shared/documentNames.ts";
import type { User } from "../../shared/types.ts";
import { failingAt } from "../../tests/helpers/failingStores.ts";
import { sqliteOf } from "../../tests/helpers/sqlite.ts";
import { DEFAULT_LOGIN_RATE_LIMITS, LoginRateLimiter } from "../auth/LoginRateLimiter.ts";
import { ChangeEventBus } from "../events/ChangeEventBus.ts";
import type { ChangeEvent } from "../events/changeEvents.ts";
import { silentLogger } from "../logger.ts";
import { seedDemoWorkspace } from "../seed.ts";
import { type Database, openDatabase } from "../storage/Database.ts";
import { createStores, type Stores, unitOfWork } from "../storage/UnitOfWork.ts";
import { type Commands, createCommands } from "./index.ts";
import type { DocumentWriter, DurableDocumentWriter } from "./liveDocuments.ts";

/**
 * Every multi-row command writes all its rows in one transaction: when its
 * last write fails, nothing it wrote before is kept and no event goes out.
 * The database is the seeded demo workspace on a real SQLite file; each test
 * compares every table before and after.
 */

let dataDir: string;
const STORE_OPTIONS = { sessionTtlMs: 3_600_000 };
let db: Database;
let documents: Stores["documents"];
/** The live documents the commands write, built from the durable log like the collab server's. */
const liveDocs = new Map<string, Y.Doc>();
let stores: Stores;
let world: {
  admin: User;
  lead: User;
  member: User;
  observer: User;
  outsider: User;
  groupId: string;
  draftId: string;
  sectionIds: string[];
  removedSectionId: string;
  inviteToken: string;
  newcomerToken: string;
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "plenary-commands-"));
  db = await openDatabase({ dataDir, durability: "process" });
  stores = createStores(db, STORE_OPTIONS);
  documents = stores.documents;
  const { users, groups, drafts } = stores;
  await seedDemoWorkspace({ uow: unitOfWork(db, STORE_OPTIONS, stores) });
  const user = async (email: string): Promise<User> => {
    const found = await users.findByEmail(email);
    if (!found) throw new Error(`no demo account ${email}`);
    return found.user;
  };
  const admin = await user("secretariat@plenary.test");
  const [group] = await groups.listForUser(admin.id, true);
  if (!group) throw new Error("no seeded group");
  const [draft] = await drafts.listForGroup(group.id);
  const detail = draft ? await drafts.get(draft.id) : null;
  if (!detail) throw new Error("no seeded draft");
  const sectionIds = detail.sections.map((section) => section.id);
  const removedSectionId = (await drafts.createSection(detail.id, "Removed before the test")) ?? "";
  await drafts.removeSection(removedSectionId, admin.id);
  const outsider = await user("gha@plenary.test");
  const invitations = stores.invitations;
  const invite = await invitations.create({
    groupId: group.id,
    email: outsider.email,
    role: "member",
    delegation: outsider.delegation,
    invitedBy: admin.id,
    ttlMs: 3_600_000,
  });
  const newcomer = await invitations.create({
    groupId: group.id,
    email: "newcomer@plenary.test",
    role: "member",
    delegation: "NOR",
    invitedBy: admin.id,
    ttlMs: 3_600_000,
  });
  world = {
    admin,
    lead: await user("usa@plenary.test"),
    member: await user("sgp@plenary.test"),
    observer: await user("au@plenary.test"),
    outsider,
    groupId: group.id,
    draftId: detail.id,
    sectionIds,
    removedSectionId,
    inviteToken: invite.token,
    newcomerToken: newcomer.token,
  };
});

afterAll(async () => {
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Commands over stores whose `store.method` throws, with the events they publish. */
function commandsFailingAt<S extends keyof Stores>(store: S, method: keyof Stores[S] & string) {
  return commandsOver((bound) => ({ ...bound, [store]: failingAt(bound[store], `${store}.${method}`, method) }));
}

/** A live document, loaded from the durable log on first use. */
async function liveDoc(name: string): Promise<Y.Doc> {
  let doc = liveDocs.get(name);
  if (!doc) {
    doc = new Y.Doc();
    for (const update of await documents.load(name)) Y.applyUpdate(doc, update);
    liveDocs.set(name, doc);
  }
  return doc;
}

/** Writes the in-process documents in one synchronous step, as the collab server's writers do. */
const inProcessWriter: DocumentWriter = {
  async write(names, prepare) {
    const docs = await Promise.all(names.map(liveDoc));
    return (await prepare(docs))();
  },
};

/** Applies a durable change to the in-process documents once `prepare` returned, as the section writer does. */
const inProcessDurableWriter: DurableDocumentWriter = {
  async applyDurable(names, prepare) {
    const docs = await Promise.all(names.map(liveDoc));
    const { value, updates } = await prepare(docs);
    for (const [index, doc] of docs.entries()) {
      const update = updates[index];
      if (update) Y.applyUpdate(doc, update);
    }
    return value;
  },
};

/** Commands over these stores, with the events they publish. */
function commandsOver(within?: (bound: Stores) => Stores) {
  const bus = new ChangeEventBus(silentLogger);
  const published: ChangeEvent[] = [];
  bus.subscribe((event) => {
    published.push(event);
  });
  const commands = createCommands(unitOfWork(db, STORE_OPTIONS, stores, within), bus, {
    invitationTtlMs: 3_600_000,
    passwordResetTtlMs: 3_600_000,
    loginLimiter: new LoginRateLimiter(DEFAULT_LOGIN_RATE_LIMITS),
    discussionWriters: { discussions: inProcessWriter, withSection: inProcessWriter },
    sectionWriter: { ...inProcessWriter, ...inProcessDurableWriter },
    silenceVersions: {
      record: async (within, { draftId, name, byUserId, at }) => {
        const by = await within.users.findById(byUserId);
        if (by) await within.versions.create(draftId, name, by, at);
      },
    },
  });
  return { commands, published };
}

/** Every row of every table, to compare before and after. */
function everything(): Record<string, unknown[]> {
  const raw = sqliteOf(db);
  const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
    name: string;
  }[];
  return Object.fromEntries(tables.map(({ name }) => [name, raw.prepare(`SELECT * FROM "${name}"`).all()]));
}

async function expectNothingKept(
  run: (commands: Commands) => unknown,
  failAt: { store: keyof Stores; method: string } = { store: "audit", method: "append" },
): Promise<void> {
  const { commands, published } = commandsFailingAt(failAt.store, failAt.method as never);
  const before = everything();
  await expect(Promise.resolve().then(() => run(commands))).rejects.toThrow(/injected failure/);
  expect(everything()).toEqual(before);
  expect(published).toEqual([]);
}

describe("a command whose last write fails keeps nothing", () => {
  test("creating a working group", async () => {
    await expectNothingKept(async (c) => await c.membership.createGroup(world.admin, { name: "Border management" }));
  });

  test("making a penholder an observer (pens dropped, role changed)", async () => {
    await expectNothingKept(
      async (c) =>
        await c.membership.changeRole(world.lead, {
          groupId: world.groupId,
          memberId: world.member.id,
          role: "observer",
        }),
    );
  });

  test("removing a member who holds pens", async () => {
    await expectNothingKept(
      async (c) => await c.membership.removeMember(world.lead, { groupId: world.groupId, memberId: world.member.id }),
    );
  });

  test("creating a draft with its first section", async () => {
    await expectNothingKept(
      async (c) => await c.drafts.createDraft(world.lead, { groupId: world.groupId, title: "Annex" }),
    );
  });

  test("adding a section after another (positions shift)", async () => {
    const first = world.sectionIds[0] ?? "";
    await expectNothingKept(
      async (c) =>
        await c.drafts.createSection(world.lead, { draftId: world.draftId, title: "Inserted", afterSectionId: first }),
    );
  });

  test("reordering sections", async () => {
    await expectNothingKept(
      async (c) =>
        await c.drafts.reorderSections(world.lead, {
          draftId: world.draftId,
          sectionIds: [...world.sectionIds].reverse(),
        }),
    );
  });

  test("changing a section's title, status and penholders at once", async () => {
    const sectionId = world.sectionIds[1] ?? "";
    await expectNothingKept(
      async (c) =>
        await c.sections.update(world.lead, {
          sectionId,
          change: { title: "Renamed", status: "review", penholders: [world.lead.id] },
        }),
    );
  });

  test("removing a section", async () => {
    const sectionId = world.sectionIds[2] ?? "";
    await expectNothingKept(async (c) => await c.sections.remove(world.lead, { sectionId }));
  });

  test("restoring a removed section", async () => {
    await expectNothingKept(async (c) => await c.sections.restore(world.lead, { sectionId: world.removedSectionId }));
  });

  test("inviting someone", async () => {
    await expectNothingKept(
      async (c) =>
        await c.invitations.invite(world.lead, {
          groupId: world.groupId,
          email: "expert@plenary.test",
          role: "observer",
          delegation: world.member.delegation,
        }),
    );
  });

  test("accepting an invitation with an existing account", async () => {
    await expectNothingKept(async (c) => await c.invitations.acceptAsMember(world.outsider, world.inviteToken));
  });

  test("accepting an invitation with a new account", async () => {
    await expectNothingKept(
      async (c) => await c.invitations.acceptAsNewcomer(world.newcomerToken, { name: "New", passwordHash: "x" }),
    );
  });

  test("changing a password (other sessions are revoked last)", async () => {
    const session = (await stores.sessions.create(world.member.id)).session;
    await stores.sessions.create(world.member.id);
    await expectNothingKept(
      (c) =>
        c.sessions.changePassword(world.member, session, {
          currentPassword: "plenary-demo",
          newPassword: "a new password of some length",
        }),
      { store: "sessions", method: "revokeAllForUser" },
    );
  });
});

describe("who-is-who commands whose last write fails keep nothing", () => {
  test("adding a delegation", async () => {
    await expectNothingKept(
      async (c) =>
        await c.delegations.create(world.admin, {
          code: "IOM",
          name: "International Organization for Migration",
          kind: "organisation",
        }),
    );
  });

  test("renaming a delegation", async () => {
    await expectNothingKept(async (c) => await c.delegations.update(world.admin, "KEN", { name: "Republic of Kenya" }));
  });

  test("moving a person to another delegation", async () => {
    await expectNothingKept(async (c) => await c.accounts.update(world.admin, world.member.id, { delegation: "KEN" }));
  });

  test("creating a password reset link (older links retired first)", async () => {
    await stores.passwordResets.create({ userId: world.member.id, createdBy: world.admin.id, ttlMs: 3_600_000 });
    await expectNothingKept(async (c) => await c.accounts.createPasswordReset(world.admin, world.member.id));
  });

  test("using a password reset link (every session revoked last)", async () => {
    const { token } = await stores.passwordResets.create({
      userId: world.member.id,
      createdBy: world.admin.id,
      ttlMs: 3_600_000,
    });
    await stores.sessions.create(world.member.id);
    await expectNothingKept((c) => c.accounts.resetPassword(token, "a new password of some length"), {
      store: "sessions",
      method: "revokeAllForUser",
    });
  });
});

/** The serialised state of every live document, to compare before and after. */
function everyDocument(): Record<string, string> {
  return Object.fromEntries(
    [...liveDocs].map(([name, doc]) => [name, Buffer.from(Y.encodeStateAsUpdate(doc)).toString("base64")]),
  );
}

/** A comment thread on the first words of the draft's first section, mentioning the member. */
async function newThreadInput() {
  const sectionId = world.sectionIds[0] ?? "";
  const sectionDoc = await liveDoc(sectionDocumentName(sectionId));
  const firstWords = plainText(textBlocks(sectionDoc)[0] ?? new Y.XmlText()).slice(0, 12);
  const anchor = anchorForText(sectionDoc, firstWords);
  if (!anchor) throw new Error("no text to anchor on");
  return { draftId: world.draftId, sectionId, anchor, body: "Should this say more?", mentions: [world.member.id] };
}

describe("a discussion command whose last row fails keeps nothing, in SQLite or the documents", () => {
  test("opening a comment thread (thread row, then its first comment's mentions)", async () => {
    const input = await newThreadInput();
    await liveDoc(discussionDocumentName(world.draftId));
    const documentsBefore = everyDocument();
    await expectNothingKept((c) => c.discussion.createThread(world.lead, input), {
      store: "discussions",
      method: "setMentions",
    });
    expect(everyDocument()).toEqual(documentsBefore);
    expect(readDiscussion(await liveDoc(discussionDocumentName(world.draftId)))).toEqual([]);
  });

  test("opening a comment thread with nothing failing writes both rows and the thread", async () => {
    const { commands, published } = commandsOver();
    const thread = await commands.discussion.createThread(world.lead, await newThreadInput());
    expect(await stores.discussions.thread(thread.id)).toMatchObject({ draftId: world.draftId, kind: "comment" });
    expect((await stores.discussions.mentionsFor(world.member.id, false)).map((entry) => entry.threadId)).toContain(
      thread.id,
    );
    expect(readDiscussion(await liveDoc(discussionDocumentName(world.draftId))).map((t) => t.id)).toContain(thread.id);
    expect(published).toEqual([
      { type: "discussionChanged", draftId: world.draftId, sectionId: world.sectionIds[0], threadId: thread.id },
    ]);
  });
});

/** Edits a section as a client would: the live document changes and the update is in the log. */
async function editSection(sectionId: string, text: string): Promise<void> {
  const name = sectionDocumentName(sectionId);
  const doc = await liveDoc(name);
  const changes: Uint8Array[] = [];
  const update = (change: Uint8Array) => changes.push(change);
  doc.on("update", update);
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment("content").push([paragraph]);
  doc.off("update", update);
  for (const change of changes) await documents.append(name, change);
}

describe("version commands whose last write fails keep nothing, in SQLite or the documents", () => {
  test("naming a version (the version and its sections, then the audit entry)", async () => {
    await expectNothingKept(
      async (c) => await c.versions.nameVersion(world.lead, { draftId: world.draftId, name: "Rev.1" }),
    );
  });

  test("restoring the whole draft (four section texts, the layout, then the audit entry)", async () => {
    const version = await stores.versions.create(world.draftId, "Before the edits", world.lead);
    if (!version) throw new Error("no version");
    for (const sectionId of world.sectionIds.slice(0, 4))
      await editSection(sectionId, `Added after the version to ${sectionId}.`);
    for (const sectionId of world.sectionIds) await liveDoc(sectionDocumentName(sectionId));
    const documentsBefore = everyDocument();
    await expectNothingKept((c) => c.versions.restore(world.lead, { versionId: version.id }));
    expect(everyDocument()).toEqual(documentsBefore);
  });

  test("restoring the whole draft when the third section's text cannot be stored", async () => {
    const version = await stores.versions.create(world.draftId, "Before more edits", world.lead);
    if (!version) throw new Error("no version");
    for (const sectionId of world.sectionIds.slice(0, 4)) await editSection(sectionId, `More text in ${sectionId}.`);
    const documentsBefore = everyDocument();
    let appends = 0;
    const failingThird = (bound: Stores["documents"]) =>
      new Proxy(bound, {
        get(target, property, receiver) {
          if (property === "append") {
            return async (...args: Parameters<Stores["documents"]["append"]>) => {
              appends += 1;
              if (appends === 3) throw new Error("injected failure: the third section's text");
              return await target.append(...args);
            };
          }
          const value = Reflect.get(target, property, receiver);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
    const { commands, published } = commandsOver((bound) => ({ ...bound, documents: failingThird(bound.documents) }));
    const before = everything();
    await expect(commands.versions.restore(world.lead, { versionId: version.id })).rejects.toThrow(/injected failure/);
    expect(appends).toBe(3);
    expect(everything()).toEqual(before);
    expect(published).toEqual([]);
    expect(everyDocument()).toEqual(documentsBefore);
  });
});

describe("the same commands, with nothing failing, do write and announce", () => {
  test("making a penholder an observer drops their pens, changes the role, audits and announces", async () => {
    const { commands, published } = commandsOver();
    const auditBefore = (await stores.audit.list({ groupId: world.groupId, limit: 500 })).length;
    await commands.membership.changeRole(world.lead, {
      groupId: world.groupId,
      memberId: world.member.id,
      role: "observer",
    });
    expect(await stores.groups.roleOf(world.groupId, world.member.id)).toBe("observer");
    expect(await stores.drafts.penSections(world.member.id)).toEqual([]);
    expect((await stores.audit.list({ groupId: world.groupId, limit: 500 })).length).toBe(auditBefore + 1);
    expect(published).toContainEqual({ type: "memberRoleChanged", groupId: world.groupId, userId: world.member.id });
    expect(published).toContainEqual({ type: "draftChanged", draftId: world.draftId });
  });
});
