import { type ChildProcess, fork } from "node:child_process";
import { resolve } from "node:path";
import { COLLAB_PATH } from "../shared/collabProtocol.ts";
import type { ServerMessage, ServerMetrics, ServerRequest } from "./servers/protocol.ts";

/** `plenary-power` is Plenary with DURABILITY=power (each commit synced to the disk). */
export type ServerKind = "plenary" | "bare" | "plenary-power" | "plenary-pg" | "two-servers";

export interface ChildServer {
  kind: ServerKind;
  port: number;
  wsUrl: string;
  pid: number;
  metrics(): Promise<ServerMetrics>;
  resetLoop(): void;
  stop(): Promise<void>;
}

const ENTRY: Record<ServerKind, string> = {
  plenary: resolve("bench/servers/plenaryServer.ts"),
  "plenary-power": resolve("bench/servers/plenaryServer.ts"),
  "plenary-pg": resolve("bench/servers/plenaryServer.ts"),
  "two-servers": resolve("bench/servers/plenaryServer.ts"),
  bare: resolve("bench/servers/bareServer.ts"),
};

/** Starts a server in its own process, so its CPU and memory are its own. */
export async function startChildServer(kind: ServerKind, env: Record<string, string> = {}): Promise<ChildServer> {
  const child: ChildProcess = fork(ENTRY[kind], [], {
    // BENCH_CPU_PROF=<folder> profiles the server (node --cpu-prof), to find where its time goes.
    execArgv: [
      "--import",
      "tsx",
      ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ],
    env: { ...process.env, ...env, ...(kind === "plenary-power" && { DURABILITY: "power" }) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolvePort, reject) => {
    child.once("exit", (code) => reject(new Error(`${kind} server exited with ${code}`)));
    child.on("message", (message: ServerMessage) => {
      if (message.type === "ready") resolvePort(message.port);
    });
  });
  const send = (message: ServerRequest) => child.send(message);
  return {
    kind,
    port,
    wsUrl: `ws://127.0.0.1:${port}${COLLAB_PATH}`,
    pid: child.pid ?? 0,
    metrics: () =>
      new Promise((resolveMetrics) => {
        const onMessage = (message: ServerMessage) => {
          if (message.type !== "metrics") return;
          child.off("message", onMessage);
          resolveMetrics(message);
        };
        child.on("message", onMessage);
        send({ type: "metrics" });
      }),
    resetLoop: () => send({ type: "resetLoop" }),
    stop: () =>
      new Promise((resolveStop) => {
        child.once("exit", () => resolveStop());
        send({ type: "stop" });
        setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
      }),
  };
}
