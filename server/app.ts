import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { LoginRateLimiter } from "./auth/LoginRateLimiter.ts";
import { Cluster } from "./cluster/Cluster.ts";
import { CollabServer } from "./collab/CollabServer.ts";
import { discussionWriter, proposalWriter, sectionWriter } from "./collab/ServerDocumentWriter.ts";
import { createCommands } from "./commands/index.ts";
import { type Config, databaseFailure, dataDirFailure } from "./config.ts";
import { ChangeEventBus } from "./events/ChangeEventBus.ts";
import { createHttpApp } from "./httpApp.ts";
import type { Logger } from "./logger.ts";
import { createQueries } from "./queries/index.ts";
import { SilenceDeadlines } from "./schedule/SilenceDeadlines.ts";
import { seedDemoWorkspace } from "./seed.ts";
import { type Database, openDatabase } from "./storage/Database.ts";
import { createStores, unitOfWork } from "./storage/UnitOfWork.ts";

export interface Plenary {
  url: string;
  port: number;
  db: Database;
  collab: CollabServer;
  /** Accounts created by the demo seed on this start (empty if the database already had users). */
  seededAccounts: readonly { email: string; delegation: string; roles: string }[];
  close(): Promise<void>;
}

/** Opens the database, seeds it if empty, and starts HTTP + websocket on one port. */
export async function startPlenary(config: Config, logger: Logger): Promise<Plenary> {
  let db: Database;
  try {
    db = await openDatabase({
      dataDir: config.dataDir,
      durability: config.durability,
      databaseUrl: config.databaseUrl,
    });
  } catch (error) {
    throw config.databaseUrl ? databaseFailure(config.databaseUrl, error) : dataDirFailure(config.dataDir, error);
  }
  const storeOptions = { sessionTtlMs: config.sessionTtlMs };
  const stores = createStores(db, storeOptions);
  const { users, sessions, groups, drafts, documents, brackets, silences } = stores;
  const uow = unitOfWork(db, storeOptions, stores);

  // Under the start-up lock: servers starting together on an empty database seed it once.
  const seededAccounts = config.seedDemo
    ? await db.exclusively(async () => ((await users.count()) === 0 ? seedDemoWorkspace({ uow }) : []))
    : [];

  const events = new ChangeEventBus(logger);
  // Several servers on one database: Redis carries live edits, presence and changes between them.
  const cluster = config.redisUrl ? new Cluster(config.redisUrl, config.redisPrefix, logger) : null;
  const collab = new CollabServer({
    events,
    sessions,
    users,
    groups,
    drafts,
    documents,
    brackets,
    silences,
    logger,
    limits: config.limits,
    proxy: config.proxy,
    ...(cluster && { cluster: { extensions: cluster.extensions, roster: cluster.roster } }),
  });
  const sectionTexts = sectionWriter(collab.hocuspocus, collab.persistence);
  const commands = createCommands(uow, events, {
    invitationTtlMs: config.invitationTtlMs,
    passwordResetTtlMs: config.passwordResetTtlMs,
    loginLimiter: new LoginRateLimiter(config.loginLimits),
    discussionWriters: {
      discussions: discussionWriter(collab.hocuspocus, collab.persistence),
      withSection: proposalWriter(collab.hocuspocus, collab.persistence),
    },
    sectionWriter: sectionTexts,
    silenceVersions: {
      record: async (within, { draftId, name, byUserId, at }) => {
        const by = await within.users.findById(byUserId);
        if (by) await within.versions.create(draftId, name, by, at);
      },
    },
  });
  const deadlines = new SilenceDeadlines(silences, async (id) => await commands.silence.adopt(id), events, logger);
  // Before anyone connects: a deadline that passed while the server was down is applied now.
  await deadlines.start();
  cluster?.join({
    events,
    reloadStored: () => collab.reloadStored(),
    catchUp: async (projections) => {
      await collab.catchUp(projections);
      await deadlines.start();
    },
  });

  const app = createHttpApp(
    {
      commands,
      queries: createQueries(uow),
      logger,
      sessionTtlMs: config.sessionTtlMs,
      negotiation: {
        measure: (draftId) => collab.negotiation.measureDraft(draftId),
      },
    },
    config.staticDir,
    config.proxy,
  );

  const server: Server = createServer(
    {
      requestTimeout: config.http.requestTimeoutMs,
      headersTimeout: config.http.headersTimeoutMs,
      // Node checks the two timeouts above only this often (30 s by default).
      connectionsCheckingInterval: Math.max(250, Math.min(config.http.headersTimeoutMs, 5_000) / 4),
    },
    getRequestListener(app.fetch),
  );
  server.maxConnections = config.http.maxConnections;
  server.on("upgrade", (request, socket, head) => {
    if (!collab.handleUpgrade(request, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const displayHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      server.close();
      deadlines.stop();
      await collab.close();
      await cluster?.close();
      server.closeAllConnections();
      await db.close();
    })();
    return closing;
  };

  return { url: `http://${displayHost}:${port}`, port, db, collab, seededAccounts, close };
}
