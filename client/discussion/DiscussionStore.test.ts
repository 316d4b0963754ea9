import { describe, expect, test } from "vitest";
import type { Thread } from "../../shared/discussion.ts";
import { drawsDifferently } from "./DiscussionEditors.ts";
import { DiscussionStore, type PendingThread, type SelectionInfo } from "./DiscussionStore.ts";

function thread(id: string, status: "open" | "resolved", sectionId = "s1"): Thread {
  return {
    id,
    kind: "comment",
    status,
    sectionId,
    anchor: { start: "a", end: "b" },
    quote: "words",
    author: { id: "u1", name: "Ana", delegation: "FRA" },
    createdAt: 1,
    comments: [],
    resolution: null,
  };
}

const selection: SelectionInfo = { sectionId: "s1", empty: false, problem: null, top: 100.2, left: 40 };
const pending: PendingThread = {
  kind: "comment",
  sectionId: "s1",
  anchor: { start: "a", end: "b" },
  quote: "words",
  top: 100,
};

function watched(store: DiscussionStore): { count(): number } {
  let calls = 0;
  store.subscribe(() => {
    calls += 1;
  });
  return { count: () => calls };
}

describe("the discussion's state", () => {
  test("lists open threads, and settled ones only when asked for or just settled by the viewer", () => {
    const store = new DiscussionStore();
    const open = thread("t1", "open");
    const resolved = thread("t2", "resolved");
    store.setThreads([open, resolved], true);
    expect(store.isShown(open)).toBe(true);
    expect(store.isShown(resolved)).toBe(false);
    store.keep("t2");
    expect(store.isShown(resolved)).toBe(true);
    expect(store.getSnapshot().activeThreadId).toBe("t2");
    store.keep("t1");
    expect(store.isShown(resolved)).toBe(false);
    store.setShowResolved(true);
    expect(store.isShown(resolved)).toBe(true);
  });

  test("finds threads by section and by id", () => {
    const store = new DiscussionStore();
    store.setThreads([thread("t1", "open", "s1"), thread("t2", "open", "s2")], true);
    expect(store.threadsOf("s2").map((entry) => entry.id)).toEqual(["t2"]);
    expect(store.threadById("t1")?.id).toBe("t1");
    expect(store.threadById("nope")).toBeNull();
  });

  test("asks for the active card to be revealed each time, even when it is already active", () => {
    const store = new DiscussionStore();
    const changes = watched(store);
    store.activate("t1");
    expect(store.getSnapshot().cardRequest).toBe(0);
    store.activate("t1");
    expect(changes.count()).toBe(1);
    store.activate("t1", { revealCard: true });
    store.activate("t1", { revealCard: true });
    expect(store.getSnapshot().cardRequest).toBe(2);
    expect(changes.count()).toBe(3);
  });

  test("a selection at the same place is not news; a cleared one is", () => {
    const store = new DiscussionStore();
    const changes = watched(store);
    store.setSelection(selection);
    store.setSelection({ ...selection, top: 100.4 });
    expect(changes.count()).toBe(1);
    store.setSelection({ ...selection, problem: "Select within one paragraph." });
    expect(changes.count()).toBe(2);
    store.clearSelection();
    store.clearSelection();
    expect(store.getSnapshot().selection).toBeNull();
    expect(changes.count()).toBe(3);
  });

  test("opening a composer forgets the selection and the active thread; cancelling closes it", () => {
    const store = new DiscussionStore();
    store.activate("t1");
    store.setSelection(selection);
    store.openPending(pending);
    expect(store.getSnapshot()).toMatchObject({ pending, selection: null, activeThreadId: null });
    store.cancelPending();
    expect(store.getSnapshot().pending).toBeNull();
  });
});

describe("when the editors redraw the discussion", () => {
  test("after changes of the threads, the active thread, the filter, the kept thread or the composer", () => {
    const store = new DiscussionStore();
    const before = store.getSnapshot();
    store.setThreads([thread("t1", "open")], true);
    expect(drawsDifferently(before, store.getSnapshot())).toBe(true);
    for (const change of [
      () => store.activate("t1"),
      () => store.setShowResolved(true),
      () => store.keep("t2"),
      () => store.openPending(pending),
    ]) {
      const previous = store.getSnapshot();
      change();
      expect(drawsDifferently(previous, store.getSnapshot())).toBe(true);
    }
  });

  test("not for a selection, a revealed card or a change of the text alone", () => {
    const store = new DiscussionStore();
    store.activate("t1");
    const before = store.getSnapshot();
    store.setSelection(selection);
    store.activate("t1", { revealCard: true });
    store.textChanged();
    expect(drawsDifferently(before, store.getSnapshot())).toBe(false);
  });
});
