import type { Writable } from "node:stream";

const corked = new Set<Writable>();

/**
 * Holds a socket's writes until the current tick's work is done, so the
 * frames one broadcast sends it (a writer's text and caret, the updates of
 * several sections committed together) leave in one system call instead of
 * one each: with hundreds of readers, the system calls are most of the cost
 * of sending. The socket is released in a tick queued behind the work that
 * corked it, before the event loop reads or waits again, so nothing is held
 * for longer than the code that is sending runs.
 */
export function corkForTick(socket: Writable): void {
  if (corked.has(socket)) return;
  if (corked.size === 0) process.nextTick(uncorkAll);
  socket.cork();
  corked.add(socket);
}

function uncorkAll(): void {
  const sockets = [...corked];
  corked.clear();
  for (const socket of sockets) socket.uncork();
}
