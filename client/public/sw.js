// Plenary's service worker: it keeps the application shell (index.html and the
// hashed files under /assets) so that a tab reloaded while offline opens again
// and shows the edits kept on this device. It never touches the API or the
// collaboration socket: those answers come from the server, or from the app's
// own per-user copies when offline.
const SHELL_CACHE = "plenary-shell-v1";
const SHELL_KEY = "/";

self.addEventListener("install", (event) => {
  event.waitUntil(refreshShell().catch(() => undefined));
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((name) => name !== SHELL_CACHE).map((name) => caches.delete(name)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/") || url.pathname.startsWith("/collab")) return;
  if (request.mode === "navigate") {
    event.respondWith(shellFirstFromNetwork(event));
    return;
  }
  if (url.pathname.startsWith("/assets/")) event.respondWith(assetFromCache(request));
});

/** Pages come from the network when it answers (a new version is picked up at once), else from the kept shell. */
async function shellFirstFromNetwork(event) {
  try {
    const response = await fetch(event.request);
    if (response.ok && isHtml(response)) event.waitUntil(keepShell(response.clone()).catch(() => undefined));
    return response;
  } catch (error) {
    const cache = await caches.open(SHELL_CACHE);
    const kept = await cache.match(SHELL_KEY);
    if (kept) return kept;
    throw error;
  }
}

/** Asset names carry a content hash, so a kept copy is always right. */
async function assetFromCache(request) {
  const cache = await caches.open(SHELL_CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone()).catch(() => undefined);
  return response;
}

async function refreshShell() {
  const response = await fetch(SHELL_KEY, { credentials: "same-origin" });
  if (response.ok && isHtml(response)) await keepShell(response);
}

/**
 * Keeps the shell and every asset it names. Assets of older versions stay
 * (they are small, and a tab still running an older version may ask for them).
 */
async function keepShell(response) {
  const html = await response.clone().text();
  const assets = [...new Set(html.match(/\/assets\/[^"'\s)]+/g) ?? [])];
  const cache = await caches.open(SHELL_CACHE);
  const missing = [];
  for (const asset of assets) {
    if (!(await cache.match(asset))) missing.push(asset);
  }
  await cache.addAll(missing);
  await cache.put(SHELL_KEY, response);
}

function isHtml(response) {
  return (response.headers.get("content-type") ?? "").includes("text/html");
}
