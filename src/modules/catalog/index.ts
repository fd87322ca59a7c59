/** Catalog: categories, products, variants, prices, search and anonymous popularity counters. */
export { createCategory, type CreateCategoryInput } from './create-category.ts';
export { createProduct, type CreateProductInput } from './create-product.ts';
export { listCategories, type CategoryView } from './list-categories.ts';
export { listProducts, type ListProductsInput, type ProductPage } from './list-products.ts';
export { getProduct, getProductPicture } from './get-product.ts';
export { hotSelling } from './hot-selling.ts';
export { rememberView, matchedFor, forgetBrowsing } from './browsing-history.ts';
export {
  searchProducts,
  suggestSearches,
  priceBucketBounds,
  PRICE_EDGES,
  type SearchInput,
  type SearchResult,
  type PriceFacet,
} from './search-products.ts';
export {
  recordProductView,
  recordSales,
  recordSearch,
  popularSearches,
  hidePopularSearch,
  showPopularSearch,
  keywordForStats,
} from './record-activity.ts';
export {
  productCardsByIds,
  type ProductCard,
  type ProductDetail,
  type VariantView,
} from './product-views.ts';
export type { DisplayPrice } from './pricing.ts';
export type { ProductSort } from './catalog.repository.ts';
export { ProductCardJson, withImage } from './catalog.routes.ts';
export { catalogModule } from './catalog.module.ts';
export { pricedVariants, variantIdOfSku, type PricedVariant } from './priced-variants.ts';
export { flushActivity, activityBuffer, ActivityBuffer } from './activity-buffer.ts';
export { CATALOG_CHANGED } from './catalog.repository.ts';
export { searchReport } from './search-report.ts';
export {
  listVariantsForOwner,
  listProductsForOwner,
  productForOwner,
  type AdminVariant,
  type AdminProduct,
} from './catalog-admin.ts';
export { updateProduct, type UpdateProductInput } from './update-product.ts';
export { addVariant, type AddVariantInput } from './add-variant.ts';
export { changeVariant, type ChangeVariantInput } from './change-variant.ts';
export { listSynonyms, saveSynonyms, removeSynonyms, type SynonymGroup } from './manage-synonyms.ts';
export type { ProductDetails } from './product-details.ts';
export { setProductRating } from './product-rating.ts';
