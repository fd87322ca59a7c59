import type { Ctx } from '#platform/ctx.ts';
import { categoriesOf } from './categories-of.ts';

/** A category as navigation shows it. */
export interface CategoryView {
  slug: string;
  name: string;
  description: string;
  motif: string;
  productCount: number;
}

/** The tenant's categories in display order, with product counts. */
export async function listCategories(ctx: Ctx): Promise<CategoryView[]> {
  const rows = await categoriesOf(ctx);
  return rows.map(({ slug, name, description, motif, productCount }) => ({
    slug,
    name,
    description,
    motif,
    productCount,
  }));
}
