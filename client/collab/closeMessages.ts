import { type CloseCodeName, CloseCodes, closeCodeName } from "../../shared/closeCodes.ts";

/**
 * What a close means for the user: `signIn` ends the session, `stop` keeps the
 * page but stops reconnecting (retrying cannot help), `retry` reconnects.
 */
export type CloseOutcome = { action: "signIn" | "stop" | "retry"; message: string; name: CloseCodeName };

export function describeClose(code: number, reason: string): CloseOutcome | null {
  const name = closeName(code, reason);
  return name === null ? null : { ...outcomeOf(name), name };
}

function closeName(code: number, reason: string): CloseCodeName | null {
  // A per-document close travels as a message with code 1000 and only the
  // reason text, so the reason is matched as well as the code.
  return closeCodeName(code) ?? nameFromReason(reason);
}

function outcomeOf(name: CloseCodeName): Omit<CloseOutcome, "name"> {
  switch (name) {
    case "sessionEnded":
      return { action: "signIn", message: "Your session has ended. Please sign in again." };
    case "accessRevoked":
      return {
        action: "stop",
        message:
          "You were removed from this working group, so this draft is closed. Your working groups are listed on the home page.",
      };
    case "editorOutdated":
      return { action: "stop", message: "Plenary has been updated. Reload the page to keep editing." };
    case "serverRestarting":
      return { action: "retry", message: "Server restarting — reconnecting…" };
    case "storageUnavailable":
      return {
        action: "retry",
        message:
          "Your last change could not be saved: the server cannot reach its database. Your text stays on this page and is saved when the connection is back. Reconnecting…",
      };
    case "updateRejected":
      return {
        action: "retry",
        message:
          "The server refused your last change, so it was not saved. Reconnecting; text you typed since may be lost.",
      };
    case "malformedMessage":
      return { action: "retry", message: "The connection was reset after a communication error. Reconnecting…" };
    case "frameTooLarge":
      return { action: "retry", message: "That change was too large to send. Try pasting smaller pieces." };
    case "documentTooLarge":
      return { action: "retry", message: "This section has reached its maximum size. Split it into several sections." };
    case "awarenessTooLarge":
      return { action: "retry", message: "Your presence information was too large and was dropped. Reconnecting…" };
    case "tooManyDocuments":
      return {
        action: "stop",
        message: "This draft has more sections than one connection may open. Ask a lead to split it.",
      };
    case "tooManyConnections":
      return {
        action: "retry",
        message: "You have Plenary open in too many tabs or windows. Close some of them; this page will retry.",
      };
    case "tooManyUnauthenticated":
      return { action: "retry", message: "The server is busy with other connections. Reconnecting…" };
    case "unauthenticatedData":
      return {
        action: "retry",
        message: "The connection sent too much before signing in and was reset. Reconnecting…",
      };
    case "outputBuffer":
      return { action: "retry", message: "The connection is too slow to keep up with the draft. Reconnecting…" };
    case "syncRequests":
      return { action: "retry", message: "The connection asked the server for the text too often. Reconnecting…" };
  }
}

function nameFromReason(reason: string): ReturnType<typeof closeCodeName> {
  for (const [name, value] of Object.entries(CloseCodes)) {
    if (value.reason === reason) return name as keyof typeof CloseCodes;
  }
  return null;
}
