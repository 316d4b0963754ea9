import type { Extensions } from "@tiptap/core";
import { useEffect, useMemo, useSyncExternalStore } from "react";
import type * as Y from "yjs";
import type { SectionProgress } from "../../shared/negotiation.ts";
import { NegotiationFields, readBrackets, readSilence } from "../../shared/negotiationDocument.ts";
import { perSection } from "../editor/perSection.ts";
import { BracketMarks } from "./BracketMarks.ts";
import { type NegotiationSnapshot, NegotiationStore } from "./NegotiationStore.ts";

export interface Negotiation {
  store: NegotiationStore;
  /** The editor extensions that draw the brackets in one section's text. */
  extensionsFor(sectionId: string): Extensions;
}

/** The draft's negotiation, live from its `draft:` document (written by the server only). */
export function useNegotiation(draftDoc: Y.Doc | null, synced: boolean): Negotiation {
  const store = useMemo(() => new NegotiationStore(), []);

  useEffect(() => {
    if (!draftDoc) return;
    const read = () => {
      const progress: Record<string, SectionProgress> = {};
      for (const [id, value] of draftDoc.getMap<unknown>(NegotiationFields.progress).entries()) {
        if (isProgress(value)) progress[id] = value;
      }
      store.set({ brackets: readBrackets(draftDoc), silence: readSilence(draftDoc), progress, loaded: synced });
    };
    read();
    draftDoc.on("update", read);
    return () => draftDoc.off("update", read);
  }, [draftDoc, synced, store]);

  return useMemo(
    () => ({
      store,
      extensionsFor: perSection((sectionId): Extensions => [BracketMarks.configure({ sectionId, store })]),
    }),
    [store],
  );
}

export function useNegotiationSnapshot(store: NegotiationStore): NegotiationSnapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

function isProgress(value: unknown): value is SectionProgress {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.cleanShare === "number" && typeof record.openBrackets === "number";
}

/** Whether the draft is under a running silence procedure (its text frozen). */
export function useDraftFrozen(store: NegotiationStore): boolean {
  return useSyncExternalStore(store.subscribe, () => store.getSnapshot().silence?.status === "running");
}
