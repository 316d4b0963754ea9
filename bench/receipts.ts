/** When one receiver first saw each change: Yjs client id → clock → receive time. */
export class Receipts {
  private readonly byClient = new Map<number, Map<number, number>>();

  /** Records clocks `from` (inclusive) to `to` (exclusive) of `client` as seen at `at`. */
  record(client: number, from: number, to: number, at: number): void {
    let clocks = this.byClient.get(client);
    if (!clocks) {
      clocks = new Map();
      this.byClient.set(client, clocks);
    }
    for (let clock = from; clock < to; clock++) if (!clocks.has(clock)) clocks.set(clock, at);
  }

  get(client: number, clock: number): number | undefined {
    return this.byClient.get(client)?.get(clock);
  }

  clear(): void {
    this.byClient.clear();
  }
}
