import { createHmac } from 'node:crypto';
import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { Logger } from '#platform/logger.ts';
import type { Clock } from '#platform/clock.ts';
import type { ParcelWorld } from './parcel-world.ts';
import { RequestLog } from './request-log.ts';
import { mountSandboxControls } from './carrier-emulator.ts';

/** A webhook call the emulated provider made, for its dashboard. */
interface WebhookAttempt {
  at: string;
  eventId: string;
  trackingNumber: string;
  kind: string;
  status: number | 'unreachable';
}

interface Registration {
  trackingNumber: string;
  carrier: string;
  orderRef: string;
  callbackUrl: string;
  reported: Set<string>;
  failures: number;
}

/** Attempts before the provider stops reporting a shipment nobody accepts. */
const MAX_FAILURES = 8;

/**
 * The signature header a tracking webhook carries: `t=<unix seconds>,v1=<HMAC-SHA256 of
 * "<t>.<body>" with the shared secret, hex>` — the scheme payment and tracking providers use.
 */
export function signWebhook(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/**
 * The emulated tracking provider, mounted under /emulators/tracking: shipments are registered with
 * it (tracking number, carrier, order reference, where to report), it follows them at the carrier
 * and reports each new scan to the registered address as a signed webhook, retrying one that was
 * not accepted the next time it looks. Emulated time is shared with the carrier emulator.
 */
export class TrackingEmulator {
  readonly log = new RequestLog();
  private readonly registrations = new Map<string, Registration>();
  private readonly attempts: WebhookAttempt[] = [];
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: {
      world: ParcelWorld;
      clock: Clock;
      apiKey: string;
      webhookSecret: string;
      log: Logger;
    },
  ) {}

  mount(http: Http): void {
    const base = '/emulators/tracking';
    const { world } = this.options;
    http.post(
      `${base}/v1/trackings`,
      {
        config: { auth: 'none' },
        schema: {
          hide: true,
          body: Type.Object(
            {
              tracking_number: Type.String({ minLength: 4, maxLength: 40 }),
              carrier: Type.String({ minLength: 1, maxLength: 80 }),
              order_ref: Type.String({ minLength: 1, maxLength: 60 }),
              callback_url: Type.String({ pattern: '^https?://', maxLength: 500 }),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (req, reply) => {
        this.log.record(req, world.now());
        if (req.headers.authorization !== `Bearer ${this.options.apiKey}`)
          return reply.code(401).send({ error: 'unauthorized', message: 'a valid API key is required' });
        const b = req.body;
        const known = this.registrations.get(b.tracking_number);
        if (!known)
          this.registrations.set(b.tracking_number, {
            trackingNumber: b.tracking_number,
            carrier: b.carrier,
            orderRef: b.order_ref,
            callbackUrl: b.callback_url,
            reported: new Set(),
            failures: 0,
          });
        return reply
          .code(known ? 200 : 201)
          .send({ id: `trk_${b.tracking_number}`, tracking_number: b.tracking_number });
      },
    );
    mountSandboxControls(http, base, world, () => this.pump());
    http.get(`${base}/requests`, { config: { auth: 'none' }, schema: { hide: true } }, async () => ({
      requests: this.log.all(),
    }));
    http.get(`${base}/webhooks`, { config: { auth: 'none' }, schema: { hide: true } }, async () => ({
      attempts: [...this.attempts],
    }));
  }

  /** Looks for new scans every few seconds (as a provider polls carriers), until `stop`. */
  start(everyMs = 5000): void {
    this.timer = setInterval(() => void this.pump().catch(() => undefined), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Reports every scan not yet accepted, in a pass that starts after the passes already asked
   * for (one at a time, in order): a caller that just let time pass is answered only once a pass
   * that saw the new time has finished.
   */
  pump(): Promise<void> {
    const pass = this.chain.then(() => this.reportAll());
    this.chain = pass.catch(() => undefined);
    return pass;
  }

  private async reportAll(): Promise<void> {
    for (const r of this.registrations.values()) {
      if (r.failures >= MAX_FAILURES) continue;
      for (const event of this.options.world.eventsSoFar(r.trackingNumber)) {
        if (r.reported.has(event.id)) continue;
        const body = JSON.stringify({
          event_id: event.id,
          tracking_number: r.trackingNumber,
          carrier: r.carrier,
          order_ref: r.orderRef,
          kind: event.kind,
          occurred_at: event.at.toISOString(),
          location: event.location,
          ...(event.detail ? { detail: event.detail } : {}),
        });
        let status: number | 'unreachable';
        try {
          const res = await fetch(r.callbackUrl, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-tracking-signature': signWebhook(this.options.webhookSecret, body, this.options.clock.now()),
            },
            body,
            signal: AbortSignal.timeout(10_000),
          });
          status = res.status;
          await res.arrayBuffer();
        } catch {
          status = 'unreachable';
        }
        this.attempts.push({
          at: this.options.world.now().toISOString(),
          eventId: event.id,
          trackingNumber: r.trackingNumber,
          kind: event.kind,
          status,
        });
        if (this.attempts.length > 500) this.attempts.splice(0, this.attempts.length - 500);
        if (typeof status === 'number' && status >= 200 && status < 300) {
          r.reported.add(event.id);
          r.failures = 0;
        } else {
          r.failures++;
          this.options.log.warn(
            { status, kind: event.kind },
            'the tracking emulator could not report a scan',
          );
          break; // in order: the next scan waits for this one
        }
      }
    }
  }
}
