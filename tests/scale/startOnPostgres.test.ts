import { afterEach, expect, test } from "vitest";
import { startPlenary } from "../../server/app.ts";
import { configFromEnv } from "../../server/config.ts";
import { silentLogger } from "../../server/logger.ts";
import { createStores } from "../../server/storage/UnitOfWork.ts";
import { demoWorkspace, signIn } from "../helpers/api.ts";
import { createTestDatabase } from "../helpers/postgres.ts";
import { startTestServer } from "../helpers/testServer.ts";

const databases: { drop: () => Promise<void> }[] = [];
afterEach(async () => {
  // Servers close at the end of each test (startTestServer); their database goes after.
  for (const database of databases.splice(0)) await database.drop();
});

async function freshDatabase(): Promise<string> {
  const database = await createTestDatabase();
  databases.push(database);
  return database.url;
}

test("two servers started at once on an empty PostgreSQL database migrate it once and seed the demo exactly once", async () => {
  const databaseUrl = await freshDatabase();
  const [a, b] = await Promise.all([startTestServer({ databaseUrl }), startTestServer({ databaseUrl })]);
  const seeders = [a, b].filter((server) => server.plenary.seededAccounts.length > 0);
  expect(seeders).toHaveLength(1);
  const stores = createStores(a.plenary.db, { sessionTtlMs: 3_600_000 });
  expect(await stores.users.count()).toBe(seeders[0]?.plenary.seededAccounts.length);
  const admin = (await stores.users.findByEmail("secretariat@plenary.test"))?.user;
  if (!admin) throw new Error("no admin");
  expect((await stores.groups.listForUser(admin.id, true)).length).toBe(2);
  // Both serve the one workspace.
  const onB = await demoWorkspace(b.url, await signIn(b.url, "secretariat"));
  const onA = await demoWorkspace(a.url, await signIn(a.url, "secretariat"));
  expect(onB.doctrine.id).toBe(onA.doctrine.id);
  await Promise.all([a.close(), b.close()]);
});

test("a server restarted on its PostgreSQL database finds its data and seeds nothing", async () => {
  const databaseUrl = await freshDatabase();
  const first = await startTestServer({ databaseUrl });
  expect(first.plenary.seededAccounts.length).toBeGreaterThan(0);
  const demo = await demoWorkspace(first.url, await signIn(first.url, "secretariat"));
  await first.close();
  const second = await startTestServer({ databaseUrl });
  expect(second.plenary.seededAccounts).toEqual([]);
  expect((await demoWorkspace(second.url, await signIn(second.url, "secretariat"))).doctrine.id).toBe(demo.doctrine.id);
  await second.close();
});

test("a PostgreSQL server that cannot be reached stops the start with a message naming DATABASE_URL and the host", async () => {
  // Nothing listens on port 1.
  const config = configFromEnv({ DATABASE_URL: "postgres://plenary:secret@127.0.0.1:1/plenary", SEED_DEMO: "false" });
  const failure = await startPlenary(config, silentLogger).then(
    () => null,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(Error);
  const message = (failure as Error).message;
  expect(message).toContain("DATABASE_URL");
  expect(message).toContain("127.0.0.1:1");
  expect(message).toMatch(/Start PostgreSQL/);
  expect(message).not.toContain("secret");
});
