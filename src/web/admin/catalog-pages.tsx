import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Http } from '#platform/http/server.ts';
import type { Ctx } from '#platform/ctx.ts';
import type { StaffRole } from '#platform/actor.ts';
import { AppError } from '#platform/errors.ts';
import {
  listSynonyms,
  removeSynonyms,
  saveSynonyms,
  addVariant,
  changeVariant,
  createProduct,
  listCategories,
  listProductsForOwner,
  listVariantsForOwner,
  productForOwner,
  updateProduct,
  type AdminProduct,
} from '#modules/catalog';
import { recordRefusal, ShareRefused } from '#modules/privacy';
import { setStock, stockLevels } from '#modules/stock';
import {
  listCampaigns,
  removeCampaign,
  saveCampaign,
  type Campaign,
  type TenantDirectory,
} from '#modules/tenants';
import { money, type AdminFrame } from './layout.tsx';

/** Renders a back-office page for the signed-in staff user of a store (admin.routes.tsx). */
export type StaffPage = (
  req: FastifyRequest,
  reply: FastifyReply,
  slug: string,
  roles: readonly StaffRole[],
  title: string,
  body: (ctx: Ctx, frame: AdminFrame) => Promise<preact.ComponentChildren>,
) => Promise<unknown>;

/** A confirmation or a refusal shown above a form. */
export type Note = { ok: boolean; text: string } | undefined;

/** The store in a back-office path. */
export const StoreSlug = Type.String({ pattern: '^[a-z0-9-]{1,40}$' });
export const Store = Type.Object({ store: StoreSlug });
const OWNER: readonly StaffRole[] = ['owner'];

/** "24", "24.5", "24.50" or "24,50" dollars → cents; undefined when it is not an amount. */
export function centsOf(text: string): number | undefined {
  const m = /^\s*\$?\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}
const dollars = (cents: number) => (cents / 100).toFixed(2);

/** A typed list price and units on hand as numbers, or the message saying which one is not. */
function variantFigures(
  price: string,
  stock: string,
): { priceCents: number; stock: number } | { problem: Note } {
  const priceCents = centsOf(price);
  if (priceCents === undefined)
    return { problem: { ok: false, text: 'enter the list price as an amount such as 24.00' } };
  if (!/^\d{1,7}$/.test(stock.trim()))
    return { problem: { ok: false, text: 'enter the units on hand as a whole number' } };
  return { priceCents, stock: Number(stock) };
}

/**
 * Runs a change in a savepoint: a refused change (invalid, conflict, not found, forbidden) leaves
 * nothing half-done and comes back as the message to show; anything else is a real failure.
 */
export async function attempt(ctx: Ctx, act: (ctx: Ctx) => Promise<string>): Promise<Note> {
  try {
    return { ok: true, text: await ctx.db.transaction((tx) => act({ ...ctx, db: tx })) };
  } catch (error) {
    // A share the gate refused rolled the action back; the refusal itself is registered.
    if (error instanceof ShareRefused) await recordRefusal(ctx, error.check, error.ref);
    if (
      error instanceof AppError &&
      ['invalid', 'conflict', 'not_found', 'forbidden', 'unavailable'].includes(error.kind)
    )
      return { ok: false, text: error.message };
    throw error;
  }
}

/** The line that shows a Note (status or alert). */
export const NoteLine = ({ note }: { note: Note }) =>
  note ? (
    <p class={note.ok ? 'notice' : 'error'} role={note.ok ? 'status' : 'alert'}>
      {note.text}
    </p>
  ) : null;

/** The CSRF token field every back-office form carries. */
export const Csrf = ({ frame }: { frame: AdminFrame }) => (
  <input type="hidden" name="_csrf" value={frame.csrf} />
);

/**
 * The owner's catalog in the back office: products (create, edit), variants (add, price, title),
 * stock (stocktake to the ledger) and campaigns — on the same use cases as the admin API.
 */
export function adminCatalogPages(
  app: Http,
  {
    staffPage,
    csrfCheck,
    directory,
  }: { staffPage: StaffPage; csrfCheck: Http['csrfProtection']; directory: TenantDirectory },
): void {
  const CatalogOverview = async (ctx: Ctx, frame: AdminFrame, store: string, note?: Note) => {
    const [products, variants] = await Promise.all([listProductsForOwner(ctx), listVariantsForOwner(ctx)]);
    const levels = await stockLevels(
      ctx,
      variants.map((v) => v.id),
    );
    return (
      <>
        <NoteLine note={note} />
        <p class="actions">
          <a class="primary" href={`/admin/s/${store}/catalog/new`}>
            New product
          </a>{' '}
          <a href={`/admin/s/${store}/campaigns`}>Campaigns</a>{' '}
          <a href={`/admin/s/${store}/synonyms`}>Search synonyms</a>
        </p>
        <h2>Products</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Product</th>
                <th>Category</th>
                <th>Variants</th>
              </tr>
            </thead>
            <tbody>
              {products.map((p) => (
                <tr>
                  <td>
                    <a href={`/admin/s/${store}/catalog/products/${p.slug}`}>{p.name}</a>
                  </td>
                  <td>{p.categoryName}</td>
                  <td>{p.variants}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h2>Prices and stock</h2>
        <p class="muted">
          A new list price applies to carts and checkout at once (placed orders keep theirs); the store-wide
          discount and campaigns apply on top. A stocktake sets what is on the shelf; the difference is
          written to the stock ledger with your reason.
        </p>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>SKU</th>
                <th>Product</th>
                <th>Variant</th>
                <th>List price</th>
                <th>On hand</th>
                <th>Stocktake</th>
              </tr>
            </thead>
            <tbody>
              {variants.map((v) => (
                <tr>
                  <td>{v.sku}</td>
                  <td>{v.productName}</td>
                  <td>{v.title}</td>
                  <td>
                    <form
                      method="post"
                      action={`/admin/s/${store}/catalog/${v.sku}/price`}
                      class="inline-form"
                    >
                      <Csrf frame={frame} />
                      <input
                        name="price"
                        inputMode="decimal"
                        size={8}
                        value={dollars(v.priceCents)}
                        required
                        aria-label={`List price of ${v.sku} in ${ctx.tenant.policy.currency}`}
                      />
                      <button type="submit">Save</button>
                    </form>
                  </td>
                  <td>{levels.get(v.id) ?? 0}</td>
                  <td>
                    <form
                      method="post"
                      action={`/admin/s/${store}/catalog/${v.sku}/stock`}
                      class="inline-form"
                    >
                      <Csrf frame={frame} />
                      <input
                        name="counted"
                        type="number"
                        min={0}
                        max={1000000}
                        required
                        aria-label={`Counted units of ${v.sku}`}
                      />
                      <button type="submit">Set</button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>
    );
  };

  app.get('/admin/s/:store/catalog', { schema: { hide: true, params: Store } }, (req, reply) =>
    staffPage(req, reply, req.params.store, OWNER, 'Catalog', (ctx, frame) =>
      CatalogOverview(ctx, frame, req.params.store),
    ),
  );

  const SkuParams = Type.Object({ store: StoreSlug, sku: Type.String({ maxLength: 60 }) });

  app.post(
    '/admin/s/:store/catalog/:sku/stock',
    {
      schema: {
        hide: true,
        params: SkuParams,
        body: Type.Object({ _csrf: Type.String(), counted: Type.String({ maxLength: 9 }) }),
      },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      staffPage(req, reply, req.params.store, OWNER, 'Catalog', async (ctx, frame) => {
        const variant = (await listVariantsForOwner(ctx)).find((v) => v.sku === req.params.sku);
        let note: Note;
        if (!variant) note = { ok: false, text: `there is no variant '${req.params.sku}'` };
        else if (!/^\d{1,7}$/.test(req.body.counted.trim()))
          note = { ok: false, text: 'enter the counted units as a whole number from 0 to 1,000,000' };
        else {
          const counted = Number(req.body.counted);
          await setStock(ctx, variant.id, counted, 'stocktake in the back office');
          note = { ok: true, text: `${variant.sku} now has ${counted} on hand.` };
        }
        return CatalogOverview(ctx, frame, req.params.store, note);
      }),
  );

  app.post(
    '/admin/s/:store/catalog/:sku/price',
    {
      schema: {
        hide: true,
        params: SkuParams,
        body: Type.Object({ _csrf: Type.String(), price: Type.String({ maxLength: 20 }) }),
      },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      staffPage(req, reply, req.params.store, OWNER, 'Catalog', async (ctx, frame) => {
        const cents = centsOf(req.body.price);
        const note: Note =
          cents === undefined || cents === 0
            ? { ok: false, text: 'enter the list price as an amount such as 24.00' }
            : await attempt(ctx, async (tx) => {
                await changeVariant(tx, req.params.sku, { priceCents: cents });
                return `${req.params.sku} now lists at ${money(cents, ctx.tenant.policy.currency)}.`;
              });
        return CatalogOverview(ctx, frame, req.params.store, note);
      }),
  );

  type ProductForm = {
    categorySlug?: string;
    slug?: string;
    name?: string;
    series?: string;
    description?: string;
    tags?: string;
    sku?: string;
    title?: string;
    price?: string;
    stock?: string;
  };

  const NewProductForm = async (
    ctx: Ctx,
    frame: AdminFrame,
    store: string,
    values: ProductForm,
    note?: Note,
  ) => {
    const categories = await listCategories(ctx);
    return (
      <>
        <NoteLine note={note} />
        <form method="post" action={`/admin/s/${store}/catalog/new`} class="card form-grid">
          <Csrf frame={frame} />
          <label>
            Category
            <select name="categorySlug" required>
              {categories.map((c) => (
                <option value={c.slug} selected={values.categorySlug === c.slug}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Name
            <input name="name" required maxLength={120} value={values.name ?? ''} />
          </label>
          <label>
            Address in the shop (lower-case letters, digits, dashes)
            <input
              name="slug"
              required
              maxLength={80}
              pattern="[a-z0-9][a-z0-9-]*"
              value={values.slug ?? ''}
            />
          </label>
          <label>
            Product line (optional)
            <input name="series" maxLength={80} value={values.series ?? ''} />
          </label>
          <label>
            Description
            <textarea name="description" rows={4} maxLength={4000}>
              {values.description ?? ''}
            </textarea>
          </label>
          <label>
            Tags (optional, separated by commas)
            <input name="tags" maxLength={400} value={values.tags ?? ''} />
          </label>
          <fieldset>
            <legend>First variant (add more on the product’s page)</legend>
            <label>
              SKU
              <input name="sku" required maxLength={60} value={values.sku ?? ''} />
            </label>
            <label>
              Variant (e.g. 50 ml)
              <input name="title" required maxLength={80} value={values.title ?? ''} />
            </label>
            <label>
              List price ({ctx.tenant.policy.currency})
              <input name="price" required inputMode="decimal" value={values.price ?? ''} />
            </label>
            <label>
              Units on hand
              <input name="stock" required type="number" min={0} max={1000000} value={values.stock ?? '0'} />
            </label>
          </fieldset>
          <button class="primary" type="submit">
            Create product
          </button>
        </form>
      </>
    );
  };

  app.get('/admin/s/:store/catalog/new', { schema: { hide: true, params: Store } }, (req, reply) =>
    staffPage(req, reply, req.params.store, OWNER, 'New product', (ctx, frame) =>
      NewProductForm(ctx, frame, req.params.store, {}),
    ),
  );

  const Field = (max: number) => Type.Optional(Type.String({ maxLength: max }));
  app.post(
    '/admin/s/:store/catalog/new',
    {
      schema: {
        hide: true,
        params: Store,
        body: Type.Object({
          _csrf: Type.String(),
          categorySlug: Type.String({ maxLength: 80 }),
          slug: Type.String({ maxLength: 80 }),
          name: Type.String({ maxLength: 120 }),
          series: Field(80),
          description: Field(4000),
          tags: Field(400),
          sku: Type.String({ maxLength: 60 }),
          title: Type.String({ maxLength: 80 }),
          price: Type.String({ maxLength: 20 }),
          stock: Type.String({ maxLength: 9 }),
        }),
      },
      preHandler: csrfCheck,
    },
    (req, reply) => {
      const store = req.params.store;
      const b = req.body;
      return staffPage(req, reply, store, OWNER, 'New product', async (ctx, frame) => {
        const figures = variantFigures(b.price, b.stock);
        const note: Note =
          'problem' in figures
            ? figures.problem
            : await attempt(ctx, async (tx) => {
                await createProduct(tx, {
                  categorySlug: b.categorySlug,
                  slug: b.slug.trim(),
                  name: b.name.trim(),
                  series: b.series?.trim() || null,
                  description: (b.description ?? '').trim(),
                  tags: (b.tags ?? '')
                    .split(',')
                    .map((t) => t.trim().toLowerCase())
                    .filter(Boolean),
                  hue: 0,
                  variants: [{ sku: b.sku.trim(), title: b.title.trim(), ...figures }],
                });
                return 'Product created; it is in the shop now.';
              });
        // Created: the product's own page, to add variants or edit; refused: the form as typed.
        if (note?.ok) return ProductPage(ctx, frame, store, await productForOwner(ctx, b.slug.trim()), note);
        return NewProductForm(ctx, frame, store, b, note);
      });
    },
  );

  const ProductPage = async (
    ctx: Ctx,
    frame: AdminFrame,
    store: string,
    product: AdminProduct,
    note?: Note,
  ) => {
    const categories = await listCategories(ctx);
    const base = `/admin/s/${store}/catalog/products/${product.slug}`;
    return (
      <>
        <NoteLine note={note} />
        <p>
          <a href={`/admin/s/${store}/catalog`}>← Catalog</a> · In the shop:{' '}
          <a href={`/s/${store}/p/${product.slug}`}>/p/{product.slug}</a>
        </p>
        <form method="post" action={base} class="card form-grid">
          <Csrf frame={frame} />
          <label>
            Name
            <input name="name" required maxLength={120} value={product.name} />
          </label>
          <label>
            Category
            <select name="categorySlug">
              {categories.map((c) => (
                <option value={c.slug} selected={product.categorySlug === c.slug}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Product line (optional)
            <input name="series" maxLength={80} value={product.series ?? ''} />
          </label>
          <label>
            Description
            <textarea name="description" rows={5} maxLength={4000}>
              {product.description}
            </textarea>
          </label>
          <label>
            Tags (separated by commas)
            <input name="tags" maxLength={400} value={product.tags.join(', ')} />
          </label>
          <button class="primary" type="submit">
            Save product
          </button>
        </form>
        <h2>Variants</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>SKU</th>
                <th>Variant</th>
                <th>List price</th>
              </tr>
            </thead>
            <tbody>
              {product.variants.map((v) => (
                <tr>
                  <td>{v.sku}</td>
                  <td>{v.title}</td>
                  <td>{money(v.priceCents, ctx.tenant.policy.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <form method="post" action={`${base}/variants`} class="card form-grid">
          <Csrf frame={frame} />
          <h3>Add a variant</h3>
          <label>
            SKU
            <input name="sku" required maxLength={60} />
          </label>
          <label>
            Variant (e.g. 100 ml)
            <input name="title" required maxLength={80} />
          </label>
          <label>
            List price ({ctx.tenant.policy.currency})
            <input name="price" required inputMode="decimal" />
          </label>
          <label>
            Units on hand
            <input name="stock" required type="number" min={0} max={1000000} value="0" />
          </label>
          <button type="submit">Add variant</button>
        </form>
      </>
    );
  };

  const ProductParams = Type.Object({ store: StoreSlug, slug: Type.String({ maxLength: 80 }) });
  app.get(
    '/admin/s/:store/catalog/products/:slug',
    {
      schema: {
        hide: true,
        params: ProductParams,
      },
    },
    (req, reply) =>
      staffPage(req, reply, req.params.store, OWNER, 'Product', async (ctx, frame) =>
        ProductPage(ctx, frame, req.params.store, await productForOwner(ctx, req.params.slug)),
      ),
  );

  app.post(
    '/admin/s/:store/catalog/products/:slug',
    {
      schema: {
        hide: true,
        params: ProductParams,
        body: Type.Object({
          _csrf: Type.String(),
          name: Type.String({ maxLength: 120 }),
          categorySlug: Type.String({ maxLength: 80 }),
          series: Field(80),
          description: Field(4000),
          tags: Field(400),
        }),
      },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      staffPage(req, reply, req.params.store, OWNER, 'Product', async (ctx, frame) => {
        const b = req.body;
        const note = await attempt(ctx, async (tx) => {
          await updateProduct(tx, req.params.slug, {
            name: b.name,
            categorySlug: b.categorySlug,
            series: b.series ?? null,
            description: b.description ?? '',
            tags: (b.tags ?? '').split(','),
          });
          return 'Saved; the shop shows the change now.';
        });
        return ProductPage(ctx, frame, req.params.store, await productForOwner(ctx, req.params.slug), note);
      }),
  );

  app.post(
    '/admin/s/:store/catalog/products/:slug/variants',
    {
      schema: {
        hide: true,
        params: ProductParams,
        body: Type.Object({
          _csrf: Type.String(),
          sku: Type.String({ maxLength: 60 }),
          title: Type.String({ maxLength: 80 }),
          price: Type.String({ maxLength: 20 }),
          stock: Type.String({ maxLength: 9 }),
        }),
      },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      staffPage(req, reply, req.params.store, OWNER, 'Product', async (ctx, frame) => {
        const b = req.body;
        const figures = variantFigures(b.price, b.stock);
        const note: Note =
          'problem' in figures
            ? figures.problem
            : await attempt(ctx, async (tx) => {
                await addVariant(tx, req.params.slug, { sku: b.sku.trim(), title: b.title, ...figures });
                return `Variant ${b.sku.trim()} added.`;
              });
        return ProductPage(ctx, frame, req.params.store, await productForOwner(ctx, req.params.slug), note);
      }),
  );

  const THEMES = ['sun', 'night', 'calm'] as const;
  const CampaignsPage = async (
    ctx: Ctx,
    frame: AdminFrame,
    store: string,
    campaigns: Campaign[],
    note?: Note,
  ) => {
    const categories = await listCategories(ctx);
    return (
      <>
        <NoteLine note={note} />
        <p class="muted">
          A campaign shows its banner and, with a discount, prices its categories (or the whole store) at the
          better of its discount and the store-wide one, from its first day to its last (inclusive, UTC
          dates).
        </p>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Campaign</th>
                <th>Discount</th>
                <th>Covers</th>
                <th>Runs</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((c) => (
                <tr>
                  <td>
                    <strong>{c.title}</strong>
                    <br />
                    <span class="muted">{c.subtitle}</span>
                  </td>
                  <td>{c.percentOff !== undefined ? `${c.percentOff}%` : 'banner only'}</td>
                  <td>{c.categorySlugs ? c.categorySlugs.join(', ') : 'the whole store'}</td>
                  <td>
                    {c.startsOn ?? 'always'} – {c.endsOn ?? 'open-ended'}
                  </td>
                  <td>
                    <form method="post" action={`/admin/s/${store}/campaigns/${c.slug}/remove`}>
                      <Csrf frame={frame} />
                      <button type="submit">Remove</button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {campaigns.length === 0 ? <p>No campaigns.</p> : null}
        <form method="post" action={`/admin/s/${store}/campaigns`} class="card form-grid">
          <Csrf frame={frame} />
          <h2>Add or replace a campaign</h2>
          <label>
            Short name (lower-case letters, digits, dashes; the same name replaces that campaign)
            <input name="slug" required maxLength={60} pattern="[a-z0-9-]+" />
          </label>
          <label>
            Title
            <input name="title" required maxLength={80} />
          </label>
          <label>
            Subtitle
            <input name="subtitle" maxLength={200} />
          </label>
          <label>
            Discount in percent (optional; 0–95)
            <input name="percentOff" type="number" min={0} max={95} step="0.5" />
          </label>
          <fieldset>
            <legend>Categories (none ticked: the whole store)</legend>
            {categories.map((c) => (
              <label class="check">
                <input type="checkbox" name="categorySlugs" value={c.slug} /> {c.name}
              </label>
            ))}
          </fieldset>
          <label>
            First day (optional; today if left empty)
            <input name="startsOn" type="date" />
          </label>
          <label>
            Last day (every campaign ends)
            <input name="endsOn" type="date" required />
          </label>
          <label>
            Banner style
            <select name="theme">
              {THEMES.map((t) => (
                <option value={t}>{t}</option>
              ))}
            </select>
          </label>
          <button class="primary" type="submit">
            Save campaign
          </button>
        </form>
      </>
    );
  };

  app.get('/admin/s/:store/campaigns', { schema: { hide: true, params: Store } }, (req, reply) =>
    staffPage(req, reply, req.params.store, OWNER, 'Campaigns', async (ctx, frame) =>
      CampaignsPage(ctx, frame, req.params.store, listCampaigns(ctx)),
    ),
  );

  app.post(
    '/admin/s/:store/campaigns',
    {
      schema: {
        hide: true,
        params: Store,
        body: Type.Object({
          _csrf: Type.String(),
          slug: Type.String({ maxLength: 60 }),
          title: Type.String({ maxLength: 80 }),
          subtitle: Field(200),
          percentOff: Field(6),
          categorySlugs: Type.Optional(
            Type.Union([
              Type.String({ maxLength: 80 }),
              Type.Array(Type.String({ maxLength: 80 }), { maxItems: 100 }),
            ]),
          ),
          startsOn: Field(10),
          endsOn: Field(10),
          theme: Type.Union(THEMES.map((t) => Type.Literal(t))),
        }),
      },
      preHandler: csrfCheck,
    },
    async (req, reply) => {
      let saved: Campaign[] | undefined;
      const page = await staffPage(req, reply, req.params.store, OWNER, 'Campaigns', async (ctx, frame) => {
        const b = req.body;
        const categories = b.categorySlugs === undefined ? [] : [b.categorySlugs].flat();
        const percent = b.percentOff?.trim() ? Number(b.percentOff) : undefined;
        const note: Note =
          percent !== undefined && !Number.isFinite(percent)
            ? { ok: false, text: 'the discount must be a number from 0 to 95' }
            : await attempt(ctx, async (tx) => {
                saved = await saveCampaign(tx, {
                  slug: b.slug.trim(),
                  title: b.title.trim(),
                  subtitle: (b.subtitle ?? '').trim(),
                  theme: b.theme,
                  ...(percent !== undefined ? { percentOff: percent } : {}),
                  ...(categories.length ? { categorySlugs: categories } : {}),
                  ...(b.startsOn ? { startsOn: b.startsOn } : {}),
                  ...(b.endsOn ? { endsOn: b.endsOn } : {}),
                });
                return `Campaign ${b.slug.trim()} saved; prices follow now.`;
              });
        return CampaignsPage(ctx, frame, req.params.store, saved ?? listCampaigns(ctx), note);
      });
      // Committed: this process prices with the new campaigns from the next request on.
      if (saved) directory.applyCampaigns(req.params.store, saved);
      return page;
    },
  );

  app.post(
    '/admin/s/:store/campaigns/:slug/remove',
    {
      schema: {
        hide: true,
        params: Type.Object({ store: StoreSlug, slug: Type.String({ maxLength: 60 }) }),
        body: Type.Object({ _csrf: Type.String() }),
      },
      preHandler: csrfCheck,
    },
    async (req, reply) => {
      let left: Campaign[] | undefined;
      const page = await staffPage(req, reply, req.params.store, OWNER, 'Campaigns', async (ctx, frame) => {
        const note = await attempt(ctx, async (tx) => {
          left = await removeCampaign(tx, req.params.slug);
          return `Campaign ${req.params.slug} removed; its prices have ended.`;
        });
        return CampaignsPage(ctx, frame, req.params.store, left ?? listCampaigns(ctx), note);
      });
      if (left) directory.applyCampaigns(req.params.store, left);
      return page;
    },
  );

  const SynonymsPage = async (ctx: Ctx, frame: AdminFrame, store: string, note?: Note) => {
    const groups = await listSynonyms(ctx);
    return (
      <>
        <NoteLine note={note} />
        <p class="muted">
          Phrases your shoppers use for the same thing. A search for any phrase of a group also finds products
          described with the others; products with the shopper’s own words come first. Spellings (moisturiser
          and moisturizer, parfum and perfume) and sizes written any way (8x10, 8 × 10) are matched already.
        </p>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Phrases (one per line to change them)</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr>
                  <td>
                    <form method="post" action={`/admin/s/${store}/synonyms/${g.id}`} class="inline-form">
                      <Csrf frame={frame} />
                      <label class="visually-hidden" for={`phrases-${g.id}`}>
                        Phrases of this group
                      </label>
                      <textarea
                        id={`phrases-${g.id}`}
                        name="phrases"
                        rows={Math.min(6, g.phrases.length)}
                        maxLength={800}
                        value={g.phrases.join('\n')}
                      />
                      <button type="submit">Save</button>
                    </form>
                  </td>
                  <td>
                    <form method="post" action={`/admin/s/${store}/synonyms/${g.id}/remove`}>
                      <Csrf frame={frame} />
                      <button type="submit">Remove</button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {groups.length === 0 ? <p>No synonyms yet.</p> : null}
        <form method="post" action={`/admin/s/${store}/synonyms`} class="card form-grid">
          <Csrf frame={frame} />
          <h2>Add a group</h2>
          <label>
            Phrases that mean the same, one per line (for example: sun cream, sunscreen, spf)
            <textarea name="phrases" rows={4} required maxLength={800} />
          </label>
          <button class="primary" type="submit">
            Add synonyms
          </button>
        </form>
      </>
    );
  };
  const phrasesOf = (text: string) =>
    text
      .split(/[\n,;]+/)
      .map((p) => p.trim())
      .filter(Boolean);
  const SynonymParams = Type.Object({
    store: StoreSlug,
    id: Type.String({ pattern: '^syn_[a-z0-9]{10,40}$' }),
  });

  app.get('/admin/s/:store/synonyms', { schema: { hide: true, params: Store } }, (req, reply) =>
    staffPage(req, reply, req.params.store, OWNER, 'Search synonyms', (ctx, frame) =>
      SynonymsPage(ctx, frame, req.params.store),
    ),
  );

  app.post(
    '/admin/s/:store/synonyms',
    {
      schema: {
        hide: true,
        params: Store,
        body: Type.Object({ _csrf: Type.String(), phrases: Type.String({ maxLength: 800 }) }),
      },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      staffPage(req, reply, req.params.store, OWNER, 'Search synonyms', async (ctx, frame) => {
        const note = await attempt(ctx, async (tx) => {
          const group = await saveSynonyms(tx, { phrases: phrasesOf(req.body.phrases) });
          return `Added: ${group.phrases.join(', ')}. Searches use it now.`;
        });
        return SynonymsPage(ctx, frame, req.params.store, note);
      }),
  );

  app.post(
    '/admin/s/:store/synonyms/:id',
    {
      schema: {
        hide: true,
        params: SynonymParams,
        body: Type.Object({ _csrf: Type.String(), phrases: Type.String({ maxLength: 800 }) }),
      },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      staffPage(req, reply, req.params.store, OWNER, 'Search synonyms', async (ctx, frame) => {
        const note = await attempt(ctx, async (tx) => {
          const group = await saveSynonyms(tx, { id: req.params.id, phrases: phrasesOf(req.body.phrases) });
          return `Saved: ${group.phrases.join(', ')}.`;
        });
        return SynonymsPage(ctx, frame, req.params.store, note);
      }),
  );

  app.post(
    '/admin/s/:store/synonyms/:id/remove',
    {
      schema: { hide: true, params: SynonymParams, body: Type.Object({ _csrf: Type.String() }) },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      staffPage(req, reply, req.params.store, OWNER, 'Search synonyms', async (ctx, frame) => {
        const note = await attempt(ctx, async (tx) => {
          await removeSynonyms(tx, req.params.id);
          return 'Synonym group removed.';
        });
        return SynonymsPage(ctx, frame, req.params.store, note);
      }),
  );
}
