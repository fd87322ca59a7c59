import { sql } from 'drizzle-orm';
import { queryRows } from '#db/client.ts';
import type { RetentionReport } from '#modules/privacy';
import type { TestApp } from './test-app.ts';

/** The rows a retention run removed (or would) under `rule`, over every module's handler. */
export const rowsOf = (report: RetentionReport, rule: string): number =>
  report.lines.filter((l) => l.rule === rule).reduce((n, l) => n + l.rows, 0);

/**
 * What the database still holds of an order's person (RT-2, RT-3): the link to them, the sealed
 * contact, the sealed street, and how many parcels.
 */
export const orderIdentity = (app: TestApp, number: string) =>
  app.database.asOperator((db) =>
    queryRows<{ subject: string | null; email: string | null; street: string | null; parcels: number }>(
      db,
      sql`select o.subject_id as subject, o.contact_email as email, a.street_line1 as street,
            (select count(*)::int from shipping.shipment s where s.order_id = o.id) as parcels
          from orders."order" o join orders.shipping_address a on a.order_id = o.id where o.number = ${number}`,
    ).then((r) => r[0]!),
  );
