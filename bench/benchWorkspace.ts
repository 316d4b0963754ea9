import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as Y from "yjs";
import { hashPassword } from "../server/auth/passwords.ts";
import { openDatabase } from "../server/storage/Database.ts";
import { DelegationStore } from "../server/storage/DelegationStore.ts";
import { DocumentLog } from "../server/storage/DocumentLog.ts";
import { DraftStore } from "../server/storage/DraftStore.ts";
import { GroupStore } from "../server/storage/GroupStore.ts";
import { SessionStore } from "../server/storage/SessionStore.ts";
import { UserStore } from "../server/storage/UserStore.ts";
import { draftDocumentName, sectionDocumentName } from "../shared/documentNames.ts";

export interface BenchDraft {
  draftDoc: string;
  sectionDocs: string[];
}

export interface BenchWorkspace {
  dataDir: string;
  drafts: BenchDraft[];
  /** Session tokens: writers are leads (they may write every section), readers are members. */
  writerTokens: string[];
  readerTokens: string[];
  groupId: string;
  /** The members' accounts the readers' sessions belong to. */
  readerAccounts: string[];
}

/**
 * A Plenary database for a load run: one working group, `drafts` drafts of
 * `sections` sections, and demo-like accounts with live sessions (one account
 * per 25 clients, as delegations share accounts across devices rarely).
 */
export async function createBenchWorkspace(options: {
  drafts: number;
  sections: number;
  writers: number;
  readers: number;
  /** Optional Yjs state to store as the snapshot of the first section. */
  firstSectionState?: Uint8Array;
  /** A PostgreSQL database to create it in instead of SQLite. */
  databaseUrl?: string;
}): Promise<BenchWorkspace> {
  const dataDir = mkdtempSync(join(tmpdir(), "plenary-bench-"));
  const db = await openDatabase({ dataDir, durability: "process", databaseUrl: options.databaseUrl ?? null });
  const users = new UserStore(db);
  const groups = new GroupStore(db);
  const draftStore = new DraftStore(db);
  const sessions = new SessionStore(db, 24 * 3_600_000);
  const log = new DocumentLog(db);
  const passwordHash = await hashPassword("bench-password");
  await new DelegationStore(db).ensure("BEN", "Benchmark state", "state");
  const group = await groups.create("Benchmark group");

  const account = async (role: "lead" | "member", index: number) => {
    const user = await users.create({
      email: `${role}${index}@bench.test`,
      name: `${role} ${index}`,
      delegation: "BEN",
      passwordHash,
    });
    await groups.setMember(group.id, user.id, role);
    return user.id;
  };
  const tokensFor = async (role: "lead" | "member", count: number) => {
    const tokens: string[] = [];
    const accounts: string[] = [];
    let userId = "";
    for (let i = 0; i < count; i++) {
      if (i % 25 === 0) {
        userId = await account(role, i);
        accounts.push(userId);
      }
      tokens.push((await sessions.create(userId)).token);
    }
    return { tokens, accounts };
  };
  const writerTokens = (await tokensFor("lead", options.writers)).tokens;
  const readers = await tokensFor("member", options.readers);
  const readerTokens = readers.tokens;

  const drafts: BenchDraft[] = [];
  for (let d = 0; d < options.drafts; d++) {
    const { draftId, sectionId } = await draftStore.createDraft(group.id, `Draft ${d + 1}`, "Section 1");
    const sectionIds = [sectionId];
    for (let s = 1; s < options.sections; s++) {
      const id = await draftStore.createSection(draftId, `Section ${s + 1}`);
      if (id) sectionIds.push(id);
    }
    drafts.push({ draftDoc: draftDocumentName(draftId), sectionDocs: sectionIds.map(sectionDocumentName) });
  }
  const first = drafts[0]?.sectionDocs[0];
  if (options.firstSectionState && first) {
    await log.append(first, options.firstSectionState);
    await log.compact(first);
  }
  await db.close();
  return { dataDir, drafts, writerTokens, readerTokens, groupId: group.id, readerAccounts: readers.accounts };
}

/**
 * Builds a section holding `chars` characters typed the way people draft: a
 * sentence at a time, mostly at the end of a paragraph, with edits in the
 * middle and corrections now and then — about 60,000 edits for 1 MB.
 */
export function buildLargeSection(chars: number, seed = 7): Uint8Array {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment("content");
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const words = "the doctrine guides police components deployed under a mandate with national ownership and".split(" ");
  const sentence = () => {
    const count = 2 + Math.floor(random() * 4);
    const parts: string[] = [];
    for (let i = 0; i < count; i++) parts.push(words[Math.floor(random() * words.length)] ?? "text");
    return `${parts.join(" ")}. `;
  };
  let text: Y.XmlText | null = null;
  let length = 0;
  while (length < chars) {
    if (!text || text.length > 1_500) {
      const paragraph = new Y.XmlElement("paragraph");
      text = new Y.XmlText();
      paragraph.insert(0, [text]);
      fragment.push([paragraph]);
    }
    const burst = sentence();
    const at = random() < 0.8 ? text.length : Math.floor(random() * (text.length + 1));
    text.insert(at, burst);
    length += burst.length;
    if (random() < 0.2 && text.length > 10) {
      text.delete(Math.floor(random() * (text.length - 6)), 5);
      length -= 5;
    }
  }
  return Y.encodeStateAsUpdate(doc);
}
