import type { Ctx } from '#platform/ctx.ts';
import { actorLabel, roleOfActor } from '#platform/actor.ts';
import { conflict, forbidden, invalid, notFound } from '#platform/errors.ts';
import { newId } from '#platform/ids.ts';
import { readPersonal } from '#modules/privacy';
import { orderFacts, viewOrder } from '#modules/orders';
import { readOwnProfile } from '#modules/accounts';
import { setProductRating } from '#modules/catalog';
import { reviewsRepository, type ReviewRow } from './reviews.repository.ts';

/** The name a guest's review is shown under (guests have no nickname). */
export const GUEST_REVIEWER = 'Verified buyer';
export const REVIEW_MAX = 2000;

/**
 * A verified purchaser reviews a product of a delivered order (SF-6): the member who placed it or
 * the holder of its access grant. One review per order and product; stars 1–5 and a text. It waits
 * for the owner's moderation; the shopper's nickname (a member) or "Verified buyer" (a guest) is
 * the only name it will be shown under.
 */
export async function submitReview(
  ctx: Ctx,
  typedNumber: string,
  input: { sku: string; rating: number; text: string },
): Promise<{ id: string }> {
  const order = await viewOrder(ctx, typedNumber);
  if (order.status !== 'delivered')
    throw conflict(`order ${order.number} has not been delivered yet; review it once it has arrived`);
  const facts = await orderFacts(ctx, order.id);
  const line = facts?.lines.find((l) => l.sku === input.sku);
  if (!facts?.subjectId || !line) throw invalid(`${input.sku.slice(0, 40)} is not in order ${order.number}`);
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5)
    throw invalid('rating must be 1 to 5 stars');
  const text = input.text.trim();
  if (text.length < 3 || text.length > REVIEW_MAX)
    throw invalid(`the review must be 3–${REVIEW_MAX} characters`);
  const name =
    ctx.actor.kind === 'member' ? ((await readOwnProfile(ctx))?.nickname ?? GUEST_REVIEWER) : GUEST_REVIEWER;
  const id = newId('rev', ctx.now());
  const sealed = await ctx.vault.seal(ctx, facts.subjectId, 'reviews.review', id, {
    body: text,
    display_name: name,
  });
  const inserted = await reviewsRepository.insertOnce(ctx.db, {
    id,
    productId: line.productId,
    orderId: order.id,
    subjectId: facts.subjectId,
    rating: input.rating,
    body: sealed.body!,
    displayName: sealed.display_name!,
    status: 'pending',
    createdAt: ctx.now(),
  });
  if (!inserted) throw conflict(`${line.productName} of order ${order.number} is already reviewed`);
  return { id };
}

/** A review waiting for (or past) moderation, as the owner reads it. */
export interface ReviewForModeration {
  id: string;
  rating: number;
  text: string | null;
  name: string | null;
  status: string;
  createdAt: Date;
}

const assertOwner = (ctx: Ctx) => {
  if (roleOfActor(ctx.actor) !== 'owner') throw forbidden('only the owner moderates reviews');
};

async function open(ctx: Ctx, row: ReviewRow) {
  return readPersonal(
    ctx,
    {
      table: 'reviews.review',
      rowId: row.id,
      subjectId: row.subjectId,
      values: { body: row.body, display_name: row.displayName },
    },
    'reviews',
  );
}

/** Reviews waiting for moderation, newest first, opened for the owner (each read audited). */
export async function pendingReviews(ctx: Ctx, limit = 50): Promise<ReviewForModeration[]> {
  assertOwner(ctx);
  const rows = await reviewsRepository.ofStatus(ctx.db, 'pending', Math.min(Math.max(limit, 1), 200));
  const out: ReviewForModeration[] = [];
  for (const row of rows) {
    const opened = await open(ctx, row);
    out.push({
      id: row.id,
      rating: row.rating,
      text: opened.body ?? null,
      name: opened.display_name ?? null,
      status: row.status,
      createdAt: row.createdAt,
    });
  }
  return out;
}

/**
 * The owner publishes or rejects a pending review (SF-6). Publishing makes its text and name
 * public on the product page and updates the product's average; deciding again changes nothing.
 */
export async function moderateReview(
  ctx: Ctx,
  reviewId: string,
  decision: 'publish' | 'reject',
): Promise<string> {
  assertOwner(ctx);
  const row = await reviewsRepository.byIdForUpdate(ctx.db, reviewId);
  if (!row) throw notFound('review', reviewId);
  if (row.status !== 'pending') return row.status;
  const at = { moderatedAt: ctx.now(), moderatedBy: actorLabel(ctx.actor) };
  if (decision === 'reject') {
    await reviewsRepository.update(ctx.db, row.id, { status: 'rejected', ...at });
    return 'rejected';
  }
  const opened = await open(ctx, row);
  if (!opened.body) throw conflict('this review was erased with its author');
  await reviewsRepository.update(ctx.db, row.id, {
    status: 'published',
    publishedBody: opened.body,
    publishedName: opened.display_name ?? GUEST_REVIEWER,
    ...at,
  });
  await setProductRating(ctx, row.productId, await reviewsRepository.totals(ctx.db, row.productId));
  return 'published';
}

/** What a product page shows of its published reviews: stars, text, the name chosen, the day. */
export async function publishedReviews(
  ctx: Ctx,
  productId: string,
  limit = 20,
): Promise<{ rating: number; text: string; name: string; at: Date }[]> {
  const rows = await reviewsRepository.publishedOf(ctx.db, productId, limit);
  return rows.map((r) => ({
    rating: r.rating,
    text: r.publishedBody ?? '',
    name: r.publishedName ?? GUEST_REVIEWER,
    at: r.moderatedAt ?? r.createdAt,
  }));
}

/** The SKUs of an order already reviewed (the order page offers the rest). */
export async function reviewedProductsOf(
  ctx: Ctx,
  orderId: string,
): Promise<{ productId: string; status: string }[]> {
  return (await reviewsRepository.ofOrder(ctx.db, orderId)).map((r) => ({
    productId: r.productId,
    status: r.status,
  }));
}

/** Erasure: the subject's reviews go, published ones too, and the products' averages follow. */
export async function eraseReviews(ctx: Ctx, subjectId: string): Promise<number> {
  // The store may keep published reviews, signed "Verified buyer" and linked to nobody (DR-4).
  const kept =
    ctx.tenant.policy.reviewsOnErasure === 'keep_as_verified_buyer'
      ? await reviewsRepository.anonymisePublished(ctx.db, subjectId, GUEST_REVIEWER)
      : [];
  const gone = await reviewsRepository.deleteOfSubject(ctx.db, subjectId);
  for (const productId of new Set(gone.filter((r) => r.status === 'published').map((r) => r.productId)))
    await setProductRating(ctx, productId, await reviewsRepository.totals(ctx.db, productId));
  return kept.length + gone.length;
}
