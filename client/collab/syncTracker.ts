import type { HocuspocusProvider } from "@hocuspocus/provider";
import type { LocalStore } from "./LocalStore.ts";

/**
 * Knows whether any document of a page still has changes the server has not
 * acknowledged, for the page's single "Saving…/All changes saved" indicator:
 * changes a provider is waiting on, and changes kept on the device from an
 * earlier visit (which no provider has counted yet).
 */
export class SyncTracker {
  private readonly providers = new Set<HocuspocusProvider>();
  private readonly stores = new Set<LocalStore>();
  private readonly listeners = new Set<() => void>();
  private unsynced = false;
  private stored = true;

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

  registerStore(store: LocalStore): () => void {
    this.stores.add(store);
    const unsubscribe = store.subscribe(() => this.recompute());
    this.recompute();
    return () => {
      unsubscribe();
      this.stores.delete(store);
      this.recompute();
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  hasUnsyncedChanges = (): boolean => this.unsynced;

  /** Whether every local edit has reached this device's storage (IndexedDB). */
  isStoredOnDevice = (): boolean => this.stored;

  private recompute(): void {
    let unsynced = false;
    for (const provider of this.providers) {
      if (provider.hasUnsyncedChanges) unsynced = true;
    }
    let stored = true;
    for (const store of this.stores) {
      if (store.pending) unsynced = true;
      if (!store.stored) stored = false;
    }
    if (unsynced === this.unsynced && stored === this.stored) return;
    this.unsynced = unsynced;
    this.stored = stored;
    for (const listener of this.listeners) listener();
  }
}
