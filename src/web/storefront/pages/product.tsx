import type { ProductCard, ProductDetail } from '#modules/catalog';
import { Price, ProductGrid, Stars, type PageFrame } from '../components.tsx';
import { MAX_UNITS_PER_LINE } from '#modules/cart';
import { GUEST_REVIEWER } from '#modules/reviews';
import { Layout } from '../layout.tsx';
import { PRODUCT_VIEWS } from '../images.ts';

export interface ProductData {
  frame: PageFrame;
  product: ProductDetail;
  selectedSku: string;
  related: ProductCard[];
  /** Published reviews, newest first (SF-6). */
  reviews?: { rating: number; text: string; name: string; at: Date }[];
}

/**
 * A size guide from the variants' titles: rug sizes in feet also in centimetres, bottle sizes in
 * millilitres also in US fluid ounces. Titles it cannot read are left out; none read, no guide.
 */
export function sizeGuide(titles: string[]): { size: string; metric: string; imperial: string }[] {
  const rows: { size: string; metric: string; imperial: string }[] = [];
  for (const title of titles) {
    const feet = /^(\d+(?:\.\d+)?)['′]\s*[×x]\s*(\d+(?:\.\d+)?)['′]$/.exec(title.trim());
    if (feet) {
      const [w, l] = [Number(feet[1]), Number(feet[2])];
      const cm = (ft: number) => Math.round(ft * 30.48);
      rows.push({ size: title, metric: `${cm(w)} × ${cm(l)} cm`, imperial: `${w} × ${l} ft` });
      continue;
    }
    const ml = /^(?:(\d+)\s*×\s*)?(\d+(?:\.\d+)?)\s*ml$/i.exec(title.trim());
    if (ml) {
      const count = ml[1] ? `${ml[1]} × ` : '';
      const oz = (Number(ml[2]) / 29.5735).toFixed(Number(ml[2]) < 30 ? 2 : 1);
      rows.push({ size: title, metric: `${count}${ml[2]} ml`, imperial: `${count}${oz} fl oz` });
    }
  }
  return rows;
}

export function ProductPage({ frame, product, selectedSku, related, reviews = [] }: ProductData) {
  const selected = product.variants.find((v) => v.sku === selectedSku) ?? product.variants[0]!;
  const policy = frame.tenant.policy;
  const href = `${frame.base}/p/${product.slug}`;
  const guide = sizeGuide(product.variants.map((v) => v.title));
  return (
    <Layout frame={frame} title={product.name}>
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href={frame.base || '/'}>Home</a> ›{' '}
        <a href={`${frame.base}/c/${product.categorySlug}`}>{product.categoryName}</a> ›{' '}
        <span>{product.name}</span>
      </nav>
      <article class="product">
        <div class="gallery">
          <img
            class="product-image"
            src={`${frame.base}/images/products/${product.slug}.svg`}
            alt={`${product.name}, ${PRODUCT_VIEWS[0]!.label}`}
            width="560"
            height="560"
          />
          <ul class="gallery-more">
            {PRODUCT_VIEWS.slice(1).map((v) => (
              <li key={v.view}>
                <img
                  src={`${frame.base}/images/products/${product.slug}.svg?view=${v.view}`}
                  alt={`${product.name}, ${v.label}`}
                  width="270"
                  height="270"
                  loading="lazy"
                />
              </li>
            ))}
          </ul>
        </div>
        <div class="product-info">
          {product.series ? <p class="series">{product.series}</p> : null}
          <h1>{product.name}</h1>
          {product.rating ? (
            <p class="rating-line">
              <a href="#reviews">
                <Stars average={product.rating.average} /> {product.rating.average.toFixed(1)} ·{' '}
                {product.rating.count} {product.rating.count === 1 ? 'review' : 'reviews'}
              </a>
            </p>
          ) : null}
          <p class="product-price">
            <Price price={selected.price} />
          </p>
          <fieldset class="variants">
            <legend>{product.variants.length > 1 ? 'Choose a size' : 'Size'}</legend>
            <ul>
              {product.variants.map((v) => (
                <li key={v.sku}>
                  <a
                    href={`${href}?variant=${encodeURIComponent(v.sku)}`}
                    class={v.sku === selected.sku ? 'variant selected' : 'variant'}
                    aria-current={v.sku === selected.sku ? 'true' : undefined}
                  >
                    <span>{v.title}</span> <Price price={v.price} />
                    {v.stock > 0 ? null : <span class="out"> · sold out</span>}
                  </a>
                </li>
              ))}
            </ul>
          </fieldset>
          {selected.stock > 0 ? (
            <form class="add-to-cart" method="post" action={`${frame.base}/cart/add`}>
              <input type="hidden" name="sku" value={selected.sku} />
              <label for="quantity">Quantity</label>
              <select id="quantity" name="quantity">
                {Array.from({ length: Math.min(selected.stock, MAX_UNITS_PER_LINE) }, (_, i) => (
                  <option value={String(i + 1)} key={i}>
                    {i + 1}
                  </option>
                ))}
              </select>
              <button type="submit" class="button">
                Add to cart
              </button>
            </form>
          ) : null}
          <form
            class="save-form"
            method="post"
            action={`${frame.base}/wishlist/save`}
            hx-post={`${frame.base}/wishlist/save`}
            hx-swap="outerHTML"
          >
            <input type="hidden" name="slug" value={product.slug} />
            <button type="submit" class="link-button">
              ♡ Save to wishlist
            </button>
          </form>
          <p class={selected.stock > 0 ? 'stock in' : 'stock out'}>
            {selected.stock > 10
              ? 'In stock'
              : selected.stock > 0
                ? `Only ${selected.stock} left`
                : 'Sold out'}
          </p>
          <p class="description">{product.description}</p>
          {product.details.notes ? (
            <dl class="notes">
              {(['top', 'heart', 'base'] as const).map((tier) =>
                product.details.notes![tier].length > 0 ? (
                  <div key={tier}>
                    <dt>{{ top: 'Top notes', heart: 'Heart notes', base: 'Base notes' }[tier]}</dt>
                    <dd>{product.details.notes![tier].join(', ')}</dd>
                  </div>
                ) : null,
              )}
            </dl>
          ) : null}
          {product.details.ingredients ? (
            <p class="ingredients">
              <strong>Key ingredients:</strong> {product.details.ingredients.join(', ')}
            </p>
          ) : null}
          {guide.length > 0 ? (
            <table class="size-guide">
              <caption>Size guide</caption>
              <thead>
                <tr>
                  <th scope="col">Size</th>
                  <th scope="col">Metric</th>
                  <th scope="col">US</th>
                </tr>
              </thead>
              <tbody>
                {guide.map((g) => (
                  <tr key={g.size}>
                    <th scope="row">{g.size}</th>
                    <td>{g.metric}</td>
                    <td>{g.imperial}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <ul class="facts">
            <li>
              Ships in {policy.processingDays.min}–{policy.processingDays.max} days; delivered in{' '}
              {policy.deliveryDays.min}–{policy.deliveryDays.max} days
            </li>
            {policy.freeShipping.enabled ? <li>Free shipping worldwide</li> : null}
            <li>
              {policy.returns.windowDays}-day {policy.returns.freeReturnShipping ? 'free ' : ''}returns
            </li>
            <li>SKU {selected.sku}</li>
          </ul>
        </div>
      </article>
      <section class="reviews" id="reviews" aria-label="Reviews">
        <h2>Reviews</h2>
        {reviews.length === 0 ? (
          <p class="note">No reviews yet. Buyers can review a product once it has reached them.</p>
        ) : (
          <ol class="review-list">
            {reviews.map((r) => (
              <li class="review">
                <p>
                  <Stars average={r.rating} /> <strong>{r.name}</strong>{' '}
                  <span class="muted">
                    {r.name === GUEST_REVIEWER ? '' : 'verified buyer · '}
                    {r.at.toLocaleDateString('en-GB', {
                      day: 'numeric',
                      month: 'long',
                      year: 'numeric',
                      timeZone: frame.tenant.policy.timeZone,
                    })}
                  </span>
                </p>
                <p>{r.text}</p>
              </li>
            ))}
          </ol>
        )}
      </section>
      {related.length > 0 ? (
        <section aria-label="More from this category">
          <h2>Best sellers in {product.categoryName}</h2>
          <ProductGrid frame={frame} products={related} />
        </section>
      ) : null}
      {/* "Matched for you" comes from the shopper's own browsing, only with their consent (SF-3):
          asked for after the page arrived, so the page itself stays the same for everyone. */}
      <div
        id="for-you"
        hx-get={`${frame.base}/for-you?viewing=${product.slug}`}
        hx-trigger="load"
        hx-swap="outerHTML"
      />
    </Layout>
  );
}
