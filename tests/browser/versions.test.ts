import { readFile } from "node:fs/promises";
import mammoth from "mammoth";
import { expect } from "vitest";
import { anchorOn } from "../helpers/discussion.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { sharedTestServer } from "../helpers/testServer.ts";
import { LIVE } from "./fixtures/expectations.ts";
import { browserTest } from "./fixtures/test.ts";

const test = browserTest(sharedTestServer());

test("a lead names a version, a penholder edits, and the compare view shows exactly that edit with its delegation", async ({
  openDraftAs,
  onServer,
}) => {
  const lead = await openDraftAs("usa");
  await lead.page.getByText("Versions, compare and export").click();
  await lead.page.getByLabel("Name a version of the whole draft").fill("Zero draft — New York, February");
  await lead.page.getByRole("button", { name: "Name version" }).click();
  const list = lead.page.getByTestId("versions-list");
  await expect.poll(() => list.textContent(), LIVE).toContain("Zero draft — New York, February");

  const penholder = await openDraftAs("fra");
  await penholder.typeInto(3, " Lyon wording.");
  await expect.poll(() => onServer.sectionText(3), LIVE).toContain(" Lyon wording.");

  await list.getByRole("link", { name: "Compare with live text" }).first().click();
  const view = lead.page.getByTestId("compare-view");
  await view.waitFor({ timeout: LIVE.timeout });
  const changed = view.locator('[data-testid="compare-section"][data-change="changed"]');
  await expect.poll(() => changed.count(), LIVE).toBe(1);
  const inserts = changed.locator("ins");
  expect(await inserts.count()).toBe(1);
  expect(await inserts.first().getAttribute("data-delegation")).toBe("FRA");
  expect(await inserts.first().textContent()).toBe("Inserted by FRA:  Lyon wording.FRA");
  expect(await view.locator("del").count()).toBe(0);
  expect(await lead.page.getByTestId("compare-counts").textContent()).toContain("1 changed");
});

test("paragraph numbers follow a reorder live", async ({ openDraftAs, server, workspace }) => {
  const observer = await openDraftAs("au");
  const second = observer.page.locator(`section[data-section-id="${workspace.section(2)}"]`);
  const firstNumber = () => second.locator("[data-paragraph-number]").first().getAttribute("data-paragraph-number");
  await expect.poll(firstNumber, LIVE).toBe("2.1");

  const usa = await sessionFor(server, "usa");
  const order = workspace.doctrine.sections.map((s) => s.id);
  const moved = [order[1], order[0], ...order.slice(2)];
  expect((await usa.request("PUT", `/api/drafts/${workspace.doctrine.id}/order`, { sectionIds: moved })).status).toBe(
    200,
  );
  await expect.poll(firstNumber, LIVE).toBe("1.1");
  const labels = await second
    .locator("[data-paragraph-number]")
    .evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-paragraph-number")));
  expect(labels).toEqual(labels.map((_, i) => `1.${i + 1}`));
  // Restore the order for the other tests of this file.
  await usa.request("PUT", `/api/drafts/${workspace.doctrine.id}/order`, { sectionIds: order });
});

test("the export download is a valid .docx with the numbered text", async ({ openDraftAs, workspace }) => {
  const reader = await openDraftAs("au");
  await reader.page.getByText("Versions, compare and export").click();
  const [download] = await Promise.all([
    reader.page.waitForEvent("download", { timeout: LIVE.timeout }),
    reader.page.getByTestId("export-docx").first().click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.docx$/);
  const path = await download.path();
  const bytes = await readFile(path);
  const { value } = await mammoth.extractRawText({ buffer: bytes });
  expect(value).toContain(workspace.doctrine.title);
  expect(value).toContain(`1.\t${workspace.doctrine.sections[0]?.title}`);
  expect(value).toMatch(/1\.1\t\S/);
});

test("printing shows the text alone: title, numbered sections and paragraphs, no app chrome", async ({
  openDraftAs,
  workspace,
}) => {
  const lead = await openDraftAs("usa");
  await lead.page.emulateMedia({ media: "print" });
  const visible = (selector: string) =>
    lead.page.evaluate(
      (s) =>
        [...document.querySelectorAll(s)].some((element) => {
          const box = element.getBoundingClientRect();
          return getComputedStyle(element).display !== "none" && box.width > 0 && box.height > 0;
        }),
      selector,
    );
  for (const chrome of [
    ".app-header",
    ".draft-sidebar",
    ".discussion-sidebar",
    ".editor-toolbar-wrap",
    ".versions-panel",
    ".presence-bar",
    "button",
  ]) {
    expect(await visible(chrome), chrome).toBe(false);
  }
  expect(await visible("main h1")).toBe(true);
  expect(await lead.page.locator("main h1").textContent()).toBe(workspace.doctrine.title);
  expect(await visible(".draft-print-subtitle")).toBe(true);
  expect(await visible("[data-paragraph-number]")).toBe(true);
  const margin = await lead.page
    .locator("[data-paragraph-number]")
    .first()
    .evaluate((node) => getComputedStyle(node, "::before").content);
  expect(margin).toBe('"1.1"');
  const pdf = await lead.page.pdf({ format: "A4" });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  expect(pdf.byteLength).toBeGreaterThan(5_000);
});

test("a comment shows the paragraph number of its anchor", async ({ openDraftAs, server, workspace }) => {
  const sgp = await sessionFor(server, "sgp");
  const anchor = await anchorOn(server, sgp.token, workspace.section(3), "A joint coordination mechanism");
  const created = await sgp.request("POST", `/api/drafts/${workspace.doctrine.id}/threads`, {
    sectionId: workspace.section(3),
    anchor,
    body: "Which host State bodies?",
  });
  expect(created.status).toBe(201);
  const reader = await openDraftAs("usa");
  const paragraph = reader.page.getByTestId("thread-paragraph").first();
  await expect.poll(() => paragraph.textContent(), LIVE).toBe("Paragraph ¶ 3.2");
});
