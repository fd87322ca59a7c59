import type { CategoryView, ProductCard, ProductPage } from '#modules/catalog';
import type { Campaign } from '#modules/tenants';
import { Pagination, ProductGrid, Sidebar, type PageFrame } from '../components.tsx';
import { Layout } from '../layout.tsx';

export const SORT_LABELS: Record<string, string> = {
  popular: 'Best selling',
  price_asc: 'Price: low to high',
  price_desc: 'Price: high to low',
  newest: 'Newest',
  name: 'Name',
};

export interface CategoryData {
  frame: PageFrame;
  category: CategoryView;
  page: ProductPage;
  sort: string;
  hot: ProductCard[];
  campaigns: Campaign[];
}

export function SortForm({
  action,
  sort,
  hidden,
  labels,
}: {
  action: string;
  sort: string;
  hidden: Record<string, string>;
  labels: Record<string, string>;
}) {
  return (
    <form class="sort" action={action} method="get">
      {Object.entries(hidden).map(([k, v]) => (
        <input type="hidden" name={k} value={v} key={k} />
      ))}
      <label for="sort">Sort by</label>
      <select id="sort" name="sort">
        {Object.entries(labels).map(([value, label]) => (
          <option value={value} selected={value === sort} key={value}>
            {label}
          </option>
        ))}
      </select>
      <button type="submit">Apply</button>
    </form>
  );
}

export function CategoryPage({ frame, category, page, sort, hot, campaigns }: CategoryData) {
  const action = `${frame.base}/c/${category.slug}`;
  return (
    <Layout frame={frame} title={category.name}>
      <div class="with-sidebar">
        <Sidebar frame={frame} hot={hot} campaigns={campaigns} current={category.slug} />
        <div class="content">
          <nav class="crumbs" aria-label="Breadcrumb">
            <a href={frame.base || '/'}>Home</a> › <span>{category.name}</span>
          </nav>
          <h1>{category.name}</h1>
          <p class="lede">{category.description}</p>
          <div class="toolbar">
            <p>
              {page.total} products · page {page.page} of {page.pageCount}
            </p>
            <SortForm action={action} sort={sort} hidden={{}} labels={SORT_LABELS} />
          </div>
          <ProductGrid frame={frame} products={page.items} />
          <Pagination
            page={page.page}
            pageCount={page.pageCount}
            href={(p) => `${action}?sort=${sort}&page=${p}`}
          />
        </div>
      </div>
    </Layout>
  );
}
