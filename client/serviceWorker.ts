/**
 * Registers the service worker that keeps the application shell for offline
 * reloads (see public/sw.js). Failing to register only costs offline reloads.
 */
export function registerServiceWorker(): void {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => undefined);
  });
}
