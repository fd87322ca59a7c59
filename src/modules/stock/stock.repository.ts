import { and, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '#db/client.ts';
import { level, movement } from './stock.schema.ts';

/** A movement to write together with its level change. */
export interface MovementRow {
  id: string;
  variantId: string;
  kind: string;
  quantity: number;
  orderId: string | null;
  reason: string | null;
  at: Date;
  actor: string;
}

/** All SQL of the stock module. */
export const stockRepository = {
  /**
   * Applies a movement and changes the level in one statement. A negative movement applies only
   * if that many units are on hand (concurrent sales queue on the row lock and each re-checks what
   * it finds: no overselling); returns false when it did not apply.
   */
  async move(db: Db, m: MovementRow): Promise<boolean> {
    const rows = await queryRows<{ variant_id: string }>(
      db,
      sql`with changed as (
            update ${level} set on_hand = on_hand + ${m.quantity}
            where variant_id = ${m.variantId} and on_hand + ${m.quantity} >= 0
            returning variant_id)
          insert into ${movement} (id, variant_id, kind, quantity, order_id, reason, at, actor)
          select ${m.id}, variant_id, ${m.kind}, ${m.quantity}, ${m.orderId}, ${m.reason}, ${m.at}, ${m.actor}
          from changed
          returning variant_id`,
    );
    return rows.length === 1;
  },
  /** Creates a variant's level with its opening movement (a receipt), in one statement. */
  async open(db: Db, m: MovementRow): Promise<void> {
    await queryRows(
      db,
      sql`with opened as (
            insert into ${level} (variant_id, on_hand) values (${m.variantId}, ${m.quantity}) returning variant_id)
          insert into ${movement} (id, variant_id, kind, quantity, order_id, reason, at, actor)
          select ${m.id}, variant_id, ${m.kind}, ${m.quantity}, null, ${m.reason}, ${m.at}, ${m.actor} from opened`,
    );
  },
  async levels(db: Db, variantIds: string[]): Promise<Map<string, number>> {
    if (variantIds.length === 0) return new Map();
    const rows = await db
      .select({ variantId: level.variantId, onHand: level.onHand })
      .from(level)
      .where(inArray(level.variantId, variantIds));
    return new Map(rows.map((r) => [r.variantId, r.onHand]));
  },
  async movementsOf(db: Db, variantId: string) {
    return db
      .select()
      .from(movement)
      .where(eq(movement.variantId, variantId))
      .orderBy(movement.at, movement.id);
  },
  async movementsOfOrder(db: Db, orderId: string) {
    return db
      .select()
      .from(movement)
      .where(and(eq(movement.orderId, orderId)));
  },
  /** Variants whose level differs from the sum of their movements (should always be none). */
  async drifted(db: Db): Promise<{ variantId: string; onHand: number; ledger: number }[]> {
    const rows = await queryRows<{ variant_id: string; on_hand: number; ledger: number }>(
      db,
      sql`select l.variant_id, l.on_hand, coalesce(sum(m.quantity), 0)::int as ledger
          from ${level} l left join ${movement} m on m.variant_id = l.variant_id
          group by l.variant_id, l.on_hand
          having l.on_hand <> coalesce(sum(m.quantity), 0)`,
    );
    return rows.map((r) => ({
      variantId: r.variant_id,
      onHand: Number(r.on_hand),
      ledger: Number(r.ledger),
    }));
  },
};
