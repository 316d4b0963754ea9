/**
 * Websocket close codes Plenary sends, in the 4000–4999 range reserved for
 * applications. The server closes with them; the client's connection status
 * reads them to tell the user what happened and whether to retry.
 */
export const CloseCodes = {
  /** The session was revoked or expired: sign in again, do not retry. */
  sessionEnded: { code: 4401, reason: "Session ended" },
  /** The user lost access to the document (removed from the group). */
  accessRevoked: { code: 4403, reason: "Access revoked" },
  /** The server is shutting down; reconnect shortly. */
  serverRestarting: { code: 4503, reason: "Server restarting" },
  /**
   * The database could not be reached, so the last change could not be made
   * durable and was not applied; the client keeps it and sends it again when
   * it reconnects.
   */
  storageUnavailable: { code: 4504, reason: "Storage unavailable" },
  /** The client's editor schema is older than the server's: reload the page. */
  editorOutdated: { code: 4426, reason: "Editor version outdated" },
  /** An update could not be applied or stored; the connection is closed so nothing diverges. */
  updateRejected: { code: 4422, reason: "Update rejected" },
  /** A message the server could not parse. */
  malformedMessage: { code: 4400, reason: "Malformed message" },
  /** A configured limit was exceeded; the reason names which one. */
  frameTooLarge: { code: 4413, reason: "Limit exceeded: frame size" },
  documentTooLarge: { code: 4414, reason: "Limit exceeded: document size" },
  awarenessTooLarge: { code: 4415, reason: "Limit exceeded: presence size" },
  tooManyDocuments: { code: 4416, reason: "Limit exceeded: documents per connection" },
  tooManyConnections: { code: 4429, reason: "Limit exceeded: connections per user" },
  /** Too many sockets that have not authenticated yet, from this address or in total. */
  tooManyUnauthenticated: { code: 4430, reason: "Limit exceeded: connections not signed in" },
  /** A socket sent more than the allowance before authenticating any document. */
  unauthenticatedData: { code: 4417, reason: "Limit exceeded: data before authentication" },
  /** The client does not read what the server sends fast enough (its output buffer is full). */
  outputBuffer: { code: 4418, reason: "Limit exceeded: output buffer" },
  /** The client asked for the document's state (sync step 1) more often than allowed. */
  syncRequests: { code: 4419, reason: "Limit exceeded: sync requests" },
} as const;

export type CloseCodeName = keyof typeof CloseCodes;

export function closeCodeName(code: number): CloseCodeName | null {
  for (const [name, value] of Object.entries(CloseCodes)) {
    if (value.code === code) return name as CloseCodeName;
  }
  return null;
}
