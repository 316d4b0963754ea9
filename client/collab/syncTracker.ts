import type { HocuspocusProvider } from "@hocuspocus/provider";

/**
 * Knows whether any provider of a page still has changes the server has not
 * acknowledged, for the page's single "Saving…/All changes saved" indicator.
 */
export class SyncTracker {
  private readonly providers = new Set<HocuspocusProvider>();
  private readonly listeners = new Set<() => void>();
  private unsynced = false;

  register(provider: HocuspocusProvider): () => void {
    const onChange = () => this.recompute();
    this.providers.add(provider);
    provider.on("unsyncedChanges", onChange);
    this.recompute();
    return () => {
      provider.off("unsyncedChanges", onChange);
      this.providers.delete(provider);
      this.recompute();
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  hasUnsyncedChanges = (): boolean => this.unsynced;

  private recompute(): void {
    let unsynced = false;
    for (const provider of this.providers) {
      if (provider.hasUnsyncedChanges) unsynced = true;
    }
    if (unsynced === this.unsynced) return;
    this.unsynced = unsynced;
    for (const listener of this.listeners) listener();
  }
}
