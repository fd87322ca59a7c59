import { createHmac, randomBytes } from 'node:crypto';
import type { Ctx } from '#platform/ctx.ts';
import type { Logger } from '#platform/logger.ts';
import { raiseAlert } from './raise-alert.ts';

/** What a request was, for the scraping detector. */
export type TrafficKind = 'catalog' | 'lookup';

/**
 * Requests per minute from one address above which it is a crawler, not a shopper (SEC-4): a
 * person reads a few pages a minute; the order look-up is also rate-limited per address, and a
 * source that keeps knocking after its limit is guessing order numbers.
 */
export const SCRAPING_PER_MINUTE: Record<TrafficKind, number> = { catalog: 240, lookup: 20 };

/**
 * The scraping detector (SEC-4, IR-3). Each server process counts its own requests per store and
 * source, in memory, for one minute; the address is kept only as a keyed hash under a key this
 * process made at start and never stores, so no address is ever written anywhere (PV-2). At the
 * end of each minute, sources over the limit raise an alert in their store.
 */
export class TrafficWatch {
  private readonly key = randomBytes(32);
  private counts = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly asSystem: <T>(store: string, job: string, fn: (ctx: Ctx) => Promise<T>) => Promise<T>,
    private readonly log: Logger,
  ) {}

  /** Counts one request of `kind` from `address` in `store`. */
  count(store: string, kind: TrafficKind, address: string): void {
    const source = createHmac('sha256', this.key).update(address).digest('hex').slice(0, 16);
    const k = `${store}\u0000${kind}\u0000${source}`;
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
  }

  /** Closes the minute: raises an alert for each source over its limit; returns how many. */
  async evaluate(): Promise<number> {
    const counts = this.counts;
    this.counts = new Map();
    let raised = 0;
    for (const [k, requests] of counts) {
      const [store, kind, source] = k.split('\u0000') as [string, TrafficKind, string];
      if (requests < SCRAPING_PER_MINUTE[kind]) continue;
      try {
        const isNew = await this.asSystem(store, 'security.traffic-watch', (ctx) =>
          raiseAlert(ctx, 'scraping', `source:${source}`, { requests, minutes: 1, traffic: kind }),
        );
        if (isNew) raised++;
      } catch (err) {
        this.log.error({ err, store }, 'raising a scraping alert failed');
      }
    }
    return raised;
  }

  start(): void {
    this.timer = setInterval(() => void this.evaluate(), 60_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
