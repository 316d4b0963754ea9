import type { Anchor } from "./discussionAnchors.ts";

/**
 * Negotiating the text: square brackets with options, and the silence
 * procedure. SQLite holds the record; the server projects it into the draft's
 * `draft:<id>` document (see negotiationDocument.ts) so everyone sees it live.
 */

/** A person as shown beside what they did, with their delegation. */
export interface NegotiationPerson {
  userId: string;
  name: string;
  delegation: string;
}

export const BRACKET_STATUSES = ["open", "resolved"] as const;
export type BracketStatus = (typeof BRACKET_STATUSES)[number];

export const STANCES = ["support", "object", "none"] as const;
export type Stance = (typeof STANCES)[number];

export interface BracketOption {
  id: string;
  /** The wording; the first option of a bracket is the text as it stood when it was bracketed. */
  text: string;
  /** The delegation in whose name the option was put forward. */
  delegation: string;
  /** Delegation codes, in the order their stance was recorded. */
  supporters: string[];
  objectors: string[];
  proposedBy: NegotiationPerson;
  createdAt: number;
}

export interface BracketResolution {
  by: NegotiationPerson;
  at: number;
  outcome: "chosen" | "withdrawn";
  /** The chosen option (null when the bracket was withdrawn). */
  optionId: string | null;
  /** The wording the passage had once the bracket was closed. */
  text: string;
}

export interface Bracket {
  id: string;
  draftId: string;
  sectionId: string;
  /** Where the passage is: the discussion API's anchor (Yjs relative positions, base64). */
  anchor: Anchor;
  /** The passage when it was bracketed. */
  quote: string;
  status: BracketStatus;
  options: BracketOption[];
  createdBy: NegotiationPerson;
  createdAt: number;
  resolution: BracketResolution | null;
}

export interface SectionProgress {
  id: string;
  openBrackets: number;
  /** Characters outside open brackets over all characters, in [0, 1]; 1 for an empty section. */
  cleanShare: number;
  characters: number;
  cleanCharacters: number;
}

export interface DraftProgress {
  openBrackets: number;
  cleanShare: number;
  characters: number;
  cleanCharacters: number;
  sections: SectionProgress[];
}

export const SILENCE_STATUSES = ["running", "broken", "adopted", "withdrawn"] as const;
export type SilenceStatus = (typeof SILENCE_STATUSES)[number];

export interface SilenceProcedure {
  id: string;
  draftId: string;
  /** The deadline, ISO 8601 in UTC. */
  until: string;
  status: SilenceStatus;
  startedBy: NegotiationPerson;
  startedAt: number;
  /** When the procedure ended (broken, adopted or withdrawn); null while it runs. */
  endedAt: number | null;
  /** The delegation that broke silence, and its reason. */
  brokenBy?: NegotiationPerson;
  reason?: string;
  withdrawnBy?: NegotiationPerson;
}
