import * as Y from "yjs";
import { SECTION_FRAGMENT } from "../../shared/editorVersion.ts";
import type { DocumentClient } from "./collabClient.ts";
import type { Random } from "./random.ts";

/** One provider of one writer, with what it wrote and how much of that the server acknowledged. */
export interface TrackedWriter {
  writer: number;
  name: string;
  client: DocumentClient;
  written: string[];
  /** How many of `written` the server has acknowledged so far. */
  acknowledged: () => number;
}

/** Writes `token` as an editor would: a new paragraph somewhere, or words appended to an existing one. */
export function writeToken(doc: Y.Doc, token: string, random: Random): void {
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

/** The writer a token `c<writer>n<n>` came from. */
export function writerOf(token: string): number {
  return Number.parseInt(token.slice(1), 10);
}

/**
 * Every writer types tokens `c<writer>n<n>` into its own providers, each at
 * its own random pace (a pause of `pauseMs` between keystrokes), until
 * `stop()`, which resolves once every writer has stopped.
 */
export function startTyping(
  tracked: readonly TrackedWriter[],
  writers: number,
  random: Random,
  pauseMs: readonly [number, number],
): { stop(): Promise<void> } {
  let typing = true;
  const loops = Array.from({ length: writers }, (_, writer) => {
    const own = random.fork();
    const mine = tracked.filter((entry) => entry.writer === writer);
    return (async () => {
      let n = 0;
      while (typing) {
        await new Promise((resolve) => setTimeout(resolve, own.int(pauseMs[0], pauseMs[1])));
        if (!typing) break;
        const entry = own.pick(mine);
        const token = `c${writer}n${n++}`;
        entry.written.push(token);
        writeToken(entry.client.doc, token, own);
      }
    })();
  });
  return {
    async stop() {
      typing = false;
      await Promise.all(loops);
    },
  };
}
