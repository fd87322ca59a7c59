import { and, eq, inArray, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { queryRows, type Db } from '#db/client.ts';
import { statement } from '#db/statement.ts';
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

/**
 * The units on hand of the variant named by `variantId` (a column of the caller's query), as a
 * scalar subquery. The stock module's one read-only SQL fragment for other modules: the catalog
 * reads availability with its variants in one round trip, without knowing how stock is stored.
 */
export function onHandOf(variantId: SQLWrapper): SQL<number> {
  return sql<number>`coalesce((select ${level.onHand} from ${level} where ${level.variantId} = ${variantId}), 0)`.mapWith(
    Number,
  );
}

/**
 * `onHandOf` as SQL text, for a hand-written statement (#db/statement.ts): the units on hand of
 * the variant whose id `variantIdColumn` (a column reference of the caller's query) holds.
 */
export const onHandText = (variantIdColumn: string): string =>
  `coalesce((select l.on_hand from stock.level l where l.variant_id = ${variantIdColumn}), 0)`;

// Every checkout takes its stock with this (see moveMany), written once (#db/statement.ts): the
// movements travel as arrays, one per column, so the text is the same for any number of them.
const moveManyStatement = statement<{ variant_id: string }>(
  `with m (id, variant_id, kind, quantity, order_id, reason, at, actor) as materialized (
     select * from unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[],
       $7::timestamptz[], $8::text[])),
   locked as materialized (
     select variant_id from stock.level where variant_id = any($2::text[]) order by variant_id for update),
   changed as (
     update stock.level l set on_hand = l.on_hand + m.quantity
     from m join locked k on k.variant_id = m.variant_id
     where l.variant_id = m.variant_id and l.on_hand + m.quantity >= 0
     returning l.variant_id)
   insert into stock.movement (id, variant_id, kind, quantity, order_id, reason, at, actor)
   select m.id, m.variant_id, m.kind, m.quantity, m.order_id, m.reason, m.at, m.actor
   from m join changed c on c.variant_id = m.variant_id
   returning variant_id`,
);

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
  /**
   * Applies several movements at once, all or none: the levels are locked in variant-id order
   * first (two orders for the same items cannot deadlock), each decrement applies only if that many
   * units are on hand, and one movement is appended per changed level. Returns the variants that
   * changed; fewer than given means some were short, and the caller's transaction must roll back.
   */
  async moveMany(db: Db, moves: MovementRow[]): Promise<string[]> {
    if (moves.length === 0) return [];
    const rows = await moveManyStatement.rows(db, [
      moves.map((m) => m.id),
      moves.map((m) => m.variantId),
      moves.map((m) => m.kind),
      moves.map((m) => m.quantity),
      moves.map((m) => m.orderId ?? null),
      moves.map((m) => m.reason ?? null),
      moves.map((m) => m.at),
      moves.map((m) => m.actor),
    ]);
    return rows.map((r) => r.variant_id);
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
