import { rmSync } from "node:fs";
import { createBenchWorkspace } from "./benchWorkspace.ts";
import { type ServerKind, startChildServer } from "./childServer.ts";
import { LoadWorkers, SERVER_ENV } from "./load.ts";
import type { ClientSpec } from "./loadProtocol.ts";

export interface IdleResult {
  kind: ServerKind;
  documents: number;
  sockets: number;
  failures: number;
  idleRssMb: number;
  /** RSS with every document open, once the server has settled. */
  openRssMb: number;
  kbPerDocument: number;
}

const DOCUMENTS_PER_SOCKET = 50;
const SECTIONS_PER_DRAFT = 20;

/** Many documents open and nobody typing: what one open document costs the server. */
export async function runIdleDocuments(kind: ServerKind, documents: number): Promise<IdleResult> {
  const sockets = Math.ceil(documents / DOCUMENTS_PER_SOCKET);
  const workspace = await createBenchWorkspace({
    drafts: Math.ceil(documents / SECTIONS_PER_DRAFT),
    sections: SECTIONS_PER_DRAFT,
    writers: 0,
    readers: sockets,
  });
  const server = await startChildServer(kind, { ...SERVER_ENV, DATA_DIR: workspace.dataDir });
  const workers = new LoadWorkers(2);
  try {
    const names = workspace.drafts.flatMap((d) => d.sectionDocs).slice(0, documents);
    const specs: ClientSpec[] = Array.from({ length: sockets }, (_, i) => ({
      id: i,
      token: kind === "bare" ? `reader-${i}` : (workspace.readerTokens[i] ?? ""),
      docs: names.slice(i * DOCUMENTS_PER_SOCKET, (i + 1) * DOCUMENTS_PER_SOCKET),
      writes: null,
    }));
    const idle = await server.metrics();
    const connected = await workers.connect(server.wsUrl, specs, false);
    await new Promise((r) => setTimeout(r, 2_000));
    const open = await server.metrics();
    return {
      kind,
      documents,
      sockets,
      failures: connected.failures,
      idleRssMb: idle.rssBytes / 1_048_576,
      openRssMb: open.rssBytes / 1_048_576,
      kbPerDocument: (open.rssBytes - idle.rssBytes) / 1024 / documents,
    };
  } finally {
    await workers.close();
    await server.stop();
    rmSync(workspace.dataDir, { recursive: true, force: true });
  }
}
