import * as Y from "yjs";
import { anchorForText } from "../shared/discussionAnchors.ts";
import type { BracketStore } from "./storage/BracketStore.ts";
import { newId } from "./storage/ids.ts";

/** The passage of the demo's section 2 that delegations disagree on. */
export const DEMO_BRACKETED_PASSAGE = "every measure is sustainable beyond the mission's lifetime";

/**
 * The demo's open bracket: Singapore, the penholder of "Guiding principles",
 * brackets a passage with its own alternative; France adds a third wording;
 * the United States supports the current text, France objects to it.
 */
export function seedDemoBracket(
  brackets: BracketStore,
  input: {
    draftId: string;
    sectionId: string;
    state: Uint8Array;
    people: { sgp: string; fra: string; usa: string; interpol: string };
  },
): void {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, input.state);
  const anchor = anchorForText(doc, DEMO_BRACKETED_PASSAGE);
  if (!anchor) throw new Error("seed: the bracketed passage is not in section 2");
  const now = Date.now();
  const bracketId = newId();
  const current = newId();
  const singapore = newId();
  const france = newId();
  brackets.create(
    {
      id: bracketId,
      draftId: input.draftId,
      sectionId: input.sectionId,
      anchor,
      quote: DEMO_BRACKETED_PASSAGE,
      by: { userId: input.people.sgp, delegation: "SGP" },
      options: [
        { id: current, text: DEMO_BRACKETED_PASSAGE },
        { id: singapore, text: "every measure can be sustained by the host State once the mission ends" },
      ],
    },
    now,
  );
  brackets.addOption(
    bracketId,
    {
      id: france,
      text: "every measure is agreed with the host State and reviewed before the mission leaves",
      by: { userId: input.people.fra, delegation: "FRA" },
    },
    now,
  );
  brackets.setStance(current, "USA", "support", input.people.usa, now);
  brackets.setStance(current, "FRA", "object", input.people.fra, now);
  brackets.setStance(singapore, "INTERPOL", "support", input.people.interpol, now);
  brackets.setStance(france, "FRA", "support", input.people.fra, now);
}
