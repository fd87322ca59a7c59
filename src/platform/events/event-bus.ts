import type { Db } from '#db/client.ts';
import type { Ctx } from '../ctx.ts';
import type { Subscription } from '../module.ts';
import { newId } from '../ids.ts';
import { deliveryRepository, type DeliveryRow } from './delivery.repository.ts';

/** An event as a subscriber receives it. Payloads hold ids and amounts, never personal values. */
export interface DomainEvent {
  id: string;
  /** `<module>.<event>`, e.g. `orders.order_placed`. */
  type: string;
  tenantId: string;
  payload: Record<string, unknown>;
  publishedAt: Date;
  /** The request or job run that published it. */
  requestId: string;
}

/** Publishing, as a use case sees it on `ctx.events`. */
export interface EventPublisher {
  /** Records an event in the caller's transaction; subscribers hear it only if that commits. */
  publish(type: string, payload: Record<string, unknown>): Promise<void>;
}

/** Deliveries taken per transaction. */
const BATCH = 50;

/** Seconds before the next attempt after the n-th failure; after the last, the delivery is dead. */
const BACKOFF_SECONDS = [5, 30, 120, 600, 1800, 3600, 3600, 3600];

/** Runs work for a tenant in a system transaction (the runtime provides it). */
export type AsSystem = <T>(tenantId: string, job: string, fn: (ctx: Ctx) => Promise<T>) => Promise<T>;

/**
 * The transactional outbox and its delivery. `publish` writes one row per subscriber into the
 * caller's transaction; after that transaction commits, `deliver` runs each subscriber in a system
 * transaction of its own store, in a savepoint per delivery, so one failing subscriber neither
 * blocks nor repeats the others. Failures are retried with back-off; several processes may
 * deliver at once (rows are taken with SKIP LOCKED).
 */
export class EventBus {
  private readonly byType = new Map<string, Subscription[]>();
  private readonly bySubscriber = new Map<string, Subscription>();
  /** Transactions that published something: the runtime delivers after they commit. */
  private readonly published = new WeakSet<Db>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();

  constructor(
    subscriptions: Subscription[],
    private readonly asSystem: AsSystem,
    private readonly onFailure: (subscriber: string, error: unknown, dead: boolean) => void,
  ) {
    for (const s of subscriptions) {
      if (this.bySubscriber.has(s.name)) throw new Error(`event subscriber '${s.name}' is registered twice`);
      this.bySubscriber.set(s.name, s);
      this.byType.set(s.event, [...(this.byType.get(s.event) ?? []), s]);
    }
  }

  /** The publisher of one ctx (bound to its transaction, store and request). */
  publisherFor(ctx: Omit<Ctx, 'events'>): EventPublisher {
    return {
      publish: async (type, payload) => {
        const subscribers = this.byType.get(type) ?? [];
        if (subscribers.length === 0) return;
        const eventId = newId('evt', ctx.now());
        const at = ctx.now();
        await deliveryRepository.insertForSubscribers(ctx.db, {
          eventId,
          type,
          payload,
          at,
          requestId: ctx.requestId,
          deliveries: subscribers.map((s) => ({ id: newId('dlv', at), subscriber: s.name })),
        });
        this.published.add(ctx.db);
      },
    };
  }

  /** Whether a transaction published events (so its commit should be followed by a delivery). */
  publishedIn(tx: Db): boolean {
    return this.published.has(tx);
  }

  /**
   * Delivers what is due for a store, until nothing is. Calls for the same store while a delivery
   * runs make it go round once more instead of running twice at once.
   */
  deliver(tenantId: string): Promise<void> {
    const current = this.running.get(tenantId);

    if (current) {
      this.again.add(tenantId);
      return current;
    }
    const run = (async () => {
      try {
        do {
          this.again.delete(tenantId);
          // A full batch may have left more behind; a partial one took everything that was due.
          while ((await this.deliverBatch(tenantId)) === BATCH);
        } while (this.again.has(tenantId));
      } finally {
        this.running.delete(tenantId);
      }
    })();
    this.running.set(tenantId, run);
    return run;
  }

  /**
   * Delivers up to 50 due rows in one transaction; returns how many were taken. The usual case —
   * every subscriber succeeds — runs them all and marks them in one statement; when one fails the
   * transaction is redone with a savepoint per delivery, so the others still go and the failure is
   * recorded for a retry.
   */
  private async deliverBatch(tenantId: string): Promise<number> {
    try {
      return await this.asSystem(tenantId, 'events.deliver', async (ctx) => {
        const due = await deliveryRepository.takeDue(ctx.db, ctx.now(), BATCH);
        for (const row of due) await this.handle(ctx, row);
        await deliveryRepository.markAllDelivered(
          ctx.db,
          due.map((r) => r.id),
          ctx.now(),
        );
        return due.length;
      });
    } catch {
      return this.asSystem(tenantId, 'events.deliver', async (ctx) => {
        const due = await deliveryRepository.takeDue(ctx.db, ctx.now(), BATCH);
        for (const row of due) await this.deliverOne(ctx, row);
        return due.length;
      });
    }
  }

  /** Runs a delivery's subscriber as `system:<subscriber>` in the given transaction. */
  private async handle(ctx: Ctx, row: DeliveryRow): Promise<void> {
    const subscription = this.bySubscriber.get(row.subscriber);
    if (!subscription) throw new Error(`no subscriber '${row.subscriber}' in this process`);
    const event: DomainEvent = {
      id: row.eventId,
      type: row.type,
      tenantId: row.tenantId,
      payload: row.payload,
      publishedAt: row.publishedAt,
      requestId: row.requestId,
    };
    await subscription.handle({ ...ctx, actor: { kind: 'system', job: row.subscriber } }, event);
  }

  private async deliverOne(ctx: Ctx, row: DeliveryRow): Promise<void> {
    try {
      // A savepoint: a failing subscriber's writes go, the batch's other deliveries stay.
      await ctx.db.transaction((tx) => this.handle({ ...ctx, db: tx }, row));
      await deliveryRepository.markDelivered(ctx.db, row.id, ctx.now());
    } catch (error) {
      const wait = BACKOFF_SECONDS[row.attempts];
      const next = wait === undefined ? null : new Date(ctx.now().getTime() + wait * 1000);
      await deliveryRepository.markFailed(ctx.db, row.id, describe(error), next, ctx.now());
      this.onFailure(row.subscriber, error, next === null);
    }
  }
}

/** A failure named without its message (messages may quote values): type and code only. */
function describe(error: unknown): string {
  const e = error as { name?: string; code?: unknown; kind?: unknown };
  const code = typeof e.code === 'string' ? e.code : typeof e.kind === 'string' ? e.kind : '';
  return `${e.name ?? 'Error'}${code ? ` ${code}` : ''}`.slice(0, 200);
}
