import type { ProductCard, ProductDetail } from '#modules/catalog';
import { Price, ProductGrid, type PageFrame } from '../components.tsx';
import { Layout } from '../layout.tsx';

export interface ProductData {
  frame: PageFrame;
  product: ProductDetail;
  selectedSku: string;
  related: ProductCard[];
}

export function ProductPage({ frame, product, selectedSku, related }: ProductData) {
  const selected = product.variants.find((v) => v.sku === selectedSku) ?? product.variants[0]!;
  const policy = frame.tenant.policy;
  const href = `${frame.base}/p/${product.slug}`;
  return (
    <Layout frame={frame} title={product.name}>
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href={frame.base || '/'}>Home</a> ›{' '}
        <a href={`${frame.base}/c/${product.categorySlug}`}>{product.categoryName}</a> ›{' '}
        <span>{product.name}</span>
      </nav>
      <article class="product">
        <img
          class="product-image"
          src={`${frame.base}/images/products/${product.slug}.svg`}
          alt={product.name}
          width="560"
          height="560"
        />
        <div class="product-info">
          {product.series ? <p class="series">{product.series}</p> : null}
          <h1>{product.name}</h1>
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
                {Array.from({ length: Math.min(selected.stock, 10) }, (_, i) => (
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
          <form class="save-form" method="post" action={`${frame.base}/wishlist/save`}>
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
      {related.length > 0 ? (
        <section aria-label="More from this category">
          <h2>Best sellers in {product.categoryName}</h2>
          <ProductGrid frame={frame} products={related} />
        </section>
      ) : null}
    </Layout>
  );
}
