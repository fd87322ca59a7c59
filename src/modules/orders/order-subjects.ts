import type { Ctx } from '#platform/ctx.ts';
import { normaliseOrderNumber } from './order-number.ts';
import { ordersRepository } from './orders.repository.ts';

/**
 * The people an order is about, by its number (compliance placing a legal hold): the member who
 * placed it, and the subject its details are sealed for. Empty when there is no such order or it
 * was anonymised already.
 */
export async function subjectsOfOrderNumber(ctx: Ctx, typedNumber: string): Promise<string[]> {
  const number = normaliseOrderNumber(typedNumber);
  const row = number ? await ordersRepository.byNumber(ctx.db, number) : undefined;
  if (!row) return [];
  return [...new Set([row.customerId, row.subjectId].filter((s): s is string => s !== null))];
}
