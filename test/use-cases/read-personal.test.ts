import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '#platform/ctx.ts';
import type { Actor, StaffRole } from '#platform/actor.ts';
import { newId } from '#platform/ids.ts';
import { findAuditEvents, readPersonal, type Purpose } from '#modules/privacy';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// The one read path for personal data (PV-1, AC-1..6), exercised on a sealed shipping address as
// each kind of actor would read it, and what it leaves in the audit hook (AU-1).

let app: TestApp;
const SUBJECT = newId('sub', new Date('2026-11-23T10:00:00Z'));
const ROW = newId('ord', new Date('2026-11-23T10:00:00Z'));
const TABLE = 'orders.shipping_address';
const ADDRESS = { recipient_name: 'Ada Quill', street_line1: '12 Lantern Row', postal_code: 'EH1 2AB' };
let sealed: Record<keyof typeof ADDRESS, string>;

const staff = (role: StaffRole): Actor => ({ kind: 'staff', staffId: `stf_${role}`, role });

async function read(actor: Actor, purpose: Purpose) {
  const requestId = newId('req', new Date());
  const values = await app.inStore('skincare', (ctx: Ctx) =>
    readPersonal(
      { ...ctx, actor, requestId },
      { table: TABLE, rowId: ROW, subjectId: SUBJECT, values: { ...sealed } },
      purpose,
    ),
  );
  // What the persistent log holds for this read, once its transaction committed.
  const audit = await app.inStore('skincare', (ctx: Ctx) => findAuditEvents(ctx, { requestId }));
  return { values, audit };
}

beforeAll(async () => {
  app = await createTestApp();
  sealed = (await app.inStore('skincare', async (ctx) => {
    await ctx.vault.newSubject(ctx, SUBJECT);
    return ctx.vault.seal(ctx, SUBJECT, TABLE, ROW, ADDRESS);
  })) as typeof sealed;
});
afterAll(() => app.close());

describe('PV-1, AC-1..AC-6: one read path decides per field, per actor, per purpose', () => {
  it('AC-2: warehouse staff see the parcel address in clear, for fulfilment', async () => {
    const { values } = await read(staff('warehouse'), 'fulfilment');
    expect(values).toEqual(ADDRESS);
  });

  it('AC-3: customer service sees the address only masked', async () => {
    const { values } = await read(staff('customer_service'), 'customer_service');
    expect(values.recipient_name).toBeTypeOf('string');
    expect(values.recipient_name).not.toBe(ADDRESS.recipient_name);
    expect(values.street_line1).not.toContain('Lantern');
    expect(values.postal_code).not.toBe(ADDRESS.postal_code);
  });

  it('AC-4, AC-5: operations and finance do not see the address at all', async () => {
    for (const role of ['operations', 'finance'] as const) {
      const { values, audit } = await read(staff(role), 'fulfilment');
      expect(values).toEqual({ recipient_name: undefined, street_line1: undefined, postal_code: undefined });
      expect(audit).toEqual([]); // nothing shown, nothing to record
    }
  });

  it('AC-1: a role that may read a field still sees nothing when the purpose is not one of the field’s', async () => {
    const { values } = await read(staff('warehouse'), 'bookkeeping');
    expect(values.street_line1).toBeUndefined();
    const job = await read({ kind: 'system', job: 'ledger_export' }, 'bookkeeping');
    expect(job.values.street_line1).toBeUndefined();
  });

  it('AC-1: the data subject reads their own address; anonymous visitors, other shoppers and operators read nothing', async () => {
    const own = await read({ kind: 'guest', orderId: ROW, subjectId: SUBJECT }, 'order_updates');
    expect(own.values).toEqual(ADDRESS);
    expect(own.audit).toEqual([]); // reading one's own data is not an access by someone else
    for (const actor of [
      { kind: 'anonymous' } as const,
      { kind: 'member', customerId: 'sub_someone_else' } as const,
      { kind: 'operator', operatorId: 'op_1' } as const,
    ]) {
      const { values } = await read(actor, 'order_updates');
      expect(values.recipient_name).toBeUndefined();
    }
  });

  it('AU-1: every read by staff or a job is recorded with who, which fields (masked marked), why — and no value', async () => {
    const cs = await read(staff('customer_service'), 'customer_service');
    expect(cs.audit).toHaveLength(1);
    expect(cs.audit[0]).toMatchObject({
      action: 'read',
      actor: 'staff:stf_customer_service',
      role: 'customer_service',
      subject: expect.stringMatching(/^ps_/),
      tableName: TABLE,
      purpose: 'customer_service',
      fields: ['recipient_name:masked', 'street_line1:masked', 'postal_code:masked'],
      detail: { row: ROW },
    });
    const job = await read({ kind: 'system', job: 'carrier_label' }, 'fulfilment');
    expect(job.audit[0]).toMatchObject({
      actor: 'system:carrier_label',
      subject: cs.audit[0]!.subject, // one pseudonym per subject, whoever reads
      fields: Object.keys(ADDRESS),
    });
    const text = JSON.stringify([...cs.audit, ...job.audit]);
    expect(text).not.toContain(SUBJECT); // AU-3: the subject only as a pseudonym
    for (const value of Object.values(ADDRESS)) expect(text).not.toContain(value);
  });

  it('PV-1: a column the inventory does not declare as sealed cannot be read through the path', async () => {
    await expect(
      app.inStore('skincare', (ctx) =>
        readPersonal(
          ctx,
          { table: TABLE, rowId: ROW, subjectId: SUBJECT, values: { not_a_column: 'x' } },
          'fulfilment',
        ),
      ),
    ).rejects.toThrow(/not a sealed personal field/);
  });
});
