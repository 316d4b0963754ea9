/**
 * A small seeded PRNG (mulberry32) for randomised tests: the same seed gives
 * the same sequence, so a failure can be replayed by running the test again
 * with that seed (see `seedsForRun`).
 */
export class Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max] (both included). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("cannot pick from an empty list");
    return items[this.int(0, items.length - 1)] as T;
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.int(0, 255);
    return out;
  }

  /** An independent generator derived from this one (for one client of a simulation). */
  fork(): Random {
    return new Random(this.int(1, 0x7fffffff));
  }
}

/**
 * The seeds of one run: `PLENARY_SEEDS=12,34` (comma-separated) replays those
 * exactly; otherwise `count` fresh seeds, different on every run. Tests print
 * the seed in their failure messages so any failure can be replayed.
 */
export function seedsForRun(count: number, env: NodeJS.ProcessEnv = process.env): number[] {
  const fixed = env.PLENARY_SEEDS?.split(",")
    .map((part) => Number.parseInt(part.trim(), 10))
    .filter((seed) => Number.isFinite(seed));
  if (fixed && fixed.length > 0) return fixed;
  return Array.from({ length: count }, () => 1 + Math.floor(Math.random() * 0x7ffffffe));
}

/** The single seed of a run (the first of `PLENARY_SEEDS` when given). */
export function seedForRun(env: NodeJS.ProcessEnv = process.env): number {
  return seedsForRun(1, env)[0] as number;
}
