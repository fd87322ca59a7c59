import type { ProductCard } from '#modules/catalog';
import { ProductTile, type PageFrame } from '../components.tsx';
import { Layout } from '../layout.tsx';

export function WishlistPage({ frame, items }: { frame: PageFrame; items: ProductCard[] }) {
  return (
    <Layout frame={frame} title="Your wishlist">
      <h1>Your wishlist</h1>
      {items.length === 0 ? (
        <p class="empty">Nothing saved yet. Use “Save to wishlist” on a product page.</p>
      ) : (
        <ul class="grid">
          {items.map((p) => (
            <ProductTile frame={frame} product={p} key={p.id}>
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
