import type { Ctx } from '#platform/ctx.ts';
import { recordCharge } from '#modules/payments';
import { ordersRepository } from './orders.repository.ts';

/**
 * Start-up upgrade: orders placed before the payments ledger existed kept their charge id in the
 * clear; each becomes a sealed ledger entry (the charge's idempotency key makes a repeat harmless)
 * and the old columns are emptied. A later migration drops them.
 */
export async function moveLegacyCharges(ctx: Ctx): Promise<void> {
  for (const row of await ordersRepository.withLegacyCharge(ctx.db)) {
    if (row.subjectId)
      await recordCharge(ctx, {
        orderId: row.id,
        subjectId: row.subjectId,
        amountCents: row.totalCents,
        currency: row.currency,
        providerRef: row.legacyPaymentChargeId!,
        idempotencyKey: `legacy:${row.id}`,
      });
    await ordersRepository.clearLegacyCharge(ctx.db, row.id);
  }
}
