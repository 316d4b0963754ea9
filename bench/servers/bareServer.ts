import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type Extension, Hocuspocus } from "@hocuspocus/server";
import { WebSocketServer } from "ws";
import * as Y from "yjs";
import { COLLAB_PATH } from "../../shared/collabProtocol.ts";
import { serveMetrics } from "./serverMetrics.ts";

/**
 * The baseline: the same Hocuspocus version, entered the way Plenary enters it
 * (its own HTTP server, `ws` sockets handed to `handleConnection`), doing the
 * least that is the same work: a reader's connection is read-only and its
 * presence is not fanned out (Plenary's presence rule), documents live in
 * memory. Readers are told apart by their token (`reader…`). With
 * BENCH_SEED_FILE set, every document loads that Yjs state the first time it
 * is opened, so a first join is cold here too.
 */
const sameRules: Extension = {
  extensionName: "same presence rule",
  async onAuthenticate({ token, connectionConfig }) {
    if (token.startsWith("reader")) connectionConfig.readOnly = true;
    return {};
  },
  async beforeHandleAwareness({ connection, states }) {
    if (!connection || connection.readOnly) states.clear();
  },
};

const seedFile = process.env.BENCH_SEED_FILE;
const seed = seedFile ? new Uint8Array(readFileSync(seedFile)) : null;
const seedDocument: Extension = {
  extensionName: "seed",
  async onLoadDocument({ document }) {
    if (seed) Y.applyUpdate(document, seed);
  },
};

const hocuspocus = new Hocuspocus({ quiet: true, extensions: [sameRules, seedDocument] });
const websockets = new WebSocketServer({ noServer: true, maxPayload: 32 * 1024 * 1024 });
const http = createServer((_request, response) => response.writeHead(404).end());
http.on("upgrade", (request, socket, head) => {
  if ((request.url ?? "").split("?")[0] !== COLLAB_PATH) {
    socket.destroy();
    return;
  }
  websockets.handleUpgrade(request, socket, head, (ws) => {
    const client = hocuspocus.handleConnection(ws, new Request(`http://localhost${request.url ?? "/"}`));
    ws.on("message", (data) => {
      const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      client.handleMessage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    });
    ws.on("close", (code, reason) => client.handleClose({ code, reason: reason.toString() }));
  });
});
await new Promise<void>((resolve) => http.listen(Number(process.env.PORT ?? 0), "127.0.0.1", resolve));
serveMetrics(async () => {
  for (const ws of websockets.clients) ws.terminate();
  http.close();
});
process.send?.({ type: "ready", port: (http.address() as AddressInfo).port });
