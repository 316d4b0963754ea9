import { describe, expect, it } from "vitest";
import { DocumentGates } from "./DocumentGates.ts";

/** Lets every pending promise callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("DocumentGates", () => {
  it("lets client messages share a document, and a writer wait until they are done", async () => {
    const gates = new DocumentGates();
    const log: string[] = [];
    const first = await gates.shared("section:a");
    const second = await gates.shared("section:a");
    const writer = gates.exclusive(["section:a"]).then((release) => {
      log.push("writer");
      return release;
    });
    await settle();
    expect(log).toEqual([]);
    first();
    await settle();
    expect(log).toEqual([]);
    second();
    (await writer)();
    expect(log).toEqual(["writer"]);
  });

  it("holds client messages that arrive while a writer holds the document until it lets go", async () => {
    const gates = new DocumentGates();
    const log: string[] = [];
    const release = await gates.exclusive(["section:a", "discussion:d"]);
    const client = gates.shared("section:a").then((done) => {
      log.push("client");
      done();
    });
    const elsewhere = gates.shared("section:b").then((done) => {
      log.push("other document");
      done();
    });
    await elsewhere;
    await settle();
    expect(log).toEqual(["other document"]);
    release();
    await client;
    expect(log).toEqual(["other document", "client"]);
  });

  it("serves first come first: a message after a waiting writer waits for it", async () => {
    const gates = new DocumentGates();
    const log: string[] = [];
    const reader = await gates.shared("section:a");
    const writer = gates.exclusive(["section:a"]).then((done) => {
      log.push("writer");
      done();
    });
    const later = gates.shared("section:a").then((done) => {
      log.push("later message");
      done();
    });
    reader();
    await Promise.all([writer, later]);
    expect(log).toEqual(["writer", "later message"]);
  });

  it("never deadlocks two writers taking the same documents in different orders", async () => {
    const gates = new DocumentGates();
    const done: string[] = [];
    await Promise.all(
      [
        ["section:a", "discussion:d"],
        ["discussion:d", "section:a"],
      ].map(async (names, index) => {
        const release = await gates.exclusive(names);
        await settle();
        done.push(`writer ${index}`);
        release();
      }),
    );
    expect(done.sort()).toEqual(["writer 0", "writer 1"]);
  });
});
