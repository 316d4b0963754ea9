type Release = () => void;

/**
 * A readers-writer lock per document name, first come first served. Client
 * sync messages hold their document shared while they are stored and
 * applied; a server write holds its documents exclusively while it reads
 * them, decides, commits its rows and writes: no client update lands between
 * what it checked and what it changed, even though committing awaits.
 */
export class DocumentGates {
  private readonly gates = new Map<string, Gate>();

  shared(name: string): Promise<Release> {
    return this.gate(name).acquire(false);
  }

  /** Several documents at once, always in the same order, so two writers never wait on each other in a cycle. */
  async exclusive(names: readonly string[]): Promise<Release> {
    const releases: Release[] = [];
    try {
      for (const name of [...new Set(names)].sort()) releases.push(await this.gate(name).acquire(true));
    } catch (error) {
      for (const release of releases.reverse()) release();
      throw error;
    }
    return () => {
      for (const release of releases.reverse()) release();
    };
  }

  private gate(name: string): Gate {
    let gate = this.gates.get(name);
    if (!gate) {
      gate = new Gate(() => this.gates.delete(name));
      this.gates.set(name, gate);
    }
    return gate;
  }
}

class Gate {
  private readers = 0;
  private writer = false;
  private readonly queue: { exclusive: boolean; admit: () => void }[] = [];

  constructor(private readonly onIdle: () => void) {}

  acquire(exclusive: boolean): Promise<Release> {
    return new Promise((resolve) => {
      this.queue.push({ exclusive, admit: () => resolve(this.releaser(exclusive)) });
      this.admit();
    });
  }

  private releaser(exclusive: boolean): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (exclusive) this.writer = false;
      else this.readers -= 1;
      this.admit();
      if (!this.writer && this.readers === 0 && this.queue.length === 0) this.onIdle();
    };
  }

  private admit(): void {
    for (;;) {
      const next = this.queue[0];
      if (!next || this.writer) return;
      if (next.exclusive && this.readers > 0) return;
      this.queue.shift();
      if (next.exclusive) this.writer = true;
      else this.readers += 1;
      next.admit();
      if (next.exclusive) return;
    }
  }
}
