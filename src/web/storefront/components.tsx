import type { ComponentChildren } from 'preact';
import type { CategoryView, DisplayPrice, ProductCard } from '#modules/catalog';
import type { Campaign, Tenant } from '#modules/tenants';
import { formatMoney } from '#platform/money.ts';

/** What every storefront page knows about where it is. */
export interface PageFrame {
  tenant: Tenant;
  /** The request's time (`ctx.now()`): which policy version is in effect, which campaigns run. */
  now: Date;
  /** URL prefix for links: '' on the store's own host, '/s/<slug>' otherwise. */
  base: string;
  categories: CategoryView[];
  /** Units in the visitor's cart, for the header (0 without a cart). */
  cartUnits?: number;
  /** The search box's current text. */
  query?: string;
}

export function Price({ price, from }: { price: DisplayPrice; from?: boolean }) {
  const discounted = price.nowCents < price.wasCents;
  return (
    <span class="price">
      {from ? <span class="price-from">from </span> : null}
      <strong class={discounted ? 'price-now sale' : 'price-now'}>
        {formatMoney(price.nowCents, price.currency)}
      </strong>
      {discounted ? (
        <>
          {' '}
          <s class="price-was" aria-label="was">
            {formatMoney(price.wasCents, price.currency)}
          </s>{' '}
          <span class="badge">−{price.percentOff}%</span>
        </>
      ) : null}
    </span>
  );
}

/** Stars out of five, as text a screen reader says ("4.5 out of 5 stars"). */
export function Stars({ average }: { average: number }) {
  const full = Math.round(average);
  return (
    <span class="stars" role="img" aria-label={`${average} out of 5 stars`}>
      {'★'.repeat(full)}
      {'☆'.repeat(5 - full)}
    </span>
  );
}

/** A product in a grid; `children` adds actions below it (e.g. "Remove" on the wishlist). */
export function ProductTile({
  frame,
  product,
  children,
}: {
  frame: PageFrame;
  product: ProductCard;
  children?: ComponentChildren;
}) {
  const href = `${frame.base}/p/${product.slug}`;
  return (
    <li class="tile">
      <a href={href} class="tile-link">
        <img
          src={`${frame.base}/images/products/${product.slug}.svg`}
          alt=""
          width="320"
          height="320"
          loading="lazy"
        />
        <span class="tile-name">{product.name}</span>
      </a>
      <span class="tile-meta">{product.series ?? product.categoryName}</span>
      <Price price={product.price} from={product.hasPriceRange} />
      {product.rating ? (
        <span class="tile-rating">
          <Stars average={product.rating.average} /> <small>({product.rating.count})</small>
        </span>
      ) : null}
      {product.inStock ? null : <span class="out">Out of stock</span>}
      {children}
    </li>
  );
}

export function ProductGrid({ frame, products }: { frame: PageFrame; products: ProductCard[] }) {
  return (
    <ul class="grid">
      {products.map((p) => (
        <ProductTile frame={frame} product={p} key={p.id} />
      ))}
    </ul>
  );
}

const campaignDays = new Intl.DateTimeFormat('en-US', {
  weekday: 'long',
  month: 'long',
  day: 'numeric',
  timeZone: 'UTC',
});
/** A campaign's last day as shoppers read it ("Sunday, January 17"); campaign dates are UTC days. */
export const campaignDay = (isoDay: string) => campaignDays.format(new Date(`${isoDay}T00:00:00Z`));

export function CampaignBanner({ campaign, frame }: { campaign: Campaign; frame: PageFrame }) {
  const target = campaign.categorySlugs?.[0];
  return (
    <section class={`banner banner-${campaign.theme}`} aria-label="Campaign">
      <div>
        <p class="banner-kicker">
          {frame.tenant.policy.storewideDiscountPercent > 0
            ? `${frame.tenant.policy.storewideDiscountPercent}% off everything`
            : 'Now on'}
        </p>
        <h1>{campaign.title}</h1>
        <p>{campaign.subtitle}</p>
        {campaign.endsOn ? <p class="banner-ends">Ends {campaignDay(campaign.endsOn)}</p> : null}
        <a class="button" href={target ? `${frame.base}/c/${target}` : `${frame.base}/search?q=`}>
          Shop the {campaign.title}
        </a>
      </div>
    </section>
  );
}

/** The left sidebar: categories, hot-selling goods and promotions (SF-1). */
export function Sidebar({
  frame,
  hot,
  campaigns,
  current,
  children,
}: {
  frame: PageFrame;
  hot: ProductCard[];
  campaigns: Campaign[];
  current?: string;
  children?: ComponentChildren;
}) {
  return (
    <aside class="sidebar">
      {children}
      <nav aria-label="Categories" class="side-block">
        <h2>Categories</h2>
        <ul>
          {frame.categories.map((c) => (
            <li key={c.slug}>
              <a href={`${frame.base}/c/${c.slug}`} aria-current={c.slug === current ? 'page' : undefined}>
                {c.name} <span class="count">{c.productCount}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {hot.length > 0 ? (
        <section class="side-block" aria-label="Hot-selling">
          <h2>Hot-selling</h2>
          <ol class="hot">
            {hot.map((p) => (
              <li key={p.id}>
                <a href={`${frame.base}/p/${p.slug}`}>{p.name}</a>
                <Price price={p.price} />
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {/* "Matched for you", only for a shopper who turned personalisation on (SF-3, CN-1): asked
          for after the page arrived, so the page itself stays the same for everyone. */}
      <div
        id="for-you-side"
        hx-get={`${frame.base}/for-you?place=side`}
        hx-trigger="load"
        hx-swap="outerHTML"
      />
      {campaigns.length > 0 ? (
        <section class="side-block promo" aria-label="Promotions">
          <h2>Promotions</h2>
          {campaigns.map((c) => (
            <p key={c.slug}>
              <strong>{c.title}</strong>
              <br />
              {c.subtitle}
            </p>
          ))}
        </section>
      ) : null}
    </aside>
  );
}

export function Pagination({
  page,
  pageCount,
  href,
}: {
  page: number;
  pageCount: number;
  href: (page: number) => string;
}) {
  if (pageCount <= 1) return null;
  const pages = Array.from({ length: pageCount }, (_, i) => i + 1);
  return (
    <nav class="pagination" aria-label="Pages">
      {page > 1 ? (
        <a href={href(page - 1)} rel="prev">
          ← Previous
        </a>
      ) : (
        <span />
      )}
      <span class="pages">
        {pages.map((p) =>
          p === page ? (
            <span aria-current="page" key={p}>
              {p}
            </span>
          ) : (
            <a href={href(p)} key={p}>
              {p}
            </a>
          ),
        )}
      </span>
      {page < pageCount ? (
        <a href={href(page + 1)} rel="next">
          Next →
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}

/** What just happened above a form (a confirmation), or what stops it (a problem), in plain words. */
export function FormNotes({
  notice,
  problem,
}: {
  notice?: string | undefined;
  problem?: string | undefined;
}) {
  return (
    <>
      {notice ? (
        <p class="confirm" role="status">
          {notice}
        </p>
      ) : null}
      {problem ? (
        <p class="form-error" role="alert">
          {problem}
        </p>
      ) : null}
    </>
  );
}
