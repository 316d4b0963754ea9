import { isValidId } from "./ids.ts";

/**
 * Names of the collaborative documents. They are part of the public protocol:
 * third-party clients and tests rely on them.
 */
export const DocumentKinds = {
  draft: "draft",
  section: "section",
  discussion: "discussion",
} as const;
export type DocumentKind = (typeof DocumentKinds)[keyof typeof DocumentKinds];

export type DocumentRef = { kind: DocumentKind; id: string };

/** The `<kind>:` that starts every name of that kind (storage matches names by it). */
export function documentNamePrefix(kind: DocumentKind): string {
  return `${kind}:`;
}

export function draftDocumentName(draftId: string): string {
  return documentNamePrefix(DocumentKinds.draft) + draftId;
}

export function sectionDocumentName(sectionId: string): string {
  return documentNamePrefix(DocumentKinds.section) + sectionId;
}

export function discussionDocumentName(draftId: string): string {
  return documentNamePrefix(DocumentKinds.discussion) + draftId;
}

/** Parses a document name; anything that is not exactly `<kind>:<id>` gives null. */
export function parseDocumentName(name: string): DocumentRef | null {
  const separator = name.indexOf(":");
  if (separator < 0) return null;
  const kind = name.slice(0, separator);
  const id = name.slice(separator + 1);
  if (!isValidId(id)) return null;
  if (kind !== DocumentKinds.draft && kind !== DocumentKinds.section && kind !== DocumentKinds.discussion) {
    return null;
  }
  return { kind, id };
}

/**
 * A Hocuspocus provider with `sessionAwareness` (Plenary's client uses it, so
 * that a renewed session never collides with the one it replaces) prefixes
 * its messages with `<document name>\0<session id>`, the id being what
 * `Math.random().toString(36).slice(2)` gives.
 */
const SESSION_ID_PATTERN = /^[0-9a-z]{1,16}$/;

export interface MessageAddress {
  documentName: string;
  session: string | null;
}

/**
 * Parses the address a protocol message starts with. Only a canonical
 * document name, optionally followed by one provider session id, is an
 * address; anything else after a `\0` (which Hocuspocus would ignore, opening
 * the same document under as many names as a client likes) gives null. Whether
 * the name refers to a document the sender may open is decided elsewhere.
 */
export function parseMessageAddress(address: string): MessageAddress | null {
  const separator = address.indexOf("\0");
  if (separator < 0) return { documentName: address, session: null };
  const session = address.slice(separator + 1);
  if (!SESSION_ID_PATTERN.test(session)) return null;
  return { documentName: address.slice(0, separator), session };
}
