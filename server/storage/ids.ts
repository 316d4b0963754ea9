import { randomBytes } from "node:crypto";

/** Opaque random ids (128 bits, base64url): never sequential, never guessable. */
export function newId(): string {
  return randomBytes(16).toString("base64url");
}
