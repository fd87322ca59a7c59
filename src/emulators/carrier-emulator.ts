import { Type, type Static } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { ParcelWorld } from './parcel-world.ts';
import { RequestLog } from './request-log.ts';

/** The name the emulated carrier trades under (on labels and in tracking). */
export const EMULATED_CARRIER = 'Emulated Express';

const Address = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    line1: Type.String({ minLength: 1, maxLength: 200 }),
    line2: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    city: Type.Optional(Type.Union([Type.String({ maxLength: 120 }), Type.Null()])),
    region: Type.Optional(Type.Union([Type.String({ maxLength: 120 }), Type.Null()])),
    postal_code: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
    country_code: Type.String({ pattern: '^[A-Z]{2}$' }),
    phone: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
  },
  { additionalProperties: false },
);

const CustomsItem = Type.Object(
  {
    description: Type.String({ minLength: 1, maxLength: 200 }),
    hs_code: Type.String({ pattern: '^[0-9]{4}(\\.?[0-9]{2}){0,3}$' }),
    quantity: Type.Integer({ minimum: 1, maximum: 10_000 }),
    value_cents: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
    origin_country: Type.String({ pattern: '^[A-Z]{2}$' }),
  },
  { additionalProperties: false },
);

/** A label request as the carrier's API takes it. */
export const LabelRequest = Type.Object(
  {
    reference: Type.String({ minLength: 1, maxLength: 60 }),
    direction: Type.Union([Type.Literal('outbound'), Type.Literal('return')]),
    ship_from_country: Type.String({ pattern: '^[A-Z]{2}$' }),
    /** Outbound: the recipient; return: the sender (the shopper sending the parcel back). */
    address: Address,
    parcel: Type.Object({ weight_grams: Type.Integer({ minimum: 1, maximum: 70_000 }) }),
    customs: Type.Optional(Type.Object({ items: Type.Array(CustomsItem, { minItems: 1, maxItems: 100 }) })),
  },
  { additionalProperties: false },
);
export type LabelRequest = Static<typeof LabelRequest>;

const escapeXml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/** A printable 4×6 label, as carriers hand them out (SVG instead of PDF: it prints from a browser). */
function labelSvg(request: LabelRequest, trackingNumber: string): string {
  const a = request.address;
  const place = [a.city, a.region, a.postal_code].filter(Boolean).join(' ');
  const party =
    request.direction === 'outbound'
      ? ['SHIP TO', a.name, a.line1, a.line2 ?? '', place, a.country_code]
      : ['RETURN FROM', a.name, a.line1, a.line2 ?? '', place, a.country_code];
  const bars = [...trackingNumber]
    .map((c, i) => `<rect x="${20 + i * 22}" y="300" width="${4 + (c.charCodeAt(0) % 12)}" height="70"/>`)
    .join('');
  const lines = party
    .filter(Boolean)
    .map((l, i) => `<text x="20" y="${90 + i * 28}" font-size="${i === 0 ? 14 : 20}">${escapeXml(l)}</text>`)
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="600" viewBox="0 0 400 600" font-family="sans-serif">` +
    `<rect width="400" height="600" fill="#fff" stroke="#000" stroke-width="4"/>` +
    `<text x="20" y="45" font-size="26" font-weight="bold">${EMULATED_CARRIER}</text>` +
    lines +
    bars +
    `<text x="20" y="400" font-size="22" font-family="monospace">${escapeXml(trackingNumber)}</text>` +
    `<text x="20" y="440" font-size="14">${request.direction === 'return' ? 'TO' : 'FROM'} WAREHOUSE ${escapeXml(request.ship_from_country)} · REF ${escapeXml(request.reference)}</text>` +
    (request.customs
      ? `<text x="20" y="470" font-size="14">CUSTOMS DECLARATION ATTACHED (CN22)</text>`
      : '') +
    `</svg>`
  );
}

/**
 * The emulated carrier, mounted under /emulators/carrier: sells labels (a tracking number and a
 * printable label; cross-border parcels must carry a customs declaration), answers tracking
 * queries, and lists what it received. Like a real carrier's API it wants its API key and an
 * Idempotency-Key (the same key buys one label, however often it is sent). Sandbox controls let
 * emulated time pass and put a parcel into trouble.
 */
export function mountCarrierEmulator(
  http: Http,
  options: { world: ParcelWorld; apiKey: string; afterAdvance: () => Promise<void> },
): RequestLog {
  const { world } = options;
  const log = new RequestLog();
  const bought = new Map<string, { fingerprint: string; answer: Record<string, unknown> }>();
  const labels = new Map<string, { trackingNumber: string; svg: string }>();
  const base = '/emulators/carrier';
  const hidden = { hide: true };
  const authorised = (header: string | undefined) => header === `Bearer ${options.apiKey}`;

  http.post(
    `${base}/v1/labels`,
    { config: { auth: 'none' }, schema: { ...hidden, body: LabelRequest } },
    async (req, reply) => {
      log.record(req, world.now());
      if (!authorised(req.headers.authorization))
        return reply.code(401).send({ error: 'unauthorized', message: 'a valid API key is required' });
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string' || key.length < 8 || key.length > 100)
        return reply.code(400).send({
          error: 'idempotency_key_required',
          message: 'send an Idempotency-Key header (8–100 characters)',
        });
      const request = req.body;
      const fingerprint = JSON.stringify(request);
      const earlier = bought.get(key);
      if (earlier) {
        if (earlier.fingerprint !== fingerprint)
          return reply.code(409).send({
            error: 'idempotency_mismatch',
            message: 'this Idempotency-Key was used for another label',
          });
        return reply.code(200).send(earlier.answer);
      }
      const crossBorder = request.address.country_code !== request.ship_from_country;
      if (crossBorder && request.direction === 'outbound' && !request.customs)
        return reply.code(422).send({
          error: 'customs_required',
          message: 'a cross-border parcel needs a customs declaration (description, HS code, value, origin)',
        });
      if (!crossBorder && request.customs)
        return reply
          .code(422)
          .send({ error: 'customs_not_needed', message: 'a domestic parcel takes no customs declaration' });
      const parcel = world.accept({ direction: request.direction, crossBorder });
      const svg = labelSvg(request, parcel.trackingNumber);
      labels.set(parcel.labelId, { trackingNumber: parcel.trackingNumber, svg });
      const delivered = parcel.plan.find((e) => e.kind === 'delivered')!;
      const answer = {
        label_id: parcel.labelId,
        tracking_number: parcel.trackingNumber,
        carrier: EMULATED_CARRIER,
        service: crossBorder ? 'International Standard' : 'Domestic Standard',
        estimated_delivery: delivered.at.toISOString(),
        label: { format: 'svg', data: svg },
      };
      bought.set(key, { fingerprint, answer });
      return reply.code(201).send(answer);
    },
  );

  http.get(
    `${base}/v1/tracking/:number`,
    {
      config: { auth: 'none' },
      schema: { ...hidden, params: Type.Object({ number: Type.String({ maxLength: 40 }) }) },
    },
    async (req, reply) => {
      log.record(req, world.now());
      if (!authorised(req.headers.authorization))
        return reply.code(401).send({ error: 'unauthorized', message: 'a valid API key is required' });
      if (!world.parcel(req.params.number))
        return reply.code(404).send({ error: 'not_found', message: 'no parcel has this tracking number' });
      return {
        tracking_number: req.params.number,
        events: world.eventsSoFar(req.params.number).map((e) => ({
          kind: e.kind,
          at: e.at.toISOString(),
          location: e.location,
          ...(e.detail ? { detail: e.detail } : {}),
        })),
      };
    },
  );

  mountSandboxControls(http, base, world, options.afterAdvance);
  http.post(
    `${base}/parcels/:number/exception`,
    {
      config: { auth: 'none' },
      schema: {
        ...hidden,
        params: Type.Object({ number: Type.String({ maxLength: 40 }) }),
        body: Type.Object({ detail: Type.String({ minLength: 1, maxLength: 200 }) }),
      },
    },
    async (req, reply) => {
      if (!world.raiseException(req.params.number, req.body.detail))
        return reply
          .code(404)
          .send({ error: 'not_found', message: 'no parcel on its way has this tracking number' });
      await options.afterAdvance();
      return { trackingNumber: req.params.number, exception: req.body.detail };
    },
  );
  http.get(`${base}/requests`, { config: { auth: 'none' }, schema: hidden }, async () => ({
    requests: log.all(),
  }));
  http.get(`${base}/parcels`, { config: { auth: 'none' }, schema: hidden }, async () => ({
    now: world.now().toISOString(),
    parcels: world.all().map((p) => ({
      trackingNumber: p.trackingNumber,
      direction: p.direction,
      crossBorder: p.crossBorder,
      events: world.eventsSoFar(p.trackingNumber).map((e) => ({ kind: e.kind, at: e.at.toISOString() })),
    })),
  }));
  return log;
}

/**
 * `POST <base>/advance` `{ hours }` lets emulated time pass (at most 60 days at a time) and then
 * reports what happened meanwhile; `GET <base>/clock` tells the emulated time.
 */
export function mountSandboxControls(
  http: Http,
  base: string,
  world: ParcelWorld,
  afterAdvance: () => Promise<void>,
): void {
  http.post(
    `${base}/advance`,
    {
      config: { auth: 'none' },
      schema: {
        hide: true,
        body: Type.Object(
          { hours: Type.Number({ minimum: 0, maximum: 24 * 60 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      const now = world.advance(Math.round(req.body.hours * 3_600_000));
      await afterAdvance();
      return { now: now.toISOString() };
    },
  );
  http.get(`${base}/clock`, { config: { auth: 'none' }, schema: { hide: true } }, async () => ({
    now: world.now().toISOString(),
  }));
}
