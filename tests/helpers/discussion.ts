import type { Thread } from "../../shared/discussion.ts";
import { readDiscussion } from "../../shared/discussion.ts";
import { type Anchor, anchorForText, anchorInText, findText } from "../../shared/discussionAnchors.ts";
import { discussionDocumentName, sectionDocumentName } from "../../shared/documentNames.ts";
import { fragmentText } from "./collabClient.ts";
import { serverState } from "./rawClient.ts";
import type { TestServer } from "./testServer.ts";

/**
 * An anchor on `needle` in the section as the server holds it now, made the
 * way a client does: from its own replica of the section.
 */
export async function anchorOn(server: TestServer, token: string, sectionId: string, needle: string): Promise<Anchor> {
  const doc = await serverState(server.wsUrl, sectionDocumentName(sectionId), token);
  const anchor = anchorForText(doc, needle);
  if (!anchor) throw new Error(`"${needle}" is not in section ${sectionId}`);
  return anchor;
}

/** An insertion point just after `needle`. */
export async function pointAfter(
  server: TestServer,
  token: string,
  sectionId: string,
  needle: string,
): Promise<Anchor> {
  const doc = await serverState(server.wsUrl, sectionDocumentName(sectionId), token);
  const found = findText(doc, needle);
  if (!found) throw new Error(`"${needle}" is not in section ${sectionId}`);
  return anchorInText(found.text, found.end, found.end);
}

/** The threads of a draft as the server's `discussion:` document holds them. */
export async function serverThreads(server: TestServer, token: string, draftId: string): Promise<Thread[]> {
  return readDiscussion(await serverState(server.wsUrl, discussionDocumentName(draftId), token));
}

/** A section's plain text (paragraphs joined by newlines) as the server holds it. */
export async function serverSectionText(server: TestServer, token: string, sectionId: string): Promise<string> {
  return fragmentText(await serverState(server.wsUrl, sectionDocumentName(sectionId), token));
}
