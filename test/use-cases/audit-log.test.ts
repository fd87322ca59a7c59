import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import type { Db } from '../../src/db/client.ts';
import type { Actor, StaffRole } from '../../src/platform/actor.ts';
import { newId } from '../../src/platform/ids.ts';
import {
  CheckpointSigner,
  chainHash,
  keyIdOf,
  readPersonal,
  verifyAudit,
  type AuditVerification,
} from '../../src/modules/privacy/index.ts';
import { createTestApp, testKeyring, type TestApp } from '../support/test-app.ts';

// AU-1..3: the persistent audit log. Events are hash-chained per lane, checkpoints are signed, the
// table is append-only, and verification names the first damage of every kind. Each tampering is
// done in an owner transaction with triggers switched off (as a superuser would) and rolled back
// after verifying, so the cases do not disturb one another.

let app: TestApp;
const TABLE = 'orders.shipping_address';
const SUBJECT = newId('sub', new Date('2026-11-23T10:00:00Z'));
const ROW = newId('ord', new Date('2026-11-23T10:00:00Z'));
const ADDRESS = { recipient_name: 'Ada Quill', street_line1: '12 Lantern Row', postal_code: 'EH1 2AB' };
let sealed: Record<keyof typeof ADDRESS, string>;
const keys = () => CheckpointSigner.publicKeysOf(testKeyring());
const staff = (role: StaffRole): Actor => ({ kind: 'staff', staffId: `stf_${role}`, role });

class Rollback extends Error {}

/** The database's own message for a refused statement (Drizzle wraps it). */
async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (e) {
    const error = e as Error & { cause?: Error };
    return error.cause?.message ?? error.message;
  }
  return 'not refused';
}

/** Tampers in an owner transaction (triggers off), verifies inside it, then undoes everything. */
async function tamperAndVerify(tamper: (db: Db) => Promise<void>): Promise<AuditVerification> {
  let report: AuditVerification | undefined;
  await app.database
    .asOperator(async (db) => {
      await db.execute(sql`set local session_replication_role = replica`);
      await tamper(db);
      report = await verifyAudit(db, keys());
      throw new Rollback();
    })
    .catch((e: unknown) => {
      if (!(e instanceof Rollback)) throw e;
    });
  return report!;
}

type Row = { seq: number; chain: string; pos: number; hash: string };
async function chainRows(chain?: string): Promise<Row[]> {
  return app.database.asOperator(async (db) => {
    const result = await queryRows(
      db,
      sql`select seq::int as seq, chain, pos::int as pos, hash from privacy.audit_event ${chain ? sql`where chain = ${chain}` : sql``} order by seq`,
    );
    return result as unknown as Row[];
  });
}

/** The chain with the most events (every case picks its victims there). */
async function longestChain(): Promise<Row[]> {
  const rows = await chainRows();
  const byChain = new Map<string, Row[]>();
  for (const r of rows) byChain.set(r.chain, [...(byChain.get(r.chain) ?? []), r]);
  return [...byChain.values()].sort((a, b) => b.length - a.length)[0]!;
}

async function staffReads(count: number) {
  for (let i = 0; i < count; i++)
    await app
      .as(staff(i % 2 ? 'warehouse' : 'customer_service'))
      .inStore('skincare', (ctx) =>
        readPersonal(
          ctx,
          { table: TABLE, rowId: ROW, subjectId: SUBJECT, values: { ...sealed } },
          i % 2 ? 'fulfilment' : 'customer_service',
        ),
      );
}

beforeAll(async () => {
  app = await createTestApp();
  sealed = (await app.inStore('skincare', async (ctx) => {
    await ctx.vault.newSubject(ctx, SUBJECT);
    return ctx.vault.seal(ctx, SUBJECT, TABLE, ROW, ADDRESS);
  })) as typeof sealed;
  await staffReads(48);
  await app.database.withPlatform((db) => app.services.audit.checkpoint(db, new Date()));
  await staffReads(24); // a tail after the checkpoint
});
afterAll(() => app.close());

describe('AU-1, AU-3: what an event holds', () => {
  it('AU-1: each staff read is one event with actor, role, action, purpose, field names and request id', async () => {
    const rows = await app.database.asOperator(
      async (db) =>
        await queryRows<Record<string, unknown>>(
          db,
          sql`select * from privacy.audit_event where table_name = ${TABLE} order by seq`,
        ),
    );
    expect(rows.length).toBe(72);
    expect(rows[0]).toMatchObject({
      actor: 'staff:stf_customer_service',
      role: 'customer_service',
      action: 'read',
      purpose: 'customer_service',
      fields: ['recipient_name:masked', 'street_line1:masked', 'postal_code:masked'],
    });
    expect(String(rows[0]!.request_id)).toMatch(/^run_/);
  });

  it('AU-3: no personal value and no subject id appears anywhere in the log', async () => {
    const text = await app.database.asOperator(async (db) =>
      JSON.stringify(await queryRows(db, sql`select * from privacy.audit_event`)),
    );
    for (const value of Object.values(ADDRESS)) expect(text).not.toContain(value);
    expect(text).not.toContain(SUBJECT);
    expect(text).toMatch(/"subject":"ps_[A-Za-z0-9_-]{22}"/);
  });
});

describe('AU-2: the log is append-only', () => {
  it('AU-2: the app role may not update, delete or truncate events, and neither may the owner', async () => {
    for (const statement of [
      sql`update privacy.audit_event set action = 'login'`,
      sql`delete from privacy.audit_event`,
      sql`truncate privacy.audit_event`,
      sql`update privacy.audit_checkpoint set pos = 0`,
    ]) {
      expect(await refusal(() => app.inStore('skincare', (ctx) => ctx.db.execute(statement)))).toMatch(
        /permission denied|append-only/,
      );
      expect(await refusal(() => app.database.asOperator((db) => db.execute(statement)))).toMatch(
        /append-only/,
      );
    }
  });

  it('AU-2: a store sees only its own events', async () => {
    const seen = await app.inStore(
      'rugs',
      async (ctx) =>
        await queryRows(
          ctx.db,
          sql`select count(*)::int as n from privacy.audit_event where table_name = ${TABLE}`,
        ),
    );
    expect(seen[0]).toEqual({ n: 0 });
  });
});

describe('AU-2: audit verify proves the log intact or names the first damage', () => {
  it('AU-2: the untouched log verifies, with the tail after the last checkpoint reported', async () => {
    const report = await app.database.asOperator((db) => verifyAudit(db, keys()));
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.events).toBeGreaterThanOrEqual(72);
    expect(report.checkpoints).toBeGreaterThan(0);
    expect(report.unsignedTail).toBeGreaterThanOrEqual(24);
  });

  it('AU-2: an edited event is named as altered', async () => {
    const chain = await longestChain();
    const victim = chain[2]!;
    const report = await tamperAndVerify(
      async (db) =>
        void (await db.execute(
          sql`update privacy.audit_event set purpose = 'fulfilment', role = 'warehouse' where seq = ${victim.seq}`,
        )),
    );
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ kind: 'altered', seq: victim.seq });
    expect(report.problems[0]!.message).toContain(`#${victim.seq}`);
  });

  it('AU-2: a deleted event is named as missing, at the event that follows it', async () => {
    const chain = await longestChain();
    const report = await tamperAndVerify(
      async (db) =>
        void (await db.execute(sql`delete from privacy.audit_event where seq = ${chain[3]!.seq}`)),
    );
    expect(report.problems[0]).toMatchObject({ kind: 'missing', seq: chain[4]!.seq });
  });

  it('AU-2: an inserted event is named as inserted', async () => {
    const chain = await longestChain();
    const report = await tamperAndVerify(
      async (db) =>
        void (await db.execute(sql`insert into privacy.audit_event (chain, pos, at, tenant_id, actor, role, action, subject, table_name, fields, purpose, request_id, detail, prev_hash, hash)
        select chain, pos, at, tenant_id, 'staff:stf_nobody', role, action, subject, table_name, fields, purpose, request_id, detail, prev_hash, hash
        from privacy.audit_event where seq = ${chain[1]!.seq}`)),
    );
    expect(report.problems[0]!.kind).toBe('inserted');
  });

  it('AU-2: an inserted event with a correctly computed hash is still found (it forks the chain)', async () => {
    const chain = await longestChain();
    const report = await tamperAndVerify(async (db) => {
      const [row] = await queryRows<Record<string, unknown>>(
        db,
        sql`select * from privacy.audit_event where seq = ${chain[1]!.seq}`,
      );
      const forged = {
        chain: String(row!.chain),
        pos: chain[2]!.pos,
        at: new Date(String(row!.at)),
        tenantId: row!.tenant_id as string,
        actor: 'staff:stf_forger',
        role: 'owner',
        action: 'read',
        subject: null,
        tableName: null,
        fields: [],
        purpose: null,
        requestId: 'req_forged',
        detail: {},
      };
      const hash = chainHash(chain[1]!.hash, forged);
      await db.execute(sql`insert into privacy.audit_event (chain, pos, at, tenant_id, actor, role, action, fields, request_id, detail, prev_hash, hash)
        values (${forged.chain}, ${forged.pos}, ${forged.at.toISOString()}, ${forged.tenantId}, ${forged.actor}, ${forged.role}, 'read', '{}', ${forged.requestId}, '{}', ${chain[1]!.hash}, ${hash})`);
    });
    expect(report.problems[0]!.kind).toBe('inserted');
    expect(report.problems[0]!.message).toContain('inserted');
  });

  it('AU-2: two swapped events are named as reordered', async () => {
    const chain = await longestChain();
    const [a, b] = [chain[4]!, chain[5]!];
    const report = await tamperAndVerify(async (db) => {
      await db.execute(sql`update privacy.audit_event set seq = -1 where seq = ${a.seq}`);
      await db.execute(sql`update privacy.audit_event set seq = ${a.seq} where seq = ${b.seq}`);
      await db.execute(sql`update privacy.audit_event set seq = ${b.seq} where seq = -1`);
    });
    expect(report.problems[0]).toMatchObject({ kind: 'reordered', seq: a.seq });
  });

  it('AU-2: a cut-off tail is named as truncated, even when the head is rewritten to match', async () => {
    const chain = await longestChain();
    const tail = chain.slice(-3);
    const report = await tamperAndVerify(
      async (db) =>
        void (await db.execute(
          sql`delete from privacy.audit_event where seq >= ${tail[0]!.seq} and chain = ${tail[0]!.chain}`,
        )),
    );
    expect(report.problems[0]).toMatchObject({ kind: 'truncated', chain: tail[0]!.chain, pos: tail[0]!.pos });

    // Deeper than the last checkpoint, with the head moved back as well: the signature still tells.
    const cut = chain[2]!;
    const deeper = await tamperAndVerify(async (db) => {
      await db.execute(sql`delete from privacy.audit_event where seq >= ${cut.seq} and chain = ${cut.chain}`);
      await db.execute(
        sql`update privacy.audit_head set pos = ${chain[1]!.pos}, hash = ${chain[1]!.hash} where chain = ${cut.chain}`,
      );
    });
    expect(deeper.problems.map((p) => p.kind)).toContain('truncated');
  });

  it('AU-2: a chain rewritten with fresh hashes is caught by the signed checkpoint', async () => {
    const chain = await longestChain();
    const report = await tamperAndVerify(async (db) => {
      // Rewrite event 2 onwards consistently, as someone without the signing key could.
      const rows = await queryRows<Record<string, unknown>>(
        db,
        sql`select * from privacy.audit_event where chain = ${chain[0]!.chain} order by seq`,
      );
      let prev = String(rows[0]!.hash);
      for (const row of rows.slice(1)) {
        const content = {
          chain: String(row.chain),
          pos: Number(row.pos),
          at: new Date(String(row.at)),
          tenantId: row.tenant_id as string,
          actor: row.seq === rows[1]!.seq ? 'staff:stf_someone_else' : String(row.actor),
          role: row.role as string,
          action: String(row.action),
          subject: row.subject as string,
          tableName: row.table_name as string,
          fields: row.fields as string[],
          purpose: row.purpose as string,
          requestId: String(row.request_id),
          detail: row.detail as Record<string, string>,
        };
        const hash = chainHash(prev, content);
        await db.execute(
          sql`update privacy.audit_event set actor = ${content.actor}, prev_hash = ${prev}, hash = ${hash} where seq = ${Number(row.seq)}`,
        );
        prev = hash;
      }
      await db.execute(sql`update privacy.audit_head set hash = ${prev} where chain = ${chain[0]!.chain}`);
    });
    expect(report.problems[0]!.kind).toBe('altered');
    expect(report.problems[0]!.message).toContain('signed checkpoint');
  });

  it('AU-2: a changed checkpoint fails its signature; a key nobody trusts is reported', async () => {
    const report = await tamperAndVerify(
      async (db) => void (await db.execute(sql`update privacy.audit_checkpoint set pos = pos - 1`)),
    );
    expect(report.problems.some((p) => p.kind === 'bad_checkpoint')).toBe(true);

    // An outside witness holding another key does not accept our checkpoints.
    const stranger = createPublicKey(
      generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }),
    );
    const witnessed = await app.database.asOperator((db) =>
      verifyAudit(db, new Map([[keyIdOf(stranger), stranger]])),
    );
    expect(witnessed.problems[0]!.kind).toBe('unsigned_key');
    // The exported public key is the one that verifies them.
    const ours = createPublicKey(new CheckpointSigner(testKeyring()).publicKeyPem());
    const trusted = await app.database.asOperator((db) => verifyAudit(db, new Map([[keyIdOf(ours), ours]])));
    expect(trusted.ok).toBe(true);
  });
});
