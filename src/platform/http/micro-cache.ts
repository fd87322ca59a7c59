/**
 * A small in-process cache of rendered anonymous responses (catalog pages and JSON), kept for a
 * few seconds: "micro-caching". Under load, one render serves every request of the next seconds;
 * a shopper sees prices and stock at most `ttlMs` old, and the cart and checkout always read the
 * database. Only responses that carry nothing personal may be put here.
 */
export class MicroCache<T> {
  private entries = new Map<string, { value: T; expiresAt: number }>();
  private inFlight = new Map<string, Promise<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 5000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The cached value for `key`, or the result of `produce` (cached when it succeeds). Concurrent
   * misses for one key share a single `produce` call, so a cold page is rendered once, not once per
   * waiting request.
   */
  async get(key: string, produce: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return produce();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > this.now()) return hit.value;
    const running = this.inFlight.get(key);
    if (running) return running;
    const promise = produce()
      .then((value) => {
        if (this.entries.size >= this.maxEntries) {
          // Maps iterate in insertion order: drop the oldest tenth.
          let drop = Math.ceil(this.maxEntries / 10);
          for (const k of this.entries.keys()) {
            this.entries.delete(k);
            if (--drop === 0) break;
          }
        }
        this.entries.delete(key);
        this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
        return value;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }

  /** Forgets everything (a catalog change that must show at once). */
  clear(): void {
    this.entries.clear();
  }
}
