/**
 * What an id looks like on the wire: the server makes 128-bit random ids in
 * base64url (22 characters); anything else is refused before it reaches
 * storage or a document name.
 */
export const ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}
