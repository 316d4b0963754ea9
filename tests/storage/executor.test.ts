import { afterEach, describe, expect, it } from "vitest";
import { migrations } from "../../server/storage/migrations.ts";
import { type EngineUnderTest, enginesUnderTest, migrate } from "../helpers/engines.ts";

describe.each(enginesUnderTest())("SQL executor on $engine", (factory) => {
  let engine: EngineUnderTest;
  afterEach(async () => {
    await engine?.dispose();
  });

  async function migrated() {
    engine = await factory.create();
    const db = await engine.connect();
    await migrate(db);
    return db;
  }

  it("migrates an empty database to the latest schema", async () => {
    const db = await migrated();
    const version =
      factory.engine === "postgres"
        ? (await db.get<{ version: number }>("SELECT version FROM plenary_schema"))?.version
        : (await db.get<{ user_version: number }>("PRAGMA user_version"))?.user_version;
    expect(version).toBe(migrations.length);
    const states = await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM delegations WHERE kind = ?", ["state"]);
    expect(states?.n).toBe(193);
    expect((await db.get<{ kind: string }>("SELECT kind FROM delegations WHERE code = ?", ["UN"]))?.kind).toBe(
      "secretariat",
    );
  });

  it("gives integers back as numbers and bytes as the bytes written", async () => {
    const db = await migrated();
    const at = Date.now();
    await db.run("INSERT INTO document_updates (document, data, created_at) VALUES (?, ?, ?)", [
      "d",
      new Uint8Array([0, 1, 255]),
      at,
    ]);
    const row = await db.get<{ id: number; data: Buffer; created_at: number; n: number }>(
      "SELECT id, data, created_at, (SELECT COUNT(*) FROM document_updates) AS n FROM document_updates",
    );
    expect(row).toEqual({ id: expect.any(Number), data: Buffer.from([0, 1, 255]), created_at: at, n: 1 });
  });

  it("keeps nothing of a transaction that throws, and only the inner part of a failed savepoint", async () => {
    const db = await migrated();
    const insert = "INSERT INTO working_groups (id, name, created_at) VALUES (?, ?, ?)";
    await expect(
      db.transaction(async (tx) => {
        await tx.run(insert, ["g1", "One", 1]);
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    await db.transaction(async (tx) => {
      await tx.run(insert, ["g2", "Two", 2]);
      await expect(
        tx.transaction(async (inner) => {
          await inner.run(insert, ["g3", "Three", 3]);
          await inner.run(insert, ["g3", "Duplicate", 3]);
        }),
      ).rejects.toThrow();
    });
    expect(await db.all<{ id: string }>("SELECT id FROM working_groups ORDER BY id")).toEqual([{ id: "g2" }]);
  });

  it("reads a snapshot at one instant while another server writes", async () => {
    const db = await migrated();
    const other = await engine.connect();
    const count = async (on: typeof db | Parameters<Parameters<typeof db.snapshot>[0]>[0]) =>
      (await on.get<{ n: number }>("SELECT COUNT(*) AS n FROM working_groups"))?.n;
    let written: Promise<unknown> = Promise.resolve();
    const seen = await db.snapshot(async (tx) => {
      const before = await count(tx);
      written = other.run("INSERT INTO working_groups (id, name, created_at) VALUES (?, ?, ?)", ["g", "G", 1]);
      // PostgreSQL commits the insert meanwhile; SQLite's one connection queues it until the snapshot ends.
      if (factory.engine === "postgres") await written;
      return [before, await count(tx)];
    });
    await written;
    expect(seen).toEqual([0, 0]);
    expect(await count(db)).toBe(1);
  });

  it("refuses to change or delete audit entries", async () => {
    const db = await migrated();
    await db.run("INSERT INTO audit_log (at, action) VALUES (?, ?)", [1, "group.create"]);
    await expect(db.run("UPDATE audit_log SET action = ?", ["forged"])).rejects.toThrow(/append-only/);
    await expect(db.run("DELETE FROM audit_log")).rejects.toThrow(/append-only/);
    expect(await db.all("SELECT action FROM audit_log")).toEqual([{ action: "group.create" }]);
  });

  it("migrates once when two servers start together on an empty database", async () => {
    engine = await factory.create();
    const [a, b] = [await engine.connect(), await engine.connect()];
    await Promise.all([migrate(a), migrate(b)]);
    const states = await a.get<{ n: number }>("SELECT COUNT(*) AS n FROM delegations");
    expect(states?.n).toBe((await b.get<{ n: number }>("SELECT COUNT(*) AS n FROM delegations"))?.n);
    expect(states?.n).toBeGreaterThan(193);
  });
});
