import { collabPathFor } from "../../shared/collabProtocol.ts";

/**
 * The collaboration endpoint on this same origin. The editor schema version
 * travels as a query parameter so the server can turn away an outdated tab
 * before it writes nodes a newer editor cannot read.
 */
export function collabUrl(): string {
  const protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${protocol}//${window.location.host}${collabPathFor()}`;
}
