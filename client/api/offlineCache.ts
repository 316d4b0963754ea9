/**
 * The last answers of the few GET requests a draft page needs (who am I, the
 * draft, its group), kept in localStorage so that a tab reloaded while offline
 * opens the draft again and shows the edits kept on this device. Answers are
 * stored per user: another account signed in on the same browser never sees
 * them, and signing out deletes the user's answers.
 */

const PREFIX = "plenary:offline:";
/** Who was signed in last: the only entry read before the user is known. */
const ME_KEY = `${PREFIX}me`;

/** Paths whose answers are kept (relative to /api). */
const CACHEABLE = [/^\/me$/, /^\/drafts\/[A-Za-z0-9_-]+$/, /^\/groups\/[A-Za-z0-9_-]+$/, /^\/groups$/];

let currentUserId: string | null = null;

export function isCacheable(path: string): boolean {
  return CACHEABLE.some((pattern) => pattern.test(path));
}

function keyFor(path: string): string | null {
  if (path === "/me") return ME_KEY;
  return currentUserId ? `${PREFIX}${currentUserId}:${path}` : null;
}

export function remember(path: string, value: unknown): void {
  if (path === "/me") currentUserId = userIdOf(value);
  const key = keyFor(path);
  if (!key) return;
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: offline reloads just will not find this answer.
  }
}

/** The kept answer for `path`, or undefined. */
export function recall(path: string): unknown {
  const key = keyFor(path);
  if (!key) return undefined;
  let value: unknown;
  try {
    const raw = localStorage.getItem(key);
    if (raw === null) return undefined;
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (path === "/me") currentUserId = userIdOf(value);
  return value;
}

/** Forgets everything kept for the signed-in user (on sign-out or a lost session). */
export function forgetUser(): void {
  const userId = currentUserId ?? userIdOf(recall("/me"));
  currentUserId = null;
  try {
    localStorage.removeItem(ME_KEY);
    if (!userId) return;
    const prefix = `${PREFIX}${userId}:`;
    const keys: string[] = [];
    for (let i = 0; i < localStorage.length; i += 1) {
      const key = localStorage.key(i);
      if (key?.startsWith(prefix)) keys.push(key);
    }
    for (const key of keys) localStorage.removeItem(key);
  } catch {
    // Nothing was kept.
  }
}

function userIdOf(value: unknown): string | null {
  if (typeof value !== "object" || value === null || !("id" in value)) return null;
  return typeof value.id === "string" ? value.id : null;
}
