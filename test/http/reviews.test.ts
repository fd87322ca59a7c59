import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '#platform/clock.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { makeOrder, staffHeaders } from '../support/factories.ts';
import { api } from '../support/shop-api.ts';
import { letTimePass } from '../support/emulators.ts';
import { PERSONAS } from '../support/personas.ts';

// SF-6: verified purchasers review delivered products; the owner moderates; the product shows the
// review under a nickname only ("Verified buyer" for a guest) and its average on tiles and pages.

const clock = new FixedClock(new Date('2026-11-23T15:00:00Z'));
const G = PERSONAS.guest;
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ clock });
});
afterAll(() => app.close());

describe(`SF-6: reviews (${ENGINE})`, () => {
  it('SF-6: only after delivery, once per product; the owner publishes; the page shows stars, text and "Verified buyer" and never the buyer’s name or e-mail', async () => {
    const order = await makeOrder(app, 'fragrance');
    const grant = { 'x-order-access': order.accessToken! };
    const view = await api(app, 'GET', `/api/stores/fragrance/orders/${order.number}`, { headers: grant });
    const sku = view.body.order.lines[0].sku as string;
    const review = (text: string) =>
      api(app, 'POST', `/api/stores/fragrance/orders/${order.number}/reviews`, {
        headers: grant,
        body: { sku, rating: 4, text },
      });
    expect((await review('Not here yet')).status).toBe(409);

    await api(app, 'POST', `/api/admin/stores/fragrance/orders/${order.number}/shipments`, {
      headers: await staffHeaders(app, clock, 'fragrance', 'warehouse'),
    });
    await letTimePass(app, clock, 24 * 10);
    const found = await api(app, 'POST', '/api/stores/fragrance/orders/lookup', {
      body: { number: order.number, email: G.email },
    });
    grant['x-order-access'] = found.body.orderAccessToken as string;

    const text = 'Lasts all day and the bottle is lovely.';
    const made = await review(text);
    expect(made.status).toBe(201);
    expect((await review('Twice?')).status).toBe(409);

    const slug = found.body.order.lines[0].productName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    const publicReviews = () => api(app, 'GET', `/api/stores/fragrance/products/${slug}/reviews`);
    expect((await publicReviews()).body.count).toBe(0); // not before moderation

    const warehouse = await staffHeaders(app, clock, 'fragrance', 'warehouse');
    expect(
      (await api(app, 'GET', '/api/admin/stores/fragrance/reviews', { headers: warehouse })).status,
    ).toBe(403);
    const owner = await staffHeaders(app, clock, 'fragrance', 'owner');
    const pending = await api(app, 'GET', '/api/admin/stores/fragrance/reviews', { headers: owner });
    expect(pending.body.reviews).toEqual([
      expect.objectContaining({ id: made.body.id, text, name: 'Verified buyer', rating: 4 }),
    ]);
    const published = await api(app, 'POST', `/api/admin/stores/fragrance/reviews/${made.body.id}/publish`, {
      headers: owner,
    });
    expect(published.body.status).toBe('published');

    const shown = await publicReviews();
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ count: 1, average: 4 });
    expect(shown.body.reviews[0]).toMatchObject({ rating: 4, text, name: 'Verified buyer' });
    const page = await app.http.inject({ method: 'GET', url: `/s/fragrance/p/${slug}` });
    expect(page.body).toContain(text);
    expect(page.body).toContain('4.0 · 1 review');
    expect(page.body).not.toContain(G.recipientName);
    expect(page.body).not.toContain(G.email);
  });
});
