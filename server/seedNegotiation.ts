import * as Y from "yjs";
import { anchorForText } from "../shared/discussionAnchors.ts";
import { newId } from "./storage/ids.ts";
import type { Stores } from "./storage/UnitOfWork.ts";

type BracketStore = Stores["brackets"];

/** The passage of the demo's section 2 that delegations disagree on. */
export const DEMO_BRACKETED_PASSAGE = "every measure is sustainable beyond the mission's lifetime";

/**
 * The demo's open bracket: Singapore, the penholder of "Guiding principles",
 * brackets a passage with its own alternative; France adds a third wording;
 * the United States supports the current text, France objects to it.
 */
export async function seedDemoBracket(
  brackets: BracketStore,
  input: {
    draftId: string;
    sectionId: string;
    state: Uint8Array;
    people: { sgp: string; fra: string; usa: string; interpol: string };
  },
): Promise<void> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, input.state);
  const anchor = anchorForText(doc, DEMO_BRACKETED_PASSAGE);
  if (!anchor) throw new Error("seed: the bracketed passage is not in section 2");
  const now = Date.now();
  const bracketId = newId();
  const current = newId();
  const singapore = newId();
  const france = newId();
  await brackets.create(
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
  await brackets.addOption(
    bracketId,
    {
      id: france,
      text: "every measure is agreed with the host State and reviewed before the mission leaves",
      by: { userId: input.people.fra, delegation: "FRA" },
    },
    now,
  );
  await brackets.setStance(current, "USA", "support", input.people.usa, now);
  await brackets.setStance(current, "FRA", "object", input.people.fra, now);
  await brackets.setStance(singapore, "INTERPOL", "support", input.people.interpol, now);
  await brackets.setStance(france, "FRA", "support", input.people.fra, now);
}
