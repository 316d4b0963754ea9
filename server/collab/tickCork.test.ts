import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { corkForTick } from "./tickCork.ts";

/** A socket stand-in that records each write the stream hands down (one per system call on a real socket). */
function recordingSocket() {
  const writes: string[][] = [];
  const socket = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writes.push([chunk.toString()]);
      done();
    },
    writev(chunks, done) {
      writes.push(chunks.map(({ chunk }) => (chunk as Buffer).toString()));
      done();
    },
  });
  return { socket, writes };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("corkForTick", () => {
  it("sends what one tick writes to a socket in one write, before the event loop moves on", async () => {
    const { socket, writes } = recordingSocket();
    corkForTick(socket);
    socket.write("update");
    corkForTick(socket);
    socket.write("caret");
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual([["update", "caret"]]);
  });

  it("releases every socket corked in the tick, each with its own frames", async () => {
    const a = recordingSocket();
    const b = recordingSocket();
    for (const { socket } of [a, b]) {
      corkForTick(socket);
      socket.write("one");
      socket.write("two");
    }
    await nextTurn();
    expect(a.writes).toEqual([["one", "two"]]);
    expect(b.writes).toEqual([["one", "two"]]);
  });

  it("holds nothing past the tick: a later tick's frames go in a write of their own", async () => {
    const { socket, writes } = recordingSocket();
    corkForTick(socket);
    socket.write("first");
    await new Promise<void>((resolve) => process.nextTick(resolve));
    await nextTurn();
    corkForTick(socket);
    socket.write("second");
    await nextTurn();
    expect(writes).toEqual([["first"], ["second"]]);
    expect(socket.writableCorked).toBe(0);
  });

  it("leaves a socket that was never corked to write at once", () => {
    const { socket, writes } = recordingSocket();
    socket.write("alone");
    expect(writes).toEqual([["alone"]]);
  });
});
