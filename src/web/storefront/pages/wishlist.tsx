import type { ProductCard } from '#modules/catalog';
import { ProductTile, type PageFrame } from '../components.tsx';
import { Layout } from '../layout.tsx';

export function WishlistPage({
  frame,
  items,
  done,
}: {
  frame: PageFrame;
  items: ProductCard[];
  /** What the last action did: a product saved (its slug), or one removed. */
  done?: { saved: string } | { removed: true } | undefined;
}) {
  const saved = done && 'saved' in done ? items.find((p) => p.slug === done.saved) : undefined;
  return (
    <Layout frame={frame} title="Your wishlist">
      <h1>Your wishlist</h1>
      {saved ? (
        <p class="confirm" role="status">
          Saved {saved.name} to your wishlist. <a href={`${frame.base}/p/${saved.slug}`}>Back to it</a>
        </p>
      ) : null}
      {done && 'removed' in done ? (
        <p class="confirm" role="status">
          Removed from your wishlist.
        </p>
      ) : null}
      {items.length === 0 ? (
        <p class="empty">Nothing saved yet. Use “Save to wishlist” on a product page.</p>
      ) : (
        <ul class="grid">
          {items.map((p) => (
            <ProductTile frame={frame} product={p} key={p.id}>
              {p.inStock ? (
                <a class="button small" href={`${frame.base}/p/${p.slug}`}>
                  Choose size and add to cart
                </a>
              ) : (
                <span class="muted">Sold out for now</span>
              )}
              <form method="post" action={`${frame.base}/wishlist/remove`}>
                <input type="hidden" name="slug" value={p.slug} />
                <button type="submit" class="link-button">
                  Remove
                </button>
              </form>
            </ProductTile>
          ))}
        </ul>
      )}
    </Layout>
  );
}
