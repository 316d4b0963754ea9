import { Server } from "@hocuspocus/server";
import { serveMetrics } from "./serverMetrics.ts";

// The baseline: the same Hocuspocus version with no extensions, documents in memory only.
const server = new Server({ port: 0, address: "127.0.0.1", quiet: true, stopOnSignals: false });
await server.listen();
serveMetrics(() => server.destroy());
process.send?.({ type: "ready", port: server.address.port });
