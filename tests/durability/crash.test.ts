import { describe, expect, test } from "vitest";
import * as Y from "yjs";
import { sectionDocumentName } from "../../shared/documentNames.ts";
import { SECTION_FRAGMENT } from "../../shared/editorVersion.ts";
import { demoWorkspace, signIn } from "../helpers/api.ts";
import { startChildServer, tempDataDir } from "../helpers/childServer.ts";
import { type DocumentClient, fragmentText, openDocument, openSocket } from "../helpers/collabClient.ts";
import { tokensIn, trackAcknowledgements } from "../helpers/durability.ts";
import { Random, seedsForRun } from "../helpers/random.ts";
import { serverState } from "../helpers/rawClient.ts";

const WRITERS = 20;
const SECTIONS_PER_WRITER = 2;

/** One provider of one writer, with what it wrote and how much of that the server acknowledged. */
interface Tracked {
  writer: number;
  name: string;
  client: DocumentClient;
  written: string[];
  /** How many of `written` the server has acknowledged so far. */
  acknowledged: () => number;
}

/** Writes `token` as an editor would: a new paragraph somewhere, or words appended to an existing one. */
function write(doc: Y.Doc, token: string, random: Random): void {
  const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
  const paragraphs = fragment.toArray().filter((node): node is Y.XmlElement => node instanceof Y.XmlElement);
  const target = random.chance(0.5) ? random.pick(paragraphs.length > 0 ? paragraphs : [null]) : null;
  const text = target?.get(0);
  if (text instanceof Y.XmlText) {
    // The end of a paragraph: concurrent tokens land beside each other, never inside one another.
    text.insert(text.length, ` ${token}`);
    return;
  }
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(token)]);
  fragment.insert(random.int(0, fragment.length), [paragraph]);
}

function writerOf(token: string): number {
  return Number.parseInt(token.slice(1), 10);
}

describe("crash (kill -9) of the server process", () => {
  test.each(seedsForRun(5))(
    "keeps every update a client saw acknowledged or received from another client (seed %i)",
    async (seed) => {
      const random = new Random(seed);
      const dataDir = tempDataDir();
      const server = await startChildServer(dataDir);
      const demo = await demoWorkspace(server.url);
      const leads = [await signIn(server.url, "secretariat"), await signIn(server.url, "usa")];
      const names = ([1, 2, 3, 4, 5] as const).map((n) => sectionDocumentName(demo.section(n)));

      const tracked: Tracked[] = [];
      const sockets: ReturnType<typeof openSocket>[] = [];
      for (let writer = 0; writer < WRITERS; writer++) {
        const socket = openSocket(server.wsUrl);
        sockets.push(socket);
        const token = leads[writer % leads.length]?.token ?? "";
        for (let k = 0; k < SECTIONS_PER_WRITER; k++) {
          const name = names[(writer + k) % names.length] ?? "";
          const entry: Tracked = {
            writer,
            name,
            client: openDocument(socket, name, token),
            written: [],
            acknowledged: () => 0,
          };
          entry.acknowledged = trackAcknowledgements(entry.client.provider, () => entry.written.length);
          tracked.push(entry);
        }
      }
      await Promise.all(tracked.map((entry) => entry.client.synced));

      // Every writer types at its own random pace until the kill.
      let typing = true;
      const loops = Array.from({ length: WRITERS }, (_, writer) => {
        const own = random.fork();
        const mine = tracked.filter((entry) => entry.writer === writer);
        return (async () => {
          let n = 0;
          while (typing) {
            await new Promise((resolve) => setTimeout(resolve, own.int(2, 25)));
            if (!typing) break;
            const entry = own.pick(mine);
            const token = `c${writer}n${n++}`;
            entry.written.push(token);
            write(entry.client.doc, token, own);
          }
        })();
      });

      const killAfterMs = random.int(300, 1_500);
      await new Promise((resolve) => setTimeout(resolve, killAfterMs));
      typing = false;
      const killed = await server.kill("SIGKILL");
      expect(killed.signal).toBe("SIGKILL");
      await Promise.all(loops);

      // What clients had seen by the time the process was gone.
      const acknowledged = new Set<string>();
      const received = new Set<string>();
      for (const entry of tracked) {
        for (const token of entry.written.slice(0, entry.acknowledged())) acknowledged.add(token);
        for (const token of tokensIn(fragmentText(entry.client.doc))) {
          if (writerOf(token) !== entry.writer) received.add(token);
        }
      }
      const seen = new Set([...acknowledged, ...received]);
      const written = new Set(tracked.flatMap((entry) => entry.written));
      for (const socket of sockets) socket.destroy();

      const restarted = await startChildServer(dataDir);
      const stored = new Set<string>();
      for (const name of names) {
        const doc = await serverState(restarted.wsUrl, name, leads[0]?.token ?? "");
        for (const token of tokensIn(fragmentText(doc))) stored.add(token);
      }
      const missing = [...seen].filter((token) => !stored.has(token));
      const invented = [...stored].filter((token) => !written.has(token));
      console.log(
        `crash seed ${seed}: recovered ${seen.size - missing.length}/${seen.size} seen ` +
          `(${acknowledged.size} acknowledged to their writer, ${received.size} received by another client; ` +
          `${written.size} written, ${stored.size} stored; killed after ${killAfterMs} ms)`,
      );
      expect(
        seen.size,
        `seed ${seed}: the run saw nothing acknowledged; replay with PLENARY_SEEDS=${seed}`,
      ).toBeGreaterThan(0);
      expect(missing, `seed ${seed}: tokens lost by the crash; replay with PLENARY_SEEDS=${seed}`).toEqual([]);
      expect(invented, `seed ${seed}: tokens nobody wrote; replay with PLENARY_SEEDS=${seed}`).toEqual([]);
    },
    40_000,
  );
});
