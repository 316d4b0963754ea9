/**
 * What a negotiation command changed, for whoever reacts: the draft
 * document's projection, re-authorisation of the draft's open connections
 * (silence freezes and unfreezes them), the deadline scheduler.
 */
export type NegotiationEvent =
  | { type: "bracketsChanged"; draftId: string; sectionId: string }
  | { type: "silenceChanged"; draftId: string; silenceId: string; status: "running" | "ended" }
  /** Section metadata changed (adoption agrees every section). */
  | { type: "draftChanged"; draftId: string };

export type NegotiationEventListener = (events: readonly NegotiationEvent[]) => void;
