import { useCallback, useEffect, useRef, useState } from "react";

export interface Notice {
  id: number;
  text: string;
  action?: { label: string; run(): void };
}

export interface Notices {
  notices: Notice[];
  push(text: string, action?: Notice["action"]): void;
  dismiss(id: number): void;
}

/** How long a notice stays: long enough to read, longer when it offers an action (Undo). */
const PLAIN_MS = 12_000;
const WITH_ACTION_MS = 30_000;
const MAX_SHOWN = 3;

/** The page's short-lived notices (rights changes, moves, removals with Undo). */
export function useNotices(): Notices {
  const [notices, setNotices] = useState<Notice[]>([]);
  const nextId = useRef(1);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: number) => {
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
    setNotices((list) => list.filter((notice) => notice.id !== id));
  }, []);

  const push = useCallback(
    (text: string, action?: Notice["action"]) => {
      const id = nextId.current++;
      setNotices((list) => [...list, { id, text, ...(action && { action }) }].slice(-MAX_SHOWN));
      timers.current.set(
        id,
        setTimeout(() => dismiss(id), action ? WITH_ACTION_MS : PLAIN_MS),
      );
    },
    [dismiss],
  );

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending.values()) clearTimeout(timer);
    };
  }, []);

  return { notices, push, dismiss };
}
