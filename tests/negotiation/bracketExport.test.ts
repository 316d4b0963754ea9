import JSZip from "jszip";
import { expect, test } from "vitest";
import type { VersionCreated } from "../../shared/types.ts";
import { demoWorkspace, type Session } from "../helpers/api.ts";
import { bracketsOf } from "../helpers/negotiation.ts";
import { sessionFor } from "../helpers/sessions.ts";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";

const PASSAGE = "every measure is sustainable beyond the mission's lifetime";
const SINGAPORE = "every measure can be sustained by the host State once the mission ends";
const FRANCE = "every measure is agreed with the host State and reviewed before the mission leaves";
/** The demo's open bracket in section 2, as the text is circulated. */
const CIRCULATED = `[${PASSAGE}] (SGP) [${SINGAPORE}] (SGP) [${FRANCE}] (FRA)`;

async function exported(server: TestServer, as: Session, draftId: string, format: string, version?: string) {
  const query = new URLSearchParams({ format, ...(version && { version }) });
  const response = await fetch(`${server.url}/api/drafts/${draftId}/export?${query}`, {
    headers: { authorization: `Bearer ${as.token}` },
  });
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

/** The paragraphs of a .docx as plain text, read from word/document.xml itself. */
async function docxParagraphs(bytes: Uint8Array): Promise<string[]> {
  const xml = await (await JSZip.loadAsync(bytes)).file("word/document.xml")?.async("string");
  if (!xml) throw new Error("no word/document.xml");
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
      .map((t) => t[1] ?? "")
      .join("")
      .replace(/&apos;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&"),
  );
}

/** Markdown as it reads: escapes removed, emphasis markers dropped. */
function markdownText(md: string): string {
  return md.replace(/\\([\\`*_[\]<>#|~])/g, "$1").replace(/\*\(([A-Z]+)\)\*/g, "($1)");
}

function htmlText(html: string): string {
  return html
    .replace(/<[^>]+>/g, "")
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

test("an open bracket is exported as circulated, in .docx, .md and .html, live and in a version of its time", async () => {
  const server = await startTestServer();
  const demo = await demoWorkspace(server.url, await sessionFor(server, "secretariat"));
  const au = await sessionFor(server, "au");
  const sgp = await sessionFor(server, "sgp");
  const usa = await sessionFor(server, "usa");
  const draftId = demo.doctrine.id;

  // Live: the bracket is open, every option in order with its sponsor, in every format.
  const paragraphs = await docxParagraphs(await exported(server, au, draftId, "docx"));
  const bracketed = paragraphs.filter((p) => p.includes(CIRCULATED));
  expect(bracketed).toHaveLength(1);
  expect(paragraphs.join("\n").split(PASSAGE)).toHaveLength(2);
  const md = new TextDecoder().decode(await exported(server, au, draftId, "md"));
  expect(markdownText(md)).toContain(CIRCULATED);
  expect(md).toContain("*(FRA)*");
  const html = new TextDecoder().decode(await exported(server, au, draftId, "html"));
  expect(htmlText(html)).toContain(CIRCULATED);
  expect(html).toContain('<span class="sponsor">(FRA)</span>');

  // A version named while the bracket is open keeps it after it is withdrawn;
  // the live text then reads plainly.
  const named = await usa.request<VersionCreated>("POST", `/api/drafts/${draftId}/versions`, {
    name: "Before cleaning",
  });
  expect(named.status).toBe(201);
  const version = named.body;
  const [open] = (await bracketsOf(au, draftId)).filter((b) => b.status === "open");
  if (!open) throw new Error("the demo's bracket is missing");
  const resolved = await sgp.request("POST", `/api/brackets/${open.id}/resolve`, { withdraw: true });
  expect(resolved.status).toBe(200);

  const live = await docxParagraphs(await exported(server, au, draftId, "docx"));
  expect(live.join("\n")).not.toContain("[");
  expect(live.some((p) => p.includes(PASSAGE))).toBe(true);
  expect(live.join("\n")).not.toContain(SINGAPORE);
  expect(markdownText(new TextDecoder().decode(await exported(server, au, draftId, "md")))).not.toContain(SINGAPORE);
  expect(htmlText(new TextDecoder().decode(await exported(server, au, draftId, "html")))).not.toContain(SINGAPORE);

  const ofVersion = await docxParagraphs(await exported(server, au, draftId, "docx", version.id));
  expect(ofVersion.filter((p) => p.includes(CIRCULATED))).toHaveLength(1);
  const versionMd = new TextDecoder().decode(await exported(server, au, draftId, "md", version.id));
  expect(markdownText(versionMd)).toContain(CIRCULATED);
  const versionHtml = new TextDecoder().decode(await exported(server, au, draftId, "html", version.id));
  expect(htmlText(versionHtml)).toContain(CIRCULATED);
});
