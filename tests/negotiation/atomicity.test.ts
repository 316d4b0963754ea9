import { beforeAll, describe, expect, test } from "vitest";
import * as Y from "yjs";
import { DEFAULT_LOGIN_RATE_LIMITS, LoginRateLimiter } from "../../server/auth/LoginRateLimiter.ts";
import { sectionWriter } from "../../server/collab/ServerDocumentWriter.ts";
import { type Commands, createCommands } from "../../server/commands/index.ts";
import { ChangeEventBus } from "../../server/events/ChangeEventBus.ts";
import type { ChangeEvent } from "../../server/events/changeEvents.ts";
import { silentLogger } from "../../server/logger.ts";
import { DEMO_BRACKETED_PASSAGE } from "../../server/seedNegotiation.ts";
import { createStores, type Stores, unitOfWork } from "../../server/storage/UnitOfWork.ts";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import type { Bracket } from "../../shared/negotiation.ts";
import { type DemoWorkspace, demoWorkspace, type Session } from "../helpers/api.ts";
import { fragmentText } from "../helpers/collabClient.ts";
import { anchorOn, serverSectionText } from "../helpers/discussion.ts";
import { failingAt } from "../helpers/failingStores.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { sqliteOf } from "../helpers/sqlite.ts";
import { sharedTestServer } from "../helpers/testServer.ts";

/**
 * Every multi-row negotiation command writes all its rows in one transaction:
 * when its last write fails, nothing it wrote is kept, no event goes out, and
 * the section's text (as the running server holds it) is unchanged. The
 * commands run against a real server's SQLite file and its live section
 * documents; each test compares every table before and after (except the Yjs
 * update log, which the server compacts on its own schedule: the texts are
 * compared through a client instead).
 */

const server = sharedTestServer();
const STORE_OPTIONS = { sessionTtlMs: 3_600_000 };
let stores: Stores;
let demo: DemoWorkspace;
let lead: Session;
let penholder: Session;
let member: Session;
/** The demo draft's open bracket (section 2). */
let seeded: Bracket;

/** Tables the collab server writes by itself; the texts they hold are compared through a client. */
const DOCUMENT_TABLES = new Set(["document_updates", "document_snapshots", "document_authorship"]);

beforeAll(async () => {
  stores = createStores(server.current.plenary.db, STORE_OPTIONS);

  demo = await demoWorkspace(server.current.url, await sessionFor(server.current, "secretariat"));
  lead = await sessionFor(server.current, "usa");
  penholder = await sessionFor(server.current, "fra");
  member = await sessionFor(server.current, "sgp");
  const [open] = await stores.brackets.openInDraft(demo.doctrine.id);
  if (!open || open.quote !== DEMO_BRACKETED_PASSAGE) throw new Error("the demo's open bracket is missing");
  seeded = open;
});

/** Commands over the server's database and live section documents, publishing on a bus of their own. */
function commandsOver(
  within: (bound: Stores) => Stores = (bound) => bound,
  onEvent: (event: ChangeEvent) => void | Promise<void> = () => {},
): { commands: Commands; published: ChangeEvent[] } {
  const { db, collab } = server.current.plenary;
  // Throwing, not logging: a failing listener must fail the test.
  const bus = new ChangeEventBus({
    ...silentLogger,
    error: (message) => {
      throw new Error(message);
    },
  });
  const published: ChangeEvent[] = [];
  bus.subscribe(async (event) => {
    published.push(event);
    await onEvent(event);
  });
  const commands = createCommands(unitOfWork(db, STORE_OPTIONS, stores, within), bus, {
    invitationTtlMs: 3_600_000,
    passwordResetTtlMs: 3_600_000,
    loginLimiter: new LoginRateLimiter(DEFAULT_LOGIN_RATE_LIMITS),
    discussionWriters: {
      discussions: sectionWriter(collab.hocuspocus, collab.persistence),
      withSection: sectionWriter(collab.hocuspocus, collab.persistence),
    },
    sectionWriter: sectionWriter(collab.hocuspocus, collab.persistence),
    silenceVersions: {
      record: async (within, { draftId, name, byUserId, at }) => {
        const by = await within.users.findById(byUserId);
        if (by) await within.versions.create(draftId, name, by, at);
      },
    },
  });
  return { commands, published };
}

/** Commands whose `store.method` throws. */
function commandsFailingAt(store: keyof Stores, method: string) {
  return commandsOver((bound) => ({ ...bound, [store]: failingAt(bound[store], `${store}.${method}`, method) }));
}

/** Every row of every table but the Yjs update log. */
function everything(): Record<string, unknown[]> {
  const db = sqliteOf(server.current.plenary.db);
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
    name: string;
  }[];
  return Object.fromEntries(
    tables
      .filter(({ name }) => !DOCUMENT_TABLES.has(name))
      .map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}"`).all()]),
  );
}

/** Every section text of the doctrine draft, as a client reads it from the server. */
async function texts(): Promise<string[]> {
  return Promise.all(
    demo.doctrine.sections.map((section) => serverSectionText(server.current, lead.token, section.id)),
  );
}

/** Runs the command with the audit append failing (or `failAt`), and proves nothing of it was kept. */
async function expectNothingKept(
  run: (commands: Commands) => unknown,
  failAt: { store: keyof Stores; method: string } = { store: "audit", method: "append" },
): Promise<void> {
  const textsBefore = await texts();
  const before = everything();
  const { commands, published } = commandsFailingAt(failAt.store, failAt.method);
  await expect(Promise.resolve().then(() => run(commands))).rejects.toThrow(/injected failure/);
  expect(everything()).toEqual(before);
  expect(published).toEqual([]);
  expect(await texts()).toEqual(textsBefore);
}

/** A new draft of the doctrine's group, without brackets, to circulate under silence. */
async function newDraft(title: string): Promise<string> {
  const { commands } = commandsOver();
  return (await commands.drafts.createDraft(lead.user, { groupId: demo.wg1.id, title })).value.id;
}

const HOUR = 3_600_000;

describe("a bracket command whose last write fails keeps nothing", () => {
  test("bracketing a passage (bracket, its options, audit)", async () => {
    const sectionId = demo.section(3);
    const anchor = await anchorOn(server.current, penholder.token, sectionId, "interim law enforcement");
    await expectNothingKept((c) =>
      c.brackets.create(penholder.user, {
        draftId: demo.doctrine.id,
        sectionId,
        anchor,
        alternatives: ["interim executive policing"],
      }),
    );
  });

  test("adding an option", async () => {
    await expectNothingKept(
      async (c) =>
        await c.brackets.addOption(member.user, {
          bracketId: seeded.id,
          text: "every measure is planned for transition",
        }),
    );
  });

  test("taking a position on an option", async () => {
    const option = seeded.options[0];
    if (!option) throw new Error("the demo bracket has no option");
    await expectNothingKept(
      async (c) =>
        await c.brackets.setStance(member.user, { bracketId: seeded.id, optionId: option.id, stance: "object" }),
    );
  });

  test("resolving by choosing an option: neither the rows nor the wording", async () => {
    const option = seeded.options.find((o) => o.text !== seeded.quote);
    if (!option) throw new Error("the demo bracket has no alternative");
    await expectNothingKept((c) => c.brackets.resolve(lead.user, { bracketId: seeded.id, optionId: option.id }));
    expect((await stores.brackets.get(seeded.id))?.status).toBe("open");
  });

  test("withdrawing a bracket", async () => {
    await expectNothingKept((c) => c.brackets.resolve(lead.user, { bracketId: seeded.id, withdraw: true }));
  });
});

describe("a silence command whose last write fails keeps nothing", () => {
  test("starting silence (procedure, named version, audit)", async () => {
    const draftId = await newDraft("Circulated annex");
    await expectNothingKept(async (c) => await c.silence.start(lead.user, { draftId, until: Date.now() + HOUR }));
    expect(await stores.silences.latest(draftId)).toBeNull();
  });

  test("starting silence, when recording its version fails", async () => {
    const draftId = await newDraft("Circulated annex, again");
    await expectNothingKept(async (c) => await c.silence.start(lead.user, { draftId, until: Date.now() + HOUR }), {
      store: "users",
      method: "findById",
    });
  });

  test("breaking, withdrawing and adopting a running procedure", async () => {
    const draftId = await newDraft("Annex under silence");
    const { commands } = commandsOver();
    const running = (await commands.silence.start(lead.user, { draftId, until: Date.now() + HOUR })).value;
    await expectNothingKept(
      async (c) => await c.silence.breakSilence(member.user, { silenceId: running.id, reason: "Not yet." }),
    );
    await expectNothingKept(async (c) => await c.silence.withdraw(lead.user, { silenceId: running.id }));
    // Adoption agrees every section and records a version before its audit entry.
    const due = Date.parse(running.until) + 1_000;
    await expectNothingKept(async (c) => await c.silence.adopt(running.id, due));
    await expectNothingKept(async (c) => await c.silence.adopt(running.id, due), {
      store: "users",
      method: "findById",
    });
    expect((await stores.silences.get(running.id))?.status).toBe("running");
    expect((await stores.drafts.get(draftId))?.sections.every((section) => section.status !== "agreed")).toBe(true);
  });
});

describe("the same commands, with nothing failing, write and announce", () => {
  test("adopting agrees the sections, records the version, audits, and announces the thaw and the sections", async () => {
    const draftId = await newDraft("Annex adopted");
    const { commands, published } = commandsOver();
    const running = (await commands.silence.start(lead.user, { draftId, until: Date.now() + HOUR })).value;
    const adopted = (await commands.silence.adopt(running.id, Date.parse(running.until) + 1_000)).value;
    expect(adopted?.status).toBe("adopted");
    expect((await stores.drafts.get(draftId))?.sections.every((section) => section.status === "agreed")).toBe(true);
    expect(await stores.audit.list({ groupId: demo.wg1.id, action: "silence.adopt", limit: 500 })).toContainEqual(
      expect.objectContaining({ target: running.id }),
    );
    expect(published).toEqual([
      { type: "silenceChanged", draftId, silenceId: running.id, status: "running" },
      { type: "silenceChanged", draftId, silenceId: running.id, status: "ended" },
      { type: "draftChanged", draftId },
    ]);
    // Applied twice, the deadline adopts nothing more and announces nothing.
    expect((await commands.silence.adopt(running.id, Date.parse(running.until) + 2_000)).value).toBeNull();
    expect(published).toHaveLength(3);
  });

  test("resolving writes the chosen wording, and announces it only once the wording is durable and sent", async () => {
    const option = seeded.options.find((o) => o.text !== seeded.quote);
    if (!option) throw new Error("the demo bracket has no alternative");
    const documentName = sectionDocumentName(seeded.sectionId);
    const logged: string[] = [];
    // What whoever reacts to the event would find in the section's durable log, at that moment.
    const { commands, published } = commandsOver(undefined, async () => {
      const doc = new Y.Doc();
      for (const part of await stores.documents.load(documentName)) Y.applyUpdate(doc, part);
      logged.push(fragmentText(doc));
    });
    const resolved = await commands.brackets.resolve(lead.user, { bracketId: seeded.id, optionId: option.id });
    expect(resolved).toMatchObject({ status: "resolved", resolution: { optionId: option.id } });
    expect(published).toEqual([{ type: "bracketsChanged", draftId: demo.doctrine.id, sectionId: seeded.sectionId }]);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(option.text);
    expect(logged[0]).not.toContain(seeded.quote);
    expect(await serverSectionText(server.current, lead.token, seeded.sectionId)).toContain(option.text);
  });
});
