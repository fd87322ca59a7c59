import type { ProductCard } from '#modules/catalog';
import { Price, type PageFrame } from '../components.tsx';
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
            <li class="tile" key={p.id}>
              <a href={`${frame.base}/p/${p.slug}`} class="tile-link">
                <img
                  src={`${frame.base}/images/products/${p.slug}.svg`}
                  alt=""
                  width="320"
                  height="320"
                  loading="lazy"
                />
                <span class="tile-name">{p.name}</span>
              </a>
              <Price price={p.price} from={p.hasPriceRange} />
              <form method="post" action={`${frame.base}/wishlist/remove`}>
                <input type="hidden" name="slug" value={p.slug} />
                <button type="submit" class="link-button">
                  Remove
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
