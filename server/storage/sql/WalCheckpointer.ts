import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/**
 * Copies the write-ahead log back into the SQLite file from a thread of its
 * own. SQLite does this itself, inside the commit that crosses its
 * threshold, and that commit then writes and fsyncs the file: the event
 * loop, and every update waiting to be broadcast, stalls for tens of
 * milliseconds. Here the main connection never checkpoints; a second
 * connection in a worker runs passive checkpoints (they wait for nobody and
 * nobody waits for them) once a second while there are commits. If the
 * worker cannot run, the main connection goes back to checkpointing itself,
 * so the log never grows without bound.
 */
export class WalCheckpointer {
  private worker: Worker | null = null;
  private pending = false;
  private busy = false;
  private failed = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly file: string,
    private readonly synchronous: "NORMAL" | "FULL",
    private readonly fallBack: () => void,
    intervalMs = 1_000,
  ) {
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  /** Something was committed: the next tick checkpoints. */
  committed(): void {
    this.pending = true;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    // The worker closes its connection before the main one does, so the
    // main connection's close is the last and folds what is left.
    await new Promise<void>((resolve) => {
      worker.once("exit", () => resolve());
      worker.postMessage("close");
    });
  }

  private tick(): void {
    if (!this.pending || this.busy || this.failed) return;
    this.pending = false;
    this.busy = true;
    this.started().postMessage("checkpoint");
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve("better-sqlite3"),
        file: this.file,
        synchronous: this.synchronous,
      },
    });
    worker.unref();
    worker.on("message", () => {
      this.busy = false;
    });
    worker.on("error", () => this.fail());
    worker.on("exit", (code) => {
      if (code !== 0) this.fail();
    });
    this.worker = worker;
    return worker;
  }

  private fail(): void {
    if (this.failed) return;
    this.failed = true;
    this.worker = null;
    this.fallBack();
  }
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma("synchronous = " + workerData.synchronous);
parentPort.on("message", (message) => {
  if (message === "close") {
    db.close();
    process.exit(0);
  }
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // Busy or failing: the next tick tries again.
  }
  parentPort.postMessage("done");
});
`;
