/** A first-come, first-served lock for async work on one connection. */
export class Mutex {
  private held = false;
  private readonly waiting: (() => void)[] = [];

  /** Whether someone holds it or waits for it: a new comer must queue. */
  get busy(): boolean {
    return this.held || this.waiting.length > 0;
  }

  async acquire(): Promise<() => void> {
    if (this.held) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.held = true;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.held = false;
    };
  }

  async run<T>(work: () => T | Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}
