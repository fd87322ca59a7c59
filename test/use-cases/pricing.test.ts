import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPercentOff, formatMoney } from '../../src/platform/money.ts';
import { activeCampaigns, assertValidPolicy, type TenantPolicy } from '../../src/modules/tenants/index.ts';
import { getProduct, listProducts } from '../../src/modules/catalog/index.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import { skincareStore } from '../../src/seeds/demo/skincare.ts';
import { fragranceStore } from '../../src/seeds/demo/fragrance.ts';
import { DEMO_STORES } from '../../src/seeds/demo/seed-demo.ts';
import { datedCampaigns, fathersDay } from '../../src/seeds/demo/campaign-dates.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';

describe('SF-4: money is integer cents, discounts round half up', () => {
  it('SF-4: percentage discounts in integer arithmetic', () => {
    expect(applyPercentOff(1999, 50)).toBe(1000); // 999.5 → 1000
    expect(applyPercentOff(3699, 70)).toBe(1110); // 1109.7 → 1110
    expect(applyPercentOff(4899, 20)).toBe(3919); // 3919.2 → 3919
    expect(applyPercentOff(1, 50)).toBe(1);
    expect(applyPercentOff(500, 0)).toBe(500);
    expect(() => applyPercentOff(10.5, 10)).toThrow(RangeError);
    expect(() => applyPercentOff(100, 120)).toThrow(RangeError);
    expect(formatMoney(1110, 'USD')).toBe('$11.10');
  });
});

describe('SF-4: the tenant policy object', () => {
  const policy = skincareStore.policy as TenantPolicy;

  it('SF-4: demo policies are valid, and a broken one is refused naming the field', () => {
    expect(() => assertValidPolicy(policy)).not.toThrow();
    expect(() => assertValidPolicy({ ...policy, storewideDiscountPercent: 150 })).toThrow(
      /storewideDiscountPercent/,
    );
    expect(() => assertValidPolicy({ ...policy, currency: 'EUR' })).toThrow(/currency/);
    expect(() => assertValidPolicy({ ...policy, processingDays: { min: 4, max: 2 } })).toThrow(
      'processingDays: min is greater than max',
    );
  });

  it('SF-4: campaigns with dates run only inside their window', () => {
    const dated: TenantPolicy = {
      ...policy,
      campaigns: [
        {
          slug: 'fathers-day',
          title: 'Father’s Day',
          subtitle: '',
          theme: 'night',
          startsOn: '2026-06-01',
          endsOn: '2026-06-21',
        },
      ],
    };
    expect(activeCampaigns(dated, new Date('2026-05-31T23:00:00Z'))).toEqual([]);
    expect(activeCampaigns(dated, new Date('2026-06-10T12:00:00Z')).map((c) => c.slug)).toEqual([
      'fathers-day',
    ]);
    expect(activeCampaigns(dated, new Date('2026-06-22T00:00:00Z'))).toEqual([]);
  });
});

describe('SF-4: demo campaigns carry real dates and end', () => {
  it("SF-4: the Father's Day edit runs the three weeks up to Father's Day; other demo offers six weeks from seeding", () => {
    expect(fathersDay(2027).toISOString().slice(0, 10)).toBe('2027-06-20');
    expect(fathersDay(2026).toISOString().slice(0, 10)).toBe('2026-06-21');
    const undated = (fragranceStore.policy as TenantPolicy).campaigns;
    const dated = datedCampaigns(undated, new Date('2026-11-23T10:00:00Z'));
    expect(dated.find((c) => c.slug === 'fathers-day')).toMatchObject({
      startsOn: '2027-05-31',
      endsOn: '2027-06-20',
    });
    expect(dated.find((c) => c.slug === 'gift-edit')).toMatchObject({
      startsOn: '2026-11-23',
      endsOn: '2027-01-03',
    });
    const inJune = datedCampaigns(undated, new Date('2027-06-10T10:00:00Z'));
    expect(inJune.find((c) => c.slug === 'fathers-day')?.endsOn).toBe('2027-06-20');
    // No demo promise of gift-wrapping: nothing at checkout offers it.
    for (const store of DEMO_STORES)
      for (const c of (store.policy as TenantPolicy).campaigns)
        expect(`${c.title} ${c.subtitle}`).not.toMatch(/gift-?wrap/i);
  });
});

describe(`SF-4: store-wide discounts and campaigns applied to every price (${ENGINE})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ clock: new FixedClock(new Date('2026-11-23T10:00:00Z')) });
  });
  afterAll(() => app.close());

  it('SF-4: skincare shows 50% off everything, fragrance 70% off, in USD', async () => {
    for (const [store, pct] of [
      ['skincare', 50],
      ['fragrance', 70],
    ] as const) {
      const page = await app.inStore(store, (ctx) => listProducts(ctx, { pageSize: 100 }));
      for (const item of page.items) {
        expect(item.price.currency).toBe('USD');
        expect(item.price.percentOff).toBe(pct);
        expect(item.price.nowCents).toBe(applyPercentOff(item.price.wasCents, pct));
      }
    }
  });

  it("SF-4: the rug store's campaign discounts only its categories, and names itself", async () => {
    const page = await app.inStore('rugs', (ctx) => listProducts(ctx, { pageSize: 100 }));
    for (const item of page.items) {
      const inCampaign = ['kitchen-mats', 'kids-rugs'].includes(item.categorySlug);
      expect(item.price.percentOff).toBe(inCampaign ? 20 : 0);
      expect(item.price.campaignSlug).toBe(inCampaign ? 'spill-proof-season' : null);
    }
  });

  it('SF-4: every variant of a product is priced with the same discount', async () => {
    const product = await app.inStore('fragrance', (ctx) => getProduct(ctx, 'club-de-nuit-intense-man'));
    expect(product.variants.length).toBe(3);
    for (const v of product.variants) expect(v.price.nowCents).toBe(applyPercentOff(v.price.wasCents, 70));
  });
});
