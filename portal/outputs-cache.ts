/**
 * Stack outputs kept in memory, because asking the engine costs a CLI run (0.5–1.5 s of CPU) and
 * a portal page asks often. Within the TTL a value is served as is; after it, the stale value is
 * still served at once while one background call refreshes it. A job that ends on the stack
 * invalidates its entry, so what the portal itself changed is never served stale.
 */
interface Entry<T> {
  at: number;
  value: Promise<T>;
  refreshing: boolean;
}

export class OutputsCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly generations = new Map<string, number>();

  /**
   * @param load asks the engine; called at most once at a time per key.
   * @param ttlMs how long a value is fresh; 0 refreshes on every request (still without waiting).
   */
  constructor(
    private readonly load: (key: string) => Promise<T>,
    private readonly ttlMs: number,
  ) {}

  get(key: string): Promise<T> {
    const entry = this.entries.get(key);
    if (!entry) return this.first(key);
    if (Date.now() - entry.at >= this.ttlMs && !entry.refreshing) this.refresh(key, entry);
    return entry.value;
  }

  /** Drops the key's value; a refresh already under way is discarded when it lands. */
  invalidate(key: string): void {
    this.generations.set(key, this.generation(key) + 1);
    this.entries.delete(key);
  }

  private generation(key: string): number {
    return this.generations.get(key) ?? 0;
  }

  private first(key: string): Promise<T> {
    // One engine call serves every request that arrives while it runs.
    const value = this.load(key);
    const entry = { at: Date.now(), value, refreshing: false };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  private refresh(key: string, entry: Entry<T>): void {
    entry.refreshing = true;
    const generation = this.generation(key);
    this.load(key).then(
      (v) => {
        if (this.generation(key) === generation && this.entries.get(key) === entry) {
          this.entries.set(key, { at: Date.now(), value: Promise.resolve(v), refreshing: false });
        }
      },
      () => {
        entry.refreshing = false;
      },
    );
  }
}
