import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { LoginRateLimiter } from "./auth/LoginRateLimiter.ts";
import { Cluster } from "./cluster/Cluster.ts";
import { CollabServer } from "./collab/CollabServer.ts";
import { discussionWriter, proposalWriter, sectionWriter } from "./collab/ServerDocumentWriter.ts";
import { createCommands } from "./commands/index.ts";
import { type Config, dataDirFailure } from "./config.ts";
import { ChangeEventBus } from "./events/ChangeEventBus.ts";
import { createHttpApp } from "./httpApp.ts";
import type { Logger } from "./logger.ts";
import { createQueries } from "./queries/index.ts";
import { SilenceDeadlines } from "./schedule/SilenceDeadlines.ts";
import { seedDemoWorkspace } from "./seed.ts";
import { AuditLog } from "./storage/AuditLog.ts";
import { BracketStore } from "./storage/BracketStore.ts";
import { type Database, openDatabase } from "./storage/Database.ts";
import { DelegationStore } from "./storage/DelegationStore.ts";
import { DiscussionStore } from "./storage/DiscussionStore.ts";
import { DocumentLog } from "./storage/DocumentLog.ts";
import { DraftStore } from "./storage/DraftStore.ts";
import { GroupStore } from "./storage/GroupStore.ts";
import { InvitationStore } from "./storage/InvitationStore.ts";
import { PasswordResetStore } from "./storage/PasswordResetStore.ts";
import { SessionStore } from "./storage/SessionStore.ts";
import { SilenceStore } from "./storage/SilenceStore.ts";
import { type Stores, sqliteUnitOfWork } from "./storage/UnitOfWork.ts";
import { UserStore } from "./storage/UserStore.ts";
import { VersionStore } from "./storage/VersionStore.ts";

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
    db = openDatabase({ dataDir: config.dataDir, durability: config.durability });
  } catch (error) {
    throw dataDirFailure(config.dataDir, error);
  }
  const users = new UserStore(db);
  const delegations = new DelegationStore(db);
  const sessions = new SessionStore(db, config.sessionTtlMs);
  const groups = new GroupStore(db);
  const drafts = new DraftStore(db);
  const audit = new AuditLog(db);
  const documents = new DocumentLog(db);
  const brackets = new BracketStore(db);
  const silences = new SilenceStore(db);

  const seededAccounts =
    config.seedDemo && users.count() === 0
      ? await seedDemoWorkspace({ db, users, groups, drafts, documents, brackets })
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
  const versions = new VersionStore(db, drafts, documents);
  const stores: Stores = {
    users,
    sessions,
    groups,
    drafts,
    invitations: new InvitationStore(db),
    delegations,
    passwordResets: new PasswordResetStore(db),
    discussions: new DiscussionStore(db),
    brackets,
    silences,
    audit,
    versions,
    documents,
  };
  const uow = sqliteUnitOfWork(db, stores);
  const sectionTexts = sectionWriter(collab.hocuspocus);
  const commands = createCommands(uow, events, {
    invitationTtlMs: config.invitationTtlMs,
    passwordResetTtlMs: config.passwordResetTtlMs,
    loginLimiter: new LoginRateLimiter(config.loginLimits),
    discussionWriters: {
      discussions: discussionWriter(collab.hocuspocus),
      withSection: proposalWriter(collab.hocuspocus),
    },
    sectionWriter: sectionTexts,
    silenceVersions: {
      record: (within, { draftId, name, byUserId, at }) => {
        const by = within.users.findById(byUserId);
        if (by) within.versions.create(draftId, name, by, at);
      },
    },
  });
  const deadlines = new SilenceDeadlines(silences, (id) => commands.silence.adopt(id), events, logger);
  // Before anyone connects: a deadline that passed while the server was down is applied now.
  deadlines.start();
  cluster?.join({
    events,
    reloadStored: () => collab.reloadStored(),
    catchUp: (projections) => {
      collab.catchUp(projections);
      deadlines.start();
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
      db.close();
    })();
    return closing;
  };

  return { url: `http://${displayHost}:${port}`, port, db, collab, seededAccounts, close };
}
