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

const ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

export function draftDocumentName(draftId: string): string {
  return `${DocumentKinds.draft}:${draftId}`;
}

export function sectionDocumentName(sectionId: string): string {
  return `${DocumentKinds.section}:${sectionId}`;
}

export function discussionDocumentName(draftId: string): string {
  return `${DocumentKinds.discussion}:${draftId}`;
}

/** Parses a document name; anything that is not exactly `<kind>:<id>` gives null. */
export function parseDocumentName(name: string): DocumentRef | null {
  const separator = name.indexOf(":");
  if (separator < 0) return null;
  const kind = name.slice(0, separator);
  const id = name.slice(separator + 1);
  if (!ID_PATTERN.test(id)) return null;
  if (kind !== DocumentKinds.draft && kind !== DocumentKinds.section && kind !== DocumentKinds.discussion) {
    return null;
  }
  return { kind, id };
}

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}
