import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '#platform/clock.ts';
import type { StaffRole } from '#platform/actor.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { makeOrder, staffHeaders } from '../support/factories.ts';
import { api, stockOf } from '../support/shop-api.ts';

// The owner's catalog in the admin API (issue 11, "catalog management: create and edit products,
// variants, prices, stock, campaigns"): what the owner changes is what shoppers see next, placed
// orders keep their prices, bad input is refused precisely, and no other role may change anything.

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
let app: TestApp;
let owner: { authorization: string };

const product = (slug: string) => api(app, 'GET', `/api/stores/skincare/products/${slug}`);
const NEW = {
  categorySlug: 'serums',
  slug: 'cloudberry-night-serum',
  name: 'Cloudberry Night Serum',
  description: 'A calm overnight serum with cloudberry seed oil.',
  tags: ['night', 'cloudberry'],
  variants: [
    { sku: 'CLB-15', title: '15 ml', priceCents: 2400, stock: 7 },
    { sku: 'CLB-30', title: '30 ml', priceCents: 3800, stock: 3 },
  ],
};

beforeAll(async () => {
  app = await createTestApp({ clock });
  owner = await staffHeaders(app, clock, 'skincare', 'owner');
});
afterAll(() => app.close());

describe(`Owner catalog management in the admin API (${ENGINE})`, () => {
  it('the owner creates a product with variants; shoppers find it with the store-wide discount and its stock', async () => {
    const res = await api(app, 'POST', '/api/admin/stores/skincare/products', { headers: owner, body: NEW });
    expect(res.status).toBe(201);
    expect(res.body.variants.map((v: { sku: string }) => v.sku)).toEqual(['CLB-15', 'CLB-30']);
    const shown = await product(NEW.slug);
    expect(shown.status).toBe(200);
    expect(shown.body.name).toBe('Cloudberry Night Serum');
    const v15 = shown.body.variants.find((v: { sku: string }) => v.sku === 'CLB-15');
    expect(v15.price).toMatchObject({ wasCents: 2400, nowCents: 1200 }); // the store's 50 % off
    expect(await stockOf(app, 'skincare', 'CLB-30')).toBe(3);
    const search = await api(app, 'GET', '/api/stores/skincare/search?q=cloudberry');
    expect(search.body.items.some((p: { slug: string }) => p.slug === NEW.slug)).toBe(true);
  });

  it('bad input is refused precisely and changes nothing', async () => {
    const post = (body: unknown) =>
      api(app, 'POST', '/api/admin/stores/skincare/products', { headers: owner, body });
    expect((await post(NEW)).status).toBe(409); // the slug exists
    const dupSku = await post({
      ...NEW,
      slug: 'another-serum',
      variants: [{ ...NEW.variants[0], sku: 'CLB-15' }],
    });
    expect(dupSku.status).toBe(409);
    expect(dupSku.body.message).toContain('CLB-15');
    const badPrice = await post({
      ...NEW,
      slug: 'x-serum',
      variants: [{ ...NEW.variants[0], sku: 'X-1', priceCents: 0 }],
    });
    expect(badPrice.status).toBe(400);
    expect(badPrice.body.message).toMatch(/priceCents/);
    const unknownCategory = await post({
      ...NEW,
      slug: 'y-serum',
      categorySlug: 'nope',
      variants: [{ ...NEW.variants[0], sku: 'Y-1' }],
    });
    expect(unknownCategory.status).toBe(404);
    for (const slug of ['another-serum', 'x-serum', 'y-serum'])
      expect((await product(slug)).status).toBe(404);
  });

  it('a price change reaches shoppers at once; an order placed before keeps the price it was sold at', async () => {
    const before = await makeOrder(app, 'skincare', { sku: 'CLB-15' });
    const changed = await api(app, 'PATCH', '/api/admin/stores/skincare/variants/CLB-15', {
      headers: owner,
      body: { priceCents: 3000 },
    });
    expect(changed.status).toBe(204);
    const v15 = (await product(NEW.slug)).body.variants.find((v: { sku: string }) => v.sku === 'CLB-15');
    expect(v15.price).toMatchObject({ wasCents: 3000, nowCents: 1500 });
    const mine = await api(app, 'GET', `/api/stores/skincare/orders/${before.number}`, {
      headers: { 'x-order-access': before.accessToken! },
    });
    expect(mine.status).toBe(200);
    expect(JSON.stringify(mine.body)).toMatch(/"sku":"CLB-15"[^}]*"unitNowCents":1200/);
    expect(
      (
        await api(app, 'PATCH', '/api/admin/stores/skincare/variants/CLB-15', {
          headers: owner,
          body: { priceCents: -5 },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await api(app, 'PATCH', '/api/admin/stores/skincare/variants/NOPE-1', {
          headers: owner,
          body: { priceCents: 100 },
        })
      ).status,
    ).toBe(404);
  });

  it('the owner edits a product and adds a variant; search follows the new name', async () => {
    const edited = await api(app, 'PATCH', `/api/admin/stores/skincare/products/${NEW.slug}`, {
      headers: owner,
      body: { name: 'Cloudberry Midnight Elixir', tags: ['night'] },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: 'Cloudberry Midnight Elixir', tags: ['night'] });
    const search = await api(app, 'GET', '/api/stores/skincare/search?q=elixir');
    expect(search.body.items.some((p: { slug: string }) => p.slug === NEW.slug)).toBe(true);
    const added = await api(app, 'POST', `/api/admin/stores/skincare/products/${NEW.slug}/variants`, {
      headers: owner,
      body: { sku: 'CLB-50', title: '50 ml', priceCents: 5200, stock: 4 },
    });
    expect(added.status).toBe(201);
    expect((await product(NEW.slug)).body.variants.map((v: { title: string }) => v.title)).toEqual([
      '15 ml',
      '30 ml',
      '50 ml',
    ]);
    expect(await stockOf(app, 'skincare', 'CLB-50')).toBe(4);
  });

  it('a campaign saved by the owner prices its categories at once; removing it ends the discount', async () => {
    const serumWeek = {
      title: 'Serum week',
      subtitle: 'Serums at 70 % off',
      percentOff: 70,
      categorySlugs: ['serums'],
      theme: 'calm',
    };
    // SF-4 (issue 12): every campaign says when it ends, and cannot end in the past.
    const endless = await api(app, 'PUT', '/api/admin/stores/skincare/campaigns/serum-week', {
      headers: owner,
      body: serumWeek,
    });
    expect(endless.status).toBe(400);
    expect(endless.body.message).toContain('needs a last day');
    const over = await api(app, 'PUT', '/api/admin/stores/skincare/campaigns/serum-week', {
      headers: owner,
      body: { ...serumWeek, endsOn: '2026-11-01' },
    });
    expect(over.status).toBe(400);
    expect(over.body.message).toContain('would end before today');
    const put = await api(app, 'PUT', '/api/admin/stores/skincare/campaigns/serum-week', {
      headers: owner,
      body: { ...serumWeek, endsOn: '2026-11-30' },
    });
    expect(put.status).toBe(200);
    expect(put.body.campaigns.find((c: { slug: string }) => c.slug === 'serum-week')).toMatchObject({
      startsOn: '2026-11-23', // today, when no first day is given
      endsOn: '2026-11-30',
    });
    let v = (await product(NEW.slug)).body.variants.find((x: { sku: string }) => x.sku === 'CLB-15');
    expect(v.price).toMatchObject({ wasCents: 3000, nowCents: 900, campaignSlug: 'serum-week' });

    const backwards = await api(app, 'PUT', '/api/admin/stores/skincare/campaigns/serum-week', {
      headers: owner,
      body: {
        title: 'Serum week',
        subtitle: '',
        theme: 'calm',
        startsOn: '2026-12-10',
        endsOn: '2026-12-01',
      },
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.message).toContain('ends before it starts');

    expect(
      (await api(app, 'DELETE', '/api/admin/stores/skincare/campaigns/serum-week', { headers: owner }))
        .status,
    ).toBe(200);
    v = (await product(NEW.slug)).body.variants.find((x: { sku: string }) => x.sku === 'CLB-15');
    expect(v.price).toMatchObject({ nowCents: 1500 });
    expect(
      (await api(app, 'DELETE', '/api/admin/stores/skincare/campaigns/serum-week', { headers: owner }))
        .status,
    ).toBe(404);
  });

  it('no other role may read or change the catalog or the campaigns (403), and nothing changes', async () => {
    for (const role of [
      'warehouse',
      'customer_service',
      'operations',
      'finance',
      'compliance',
    ] as StaffRole[]) {
      const headers = await staffHeaders(app, clock, 'skincare', role);
      const calls = [
        api(app, 'GET', '/api/admin/stores/skincare/products', { headers }),
        api(app, 'POST', '/api/admin/stores/skincare/products', {
          headers,
          body: { ...NEW, slug: `r-${role.replace('_', '-')}` },
        }),
        api(app, 'PATCH', '/api/admin/stores/skincare/variants/CLB-15', { headers, body: { priceCents: 1 } }),
        api(app, 'PUT', '/api/admin/stores/skincare/campaigns/x', {
          headers,
          body: { title: 'x', subtitle: '', theme: 'sun', percentOff: 95 },
        }),
        api(app, 'DELETE', '/api/admin/stores/skincare/campaigns/summer-glow', { headers }),
        api(app, 'GET', '/api/admin/stores/skincare/synonyms', { headers }),
        api(app, 'POST', '/api/admin/stores/skincare/synonyms', {
          headers,
          body: { phrases: ['x1', 'serum'] },
        }),
      ];
      for (const res of await Promise.all(calls)) expect(res.status, role).toBe(403);
    }
    const v = (await product(NEW.slug)).body.variants.find((x: { sku: string }) => x.sku === 'CLB-15');
    expect(v.price.wasCents).toBe(3000);
    const campaigns = await api(app, 'GET', '/api/admin/stores/skincare/campaigns', { headers: owner });
    expect(campaigns.body.campaigns.map((c: { slug: string }) => c.slug)).toEqual(['summer-glow']);
  });

  it('SF-2: the owner manages search synonyms over the API; shoppers’ searches follow; bad groups are refused precisely', async () => {
    const search = async (q: string) =>
      (await api(app, 'GET', `/api/stores/skincare/search?q=${encodeURIComponent(q)}`)).body as {
        total: number;
      };
    expect((await search('glowjuice')).total).toBe(0);
    const created = await api(app, 'POST', '/api/admin/stores/skincare/synonyms', {
      headers: owner,
      body: { phrases: ['glowjuice', 'vitamin c serum'] },
    });
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(/^syn_/);
    const found = await search('glowjuice');
    expect(found.total).toBeGreaterThan(0);
    const list = await api(app, 'GET', '/api/admin/stores/skincare/synonyms', { headers: owner });
    expect(list.body.groups.some((g: { id: string }) => g.id === created.body.id)).toBe(true);
    const one = await api(app, 'POST', '/api/admin/stores/skincare/synonyms', {
      headers: owner,
      body: { phrases: ['same', 'SAME '] },
    });
    expect(one.status).toBe(400);
    expect(one.body.message).toMatch(/two different phrases/);
    const long = await api(app, 'PUT', `/api/admin/stores/skincare/synonyms/${created.body.id}`, {
      headers: owner,
      body: { phrases: ['glowjuice', 'a phrase of far too many words'] },
    });
    expect(long.status).toBe(400);
    expect(long.body.message).toMatch(/at most three words/);
    expect((await search('glowjuice')).total).toBe(found.total); // the refused change changed nothing
    expect(
      (await api(app, 'DELETE', `/api/admin/stores/skincare/synonyms/${created.body.id}`, { headers: owner }))
        .status,
    ).toBe(204);
    expect((await search('glowjuice')).total).toBe(0);
    expect(
      (await api(app, 'DELETE', `/api/admin/stores/skincare/synonyms/${created.body.id}`, { headers: owner }))
        .status,
    ).toBe(404);
  });

  it('SF-1: the owner sets a product’s notes or key ingredients; the product page and API show them; bad lists are refused', async () => {
    const patch = await api(app, 'PATCH', `/api/admin/stores/skincare/products/${NEW.slug}`, {
      headers: owner,
      body: { details: { ingredients: ['cloudberry seed oil', ' squalane ', 'squalane'] } },
    });
    expect(patch.status).toBe(200);
    expect(patch.body.details).toEqual({ ingredients: ['cloudberry seed oil', 'squalane'] });
    expect((await product(NEW.slug)).body.details.ingredients).toEqual(['cloudberry seed oil', 'squalane']);
    const page = await app.http.inject({ method: 'GET', url: `/s/skincare/p/${NEW.slug}` });
    expect(page.body).toContain('Key ingredients:</strong> cloudberry seed oil, squalane');
    const tooMany = await api(app, 'PATCH', `/api/admin/stores/skincare/products/${NEW.slug}`, {
      headers: owner,
      body: { details: { ingredients: Array.from({ length: 16 }, (_, i) => `oil ${i}`) } },
    });
    expect(tooMany.status).toBe(400);
    expect((await product(NEW.slug)).body.details.ingredients).toHaveLength(2);
  });
});
