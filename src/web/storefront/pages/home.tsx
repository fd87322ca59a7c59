import type { ProductCard } from '#modules/catalog';
import type { Campaign } from '#modules/tenants';
import { CampaignBanner, ProductGrid, Sidebar, type PageFrame } from '../components.tsx';
import { Layout } from '../layout.tsx';

export interface HomeData {
  frame: PageFrame;
  campaigns: Campaign[];
  hot: ProductCard[];
  featured: { slug: string; name: string; products: ProductCard[] }[];
}

export function HomePage({ frame, campaigns, hot, featured }: HomeData) {
  const hero = campaigns[0];
  return (
    <Layout frame={frame} title="Home">
      <div class="with-sidebar">
        <Sidebar frame={frame} hot={hot.slice(0, 5)} campaigns={campaigns} />
        <div class="content">
          {hero ? (
            <CampaignBanner campaign={hero} frame={frame} />
          ) : (
            <section class="banner banner-calm">
              <div>
                <h1>{frame.tenant.name}</h1>
                <p>{frame.tenant.tagline}</p>
              </div>
            </section>
          )}
          <section aria-labelledby="hot-heading">
            <h2 id="hot-heading">Hot-selling now</h2>
            <ProductGrid frame={frame} products={hot} />
          </section>
          {featured.map((f) => (
            <section aria-label={f.name} key={f.slug}>
              <div class="section-head">
                <h2>{f.name}</h2>
                <a href={`${frame.base}/c/${f.slug}`}>See all</a>
              </div>
              <ProductGrid frame={frame} products={f.products} />
            </section>
          ))}
        </div>
      </div>
    </Layout>
  );
}
