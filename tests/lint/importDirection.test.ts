import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";

/**
 * The import direction is part of `npm run lint`. These tests run Biome with
 * the project's own configuration on throwaway fixtures outside the tree: a
 * deliberate violation must fail the lint, and the same files without it must pass.
 */
const REPOSITORY = resolve(import.meta.dirname, "../..");
const BIOME = join(REPOSITORY, "node_modules", "@biomejs", "biome", "bin", "biome");

let root: string;
let config: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "plenary-lint-"));
  const parsed = JSON.parse(readFileSync(join(REPOSITORY, "biome.json"), "utf8")) as Record<string, unknown>;
  // The fixture folder is not a git checkout, and has no node_modules for the schema.
  delete parsed.$schema;
  parsed.vcs = { enabled: false };
  config = JSON.stringify(parsed);
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function lint(files: Record<string, string>): { status: number | null; output: string } {
  // Each case is a project of its own, laid out like ours, with our configuration.
  const folder = mkdtempSync(join(root, "case-"));
  writeFileSync(join(folder, "biome.json"), config);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
  const run = spawnSync(process.execPath, [BIOME, "lint", "--max-diagnostics=50", "."], {
    cwd: folder,
    encoding: "utf8",
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const fixture = (importPath: string) => `import { helper } from "${importPath}";\n\nexport const used = helper;\n`;

test("a file under shared/ that imports from server/ fails the lint", () => {
  const result = lint({ "shared/rule.ts": fixture("../server/storage/ids.ts") });
  expect(result.status).not.toBe(0);
  expect(result.output).toContain("noRestrictedImports");
  expect(result.output).toContain("shared/ is pure code for both sides");
});

test("a file under shared/ that imports from client/ fails the lint", () => {
  const result = lint({ "shared/rule.ts": fixture("../client/api/apiClient.ts") });
  expect(result.status).not.toBe(0);
  expect(result.output).toContain("noRestrictedImports");
});

test("a file under shared/ that imports from Node fails the lint", () => {
  const result = lint({ "shared/rule.ts": fixture("node:crypto") });
  expect(result.status).not.toBe(0);
  expect(result.output).toContain("imports nothing from Node");
});

test("the client importing server code fails the lint", () => {
  const result = lint({ "client/page.ts": fixture("../server/commands/index.ts") });
  expect(result.status).not.toBe(0);
  expect(result.output).toContain("The client imports shared/, never server/");
});

test("storage importing routes or collab fails the lint", () => {
  for (const path of ["../api/ApiDeps.ts", "../collab/CollabServer.ts"]) {
    const result = lint({ "server/storage/Store.ts": fixture(path) });
    expect(result.status, path).not.toBe(0);
    expect(result.output).toContain("Storage knows nothing of routes");
  }
});

test("a collab extension importing from the re-authoriser fails the lint", () => {
  const result = lint({ "server/collab/SomeExtension.ts": fixture("./Reauthorizer.ts") });
  expect(result.status).not.toBe(0);
  expect(result.output).toContain("Extensions do not reach into the re-authoriser");
});

test("the same places importing in the allowed direction pass the lint", () => {
  const result = lint({
    "shared/rule.ts": fixture("./roles.ts"),
    "client/page.ts": fixture("../shared/permissions.ts"),
    "server/storage/Store.ts": fixture("../../shared/documentNames.ts"),
    "server/api/routes.ts": fixture("../commands/index.ts"),
  });
  expect(result.output).not.toContain("noRestrictedImports");
  expect(result.status).toBe(0);
});
