import type { SearchResult } from '#modules/catalog';
import { formatMoney } from '#platform/money.ts';
import { Pagination, ProductGrid, type PageFrame } from '../components.tsx';
import { Layout } from '../layout.tsx';
import { SORT_LABELS, SortForm } from './category.tsx';

export interface SearchData {
  frame: PageFrame;
  result: SearchResult | null;
  category: string | undefined;
  price: number | undefined;
  sort: string;
  popular: string[];
}

function priceLabel(minCents: number, maxCents: number | null, currency: string): string {
  if (minCents === 0 && maxCents !== null) return `Under ${formatMoney(maxCents, currency)}`;
  if (maxCents === null) return `${formatMoney(minCents, currency)} and over`;
  return `${formatMoney(minCents, currency)} – ${formatMoney(maxCents, currency)}`;
}

export function SearchPage({ frame, result, category, price, sort, popular }: SearchData) {
  const q = frame.query ?? '';
  const action = `${frame.base}/search`;
  const link = (params: Record<string, string | number | undefined>) => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries({
      q,
      category,
      price,
      sort: sort === 'relevance' ? undefined : sort,
      ...params,
    })) {
      if (v !== undefined && v !== '') search.set(k, String(v));
    }
    return `${action}?${search.toString()}`;
  };
  const currency = frame.tenant.policy.currency;
  return (
    <Layout frame={frame} title={q ? `Search: ${q}` : 'Search'}>
      <div class="with-sidebar">
        <aside class="sidebar" aria-label="Refine search">
          {result && result.facets.categories.length > 0 ? (
            <section class="side-block">
              <h2>Category</h2>
              <ul>
                {category ? (
                  <li>
                    <a href={link({ category: undefined, page: undefined })}>All categories</a>
                  </li>
                ) : null}
                {result.facets.categories.map((c) => (
                  <li key={c.slug}>
                    <a
                      href={link({ category: c.slug, page: undefined })}
                      aria-current={c.slug === category ? 'true' : undefined}
                    >
                      {c.name} <span class="count">{c.count}</span>
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {result && result.facets.prices.length > 0 ? (
            <section class="side-block">
              <h2>Price</h2>
              <ul>
                {price !== undefined ? (
                  <li>
                    <a href={link({ price: undefined, page: undefined })}>Any price</a>
                  </li>
                ) : null}
                {result.facets.prices.map((p) => (
                  <li key={p.bucket}>
                    <a
                      href={link({ price: p.bucket, page: undefined })}
                      aria-current={p.bucket === price ? 'true' : undefined}
                    >
                      {priceLabel(p.minCents, p.maxCents, currency)} <span class="count">{p.count}</span>
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {popular.length > 0 ? (
            <section class="side-block">
              <h2>Popular searches</h2>
              <ul class="chips">
                {popular.map((p) => (
                  <li key={p}>
                    <a href={`${action}?q=${encodeURIComponent(p)}`}>{p}</a>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <nav aria-label="Categories" class="side-block">
            <h2>Browse</h2>
            <ul>
              {frame.categories.map((c) => (
                <li key={c.slug}>
                  <a href={`${frame.base}/c/${c.slug}`}>{c.name}</a>
                </li>
              ))}
            </ul>
          </nav>
        </aside>
        <div class="content">
          {result ? (
            <>
              <h1>
                {result.total} {result.total === 1 ? 'result' : 'results'} for “{q}”
              </h1>
              {result.correctedQuery ? (
                <p class="did-you-mean">
                  Showing matches for{' '}
                  <a href={`${action}?q=${encodeURIComponent(result.correctedQuery)}`}>
                    “{result.correctedQuery}”
                  </a>
                </p>
              ) : null}
              {result.broadened ? (
                <p class="note">No product matched every word, so these match some of them.</p>
              ) : null}
              {result.total > 0 ? (
                <>
                  <div class="toolbar">
                    <p>
                      page {result.page} of {result.pageCount}
                    </p>
                    <SortForm
                      action={action}
                      sort={sort}
                      hidden={{
                        q,
                        ...(category ? { category } : {}),
                        ...(price !== undefined ? { price: String(price) } : {}),
                      }}
                      labels={{ relevance: 'Best match', ...SORT_LABELS }}
                    />
                  </div>
                  <ProductGrid frame={frame} products={result.items} />
                  <Pagination
                    page={result.page}
                    pageCount={result.pageCount}
                    href={(p) => link({ page: p })}
                  />
                </>
              ) : (
                <p class="empty">Nothing found. Try a shorter search, or browse the categories.</p>
              )}
            </>
          ) : (
            <>
              <h1>Search</h1>
              <p>Type a product, a series or a category above.</p>
            </>
          )}
        </div>
      </div>
    </Layout>
  );
}

/**
 * The list under the search box while typing (an htmx fragment): products whose names match,
 * and the full search for what was typed. Empty when nothing was typed.
 */
export function SearchSuggestions({
  base,
  q,
  suggestions,
}: {
  base: string;
  q: string;
  suggestions: { slug: string; name: string }[];
}) {
  if (!q) return <></>;
  return (
    <ul class="suggestion-list" aria-label="Suggestions">
      {suggestions.map((s) => (
        <li key={s.slug}>
          <a href={`${base}/p/${s.slug}`}>{s.name}</a>
        </li>
      ))}
      <li class="suggestion-all">
        <a href={`${base}/search?q=${encodeURIComponent(q)}`}>Search for “{q}”</a>
      </li>
    </ul>
  );
}
