import type { Ctx } from '#platform/ctx.ts';
import { notFound } from '#platform/errors.ts';
import { catalogRepository, type ProductSort } from './catalog.repository.ts';
import { pricingContext, toCards, type ProductCard } from './product-views.ts';

export interface ListProductsInput {
  categorySlug?: string | undefined;
  sort?: Exclude<ProductSort, 'relevance'> | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

/** A page of products, newest first page = 1. */
export interface ProductPage {
  items: ProductCard[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

/** Lists the catalog or one category, sorted and paginated, with current prices. */
export async function listProducts(ctx: Ctx, input: ListProductsInput = {}): Promise<ProductPage> {
  const { categories, discounts } = await pricingContext(ctx);
  const cat = input.categorySlug ? categories.find((c) => c.slug === input.categorySlug) : undefined;
  if (input.categorySlug && !cat) throw notFound('category', input.categorySlug);
  const pageSize = input.pageSize ?? 24;
  const page = input.page ?? 1;
  const { rows, total } = await catalogRepository.pageProducts(
    ctx.db,
    { categoryId: cat?.id },
    discounts,
    input.sort ?? 'popular',
    pageSize,
    (page - 1) * pageSize,
  );
  return {
    items: await toCards(ctx, rows, categories),
    total,
    page,
    pageSize,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
  };
}
