import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ env: { PLEDGE_HOSTS: 'www.washwell.test=rugs' } });
});
afterAll(() => app.close());

const get = (url: string, headers: Record<string, string> = {}) =>
  app.http.inject({ method: 'GET', url, headers });

const PAGES = [
  '/',
  '/s/skincare',
  '/s/skincare/c/serums?sort=price_desc&page=1',
  '/s/fragrance/p/club-de-nuit-intense-man',
  '/s/rugs/search?q=washible+rug',
  '/s/rugs/search?q=washable&category=runners&price=4&sort=price_asc',
  '/s/rugs/help/shipping-returns',
  '/api/docs',
];

describe(`SF-1: storefront pages are server-rendered and work without JavaScript (${ENGINE})`, () => {
  it('SF-1: a product page shows three generated views and a size guide; products of one category get different artwork', async () => {
    const page = await get('/s/rugs/p/striped-flatweave-washable-rug');
    expect(page.statusCode).toBe(200);
    for (const view of ['', '?view=detail', '?view=angle'])
      expect(page.body).toContain(`src="/s/rugs/images/products/striped-flatweave-washable-rug.svg${view}"`);
    expect(page.body).toContain('alt="Striped Flatweave Washable Rug, close-up of the pattern"');
    expect(page.body).toMatch(/<th scope="row">8' × 10'<\/th><td>244 × 305 cm<\/td><td>8 × 10 ft<\/td>/);
    const svg = async (slug: string, view = '') =>
      (await get(`/s/rugs/images/products/${slug}.svg${view}`)).body;
    const pictures = await Promise.all(
      [
        'striped-flatweave-washable-rug',
        'persian-medallion-washable-rug',
        'moroccan-trellis-washable-rug',
      ].map((s) => svg(s)),
    );
    expect(new Set(pictures).size).toBe(3);
    expect(await svg('striped-flatweave-washable-rug', '?view=detail')).not.toBe(pictures[0]);
    expect((await get('/s/rugs/images/products/striped-flatweave-washable-rug.svg?view=x')).statusCode).toBe(
      400,
    );
    // Notes and key ingredients, as the demo data names them.
    const scent = await get('/s/fragrance/p/club-de-nuit-intense-man');
    expect(scent.body).toContain('<dt>Top notes</dt><dd>pineapple</dd>');
    expect(scent.body).toContain('<dt>Base notes</dt><dd>birch, musk</dd>');
    const serum = await get('/s/skincare/p/vitamin-c-brightening-serum');
    expect(serum.body).toMatch(/Key ingredients:<\/strong> vitamin c, ferulic acid/);
    const api = JSON.parse((await get('/api/stores/fragrance/products/club-de-nuit-intense-man')).body);
    expect(api.details.notes.top).toEqual(['pineapple']);
    const bottle = await get('/s/fragrance/p/club-de-nuit-intense-man');
    expect(bottle.body).toMatch(/<th scope="row">30 ml<\/th><td>30 ml<\/td><td>1\.0 fl oz<\/td>/);
  });

  it('SF-1: home shows the announcement bar, campaign banner, sidebar categories, hot-selling and promotions', async () => {
    const res = await get('/s/skincare');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('50% off everything · Free worldwide shipping · 60-day free returns');
    expect(res.body).toContain('Summer Glow Sale');
    expect(res.body).toMatch(/<nav aria-label="Categories"[\s\S]*Moisturizers[\s\S]*<\/nav>/);
    expect(res.body).toContain('Hot-selling');
    expect(res.body).toContain('Promotions');
  });

  it('SF-1: the category page paginates and sorts with plain links and a GET form', async () => {
    const res = await get('/s/skincare/c/moisturizers?sort=price_asc&page=1');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('page 1 of 2'); // 10 moisturizers, 8 a page
    expect(res.body).toMatch(/<form class="sort" action="\/s\/skincare\/c\/moisturizers" method="get">/);
    expect(res.body).toContain('<option value="price_asc" selected>');
    expect(res.body).toContain('href="/s/skincare/c/moisturizers?sort=price_asc&amp;page=2"');
    const second = await get('/s/skincare/c/moisturizers?sort=price_asc&page=2');
    expect(second.body).toContain('page 2 of 2');
    const beyond = await get('/s/skincare/c/moisturizers?page=3');
    expect(beyond.statusCode).toBe(404);
  });

  it('SF-2: the search page corrects typos, shows facets and a working refine link', async () => {
    const res = await get('/s/fragrance/search?q=clubb+de+nuit');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Showing matches for');
    expect(res.body).toContain('club de nuit');
    expect(res.body).toMatch(/href="\/s\/fragrance\/search\?q=clubb\+de\+nuit&amp;category=for-him"/);
    expect(res.body).toContain('Club de Nuit Intense Man');
  });

  it('SF-1: the product page shows was/now prices and every variant', async () => {
    const res = await get('/s/fragrance/p/club-de-nuit-intense-man?variant=FRA-0001-2');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('100 ml');
    expect(res.body).toContain('200 ml');
    expect(res.body).toMatch(/class="price-was"[^>]*>\$/);
    expect(res.body).toMatch(/class="variant selected" aria-current="true"><span>100 ml/);
  });

  it('SF-1: each store has a contact page with its published address, linked from every page', async () => {
    const contact = await get('/s/rugs/contact');
    expect(contact.statusCode).toBe(200);
    expect(contact.body).toContain('href="mailto:hello@rugs.example"');
    expect((await get('/s/skincare/contact')).body).toContain('hello@skincare.example');
    expect((await get('/s/rugs')).body).toContain('href="/s/rugs/contact"');
  });

  it('SF-1: unknown stores, categories and products answer 404 pages, bad parameters 400', async () => {
    expect((await get('/s/nowhere')).statusCode).toBe(404);
    expect((await get('/s/skincare/c/no-such-category')).statusCode).toBe(404);
    const missing = await get('/s/skincare/p/no-such-product');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('text/html');
    // In the store's own frame, in a plain sentence, with a way on.
    expect(missing.body).toContain('We couldn’t find that product');
    expect(missing.body).toContain('class="site-header"');
    expect(missing.body).toContain('Dew &amp; Half');
    expect(missing.body).toContain('Continue shopping');
    expect(missing.body).not.toContain("product 'no-such-product' was not found");
    const page = await get('/s/skincare/no-such-page');
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('We couldn’t find that page');
    const bad = await get('/s/skincare/c/serums?page=0');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('page must be >= 1');
    // What the shopper typed stays in the search box of an error page.
    const badSearch = await get('/s/skincare/search?q=rose%20toner&page=0');
    expect(badSearch.statusCode).toBe(400);
    expect(badSearch.body).toMatch(/id="q"[^>]*value="rose toner"/);
  });
});

describe(`PV-4: no third party in any page; strict CSP on every response (${ENGINE})`, () => {
  it('PV-4: every page and API response carries a default-src self CSP with no inline script', async () => {
    for (const url of [
      ...PAGES,
      '/api/stores',
      '/api/openapi.json',
      '/assets/store.css',
      '/s/rugs/theme.css',
      '/s/nowhere',
      '/api/nope',
    ]) {
      const res = await get(url);
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).not.toContain('unsafe-inline');
      expect(csp, url).toContain("frame-ancestors 'none'");
    }
  });

  it('PV-4: pages reference no other origin: no external script, style, image, font or form target', async () => {
    for (const url of PAGES) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      const refs = [...res.body.matchAll(/(?:src|href|action)="([^"]*)"/g)].map((m) => m[1]!);
      expect(refs.length, url).toBeGreaterThan(0);
      for (const ref of refs) expect(ref, `${url} → ${ref}`).toMatch(/^(\/|\?|#|$|mailto:)/); // mailto: opens the visitor’s own mail program
      expect(res.body, url).not.toMatch(/<script[^>]*>\s*[^<\s][^<]*<\/script>/); // no inline script
      expect(res.body, url).not.toMatch(/\sstyle="/); // no inline style (the CSP would block it)
    }
    const css = await get('/assets/store.css');
    expect(css.body).not.toMatch(/url\(\s*['"]?https?:/);
    expect(css.body).not.toMatch(/@import/);
  });

  it('PV-2: anonymous browsing sets no cookie', async () => {
    for (const url of PAGES) expect((await get(url)).headers['set-cookie'], url).toBeUndefined();
  });

  it('SH-4: request logs name the route pattern, never the URL, so typed searches and slugs never reach a log', async () => {
    await get('/s/skincare/search?q=secret+words+typed');
    await get('/s/skincare/p/water-gel-moisturizer');
    expect(app.logs.text).toContain('"route":"/s/:store/search"');
    expect(app.logs.text).toContain('"route":"/s/:store/p/:slug"');
    expect(app.logs.text).not.toContain('secret');
    expect(app.logs.text).not.toContain('water-gel-moisturizer');
  });
});

describe(`SF-1: stores by path and by host name (${ENGINE})`, () => {
  it("SF-1: a store's configured host serves it at the root, with links that omit /s/<store>", async () => {
    const res = await get('/', { host: 'rugs.localhost:3000' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Washwell Rugs');
    expect(res.body).toContain('href="/c/runners"');
    expect(res.body).not.toContain('href="/s/rugs');
    const product = await get('/p/persian-medallion-washable-rug', { host: 'rugs.localhost' });
    expect(product.statusCode).toBe(200);
    expect(product.body).toContain('Persian Medallion Washable Rug');
  });

  it('SF-1: PLEDGE_HOSTS adds host names, and the API stays global on a store host', async () => {
    const res = await get('/search?q=runner', { host: 'www.washwell.test' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Washable Runner');
    const api = await get('/api/stores', { host: 'www.washwell.test' });
    expect(api.json().stores.map((s: { slug: string }) => s.slug)).toEqual(['fragrance', 'rugs', 'skincare']);
  });

  it("SEC-4: another store's pages are not served under a store's own host name", async () => {
    for (const path of [
      '/s/skincare',
      '/s/skincare/',
      '/s/skincare/p/water-gel-moisturizer',
      '/s/fragrance/cart',
    ])
      expect((await get(path, { host: 'rugs.localhost' })).statusCode, path).toBe(404);
    const own = await get('/s/rugs/c/runners', { host: 'rugs.localhost' });
    expect(own.statusCode).toBe(200);
    const notFound = await get('/s/skincare', { host: 'rugs.localhost' });
    expect(notFound.body).toContain('href="/"'); // back to the host's own shop
    expect(notFound.body).not.toContain('Dew &amp; Half');
  });
});

describe(`JSON API: validated input, precise 4xx, OpenAPI (${ENGINE})`, () => {
  it('lists products with prices and image URLs on our own origin', async () => {
    const res = await get('/api/stores/skincare/products?category=serums&sort=price_asc&limit=5');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items).toHaveLength(5);
    expect(body.items[0]).toMatchObject({
      price: { currency: 'USD', percentOff: 50 },
      categorySlug: 'serums',
    });
    expect(body.items[0].imageUrl).toMatch(/^\/s\/skincare\/images\/products\/[a-z0-9-]+\.svg$/);
    expect(res.headers['cache-control']).toBe('public, max-age=30');
  });

  it('answers a product with variants, and search with typo correction', async () => {
    const product = (await get('/api/stores/fragrance/products/odyssey-mandarin-sky')).json();
    expect(product.variants.map((v: { title: string }) => v.title)).toEqual(['30 ml', '100 ml', '200 ml']);
    expect(product.variants[0]).not.toHaveProperty('stock'); // exact stock is not published
    const search = (await get('/api/stores/rugs/search?q=washible%20rug&limit=3')).json();
    expect(search.correctedQuery).toBe('washable rug');
    expect(search.items).toHaveLength(3);
  });

  it.each([
    ['/api/stores/skincare/products?limit=1000', 400, 'querystring/limit must be <= 100'],
    ['/api/stores/skincare/products?page=abc', 400, 'querystring/page must be integer'],
    ['/api/stores/skincare/products?sort=cheapest', 400, 'querystring/sort must be'],
    ['/api/stores/skincare/search', 400, "querystring must have required property 'q'"],
    ['/api/stores/skincare/search?q=', 400, 'querystring/q must NOT have fewer than 1 characters'],
    ['/api/stores/skincare/search?q=rug&price=9', 400, 'querystring/price must be <= 5'],
    ['/api/stores/Bad_Store/products', 400, 'params/store must match pattern'],
    ['/api/stores/nowhere/products', 404, "store 'nowhere' was not found"],
    ['/api/stores/skincare/products/no-such-thing', 404, "product 'no-such-thing' was not found"],
    ['/api/stores/skincare/products?category=nope', 404, "category 'nope' was not found"],
    ['/api/nothing-here', 404, 'no page at /api/nothing-here'],
  ])('GET %s → %i naming the problem', async (url, status, message) => {
    const res = await get(url);
    expect(res.statusCode).toBe(status);
    expect(res.json().message).toContain(message);
  });

  it('publishes an OpenAPI document and a readable docs page listing every endpoint', async () => {
    const doc = (await get('/api/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/stores',
      '/api/stores/{store}/products',
      '/api/stores/{store}/products/{slug}',
      '/api/stores/{store}/search',
      '/api/stores/{store}/categories',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/s/'))).toBe(false);
    const reference = await get('/api/reference');
    expect(reference.body).toContain('GET /api/stores/{store}/search');
    expect(reference.body).toContain('≤ 100');
    // The interactive docs are Swagger UI served from this origin, reading the same document.
    const docs = await get('/api/docs');
    expect(docs.statusCode).toBe(200);
    const scripts = [...docs.body.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      expect(src).toMatch(/^\/api\/docs\/static\//);
      expect((await get(src)).statusCode, src).toBe(200);
    }
    const spec = await get('/api/docs/json');
    expect(JSON.parse(spec.body).paths['/api/stores/{store}/checkout'].post.requestBody).toBeDefined();
  });
});
