import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { Ctx } from '#platform/ctx.ts';
import type { StaffRole } from '#platform/actor.ts';
import {
  listDisclosures,
  listProcessors,
  PROCESSOR_KINDS,
  PURPOSES,
  registerProcessor,
  SHARE_REFERENCES,
  kindLabel,
  shareableWith,
  terminateProcessor,
  type ProcessorKind,
} from '#modules/privacy';
import type { AdminFrame } from './layout.tsx';
import { attempt, Csrf, NoteLine, Store, StoreSlug, type Note, type StaffPage } from './catalog-pages.tsx';

const MANAGERS: readonly StaffRole[] = ['owner', 'compliance'];
const when = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');

/** The fields a kind of processor may be given at all (the gate's own rule), personal fields first. */
function fieldsShareableWith(ctx: Ctx, kind: ProcessorKind): string[] {
  return [...[...ctx.vault.inventory.fields.keys()].sort(), ...Object.keys(SHARE_REFERENCES)].filter((f) =>
    shareableWith(ctx.vault.inventory, f, kind),
  );
}

/**
 * The processor register and the disclosure register in the back office (SH-5, SH-6): owner and
 * compliance see who receives what, register a processor under its agreement, terminate one.
 */
export function adminSharingPages(
  app: Http,
  { staffPage, csrfCheck }: { staffPage: StaffPage; csrfCheck: Http['csrfProtection'] },
): void {
  /** What was typed into the register form, shown back after a refusal. */
  type Typed = { kind?: string; name?: string; purpose?: string; agreementRef?: string; fields?: string };
  const SharingPage = async (ctx: Ctx, frame: AdminFrame, store: string, note?: Note, typed: Typed = {}) => {
    const [processors, disclosures] = await Promise.all([
      listProcessors(ctx),
      listDisclosures(ctx, { limit: 100 }),
    ]);
    return (
      <>
        <NoteLine note={note} />
        <p class="muted">
          Every detail that leaves this store passes one gate: it goes only to an active processor below, for
          its purpose, and only the fields its agreement lists (and the data inventory declares shareable with
          it). Each share, sent or refused, is written to the disclosure register by field name — never a
          value.
        </p>
        <h2>Processors</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Processor</th>
                <th>Purpose</th>
                <th>Agreement</th>
                <th>Fields it may receive</th>
                <th>State</th>
              </tr>
            </thead>
            <tbody>
              {processors.map((p) => (
                <tr>
                  <td>
                    <strong>{p.name}</strong>
                    <br />
                    <span class="muted">{kindLabel(p.kind)}</span>
                  </td>
                  <td>{p.purpose}</td>
                  <td>{p.agreementRef}</td>
                  <td>{p.fields.join(', ')}</td>
                  <td>
                    {p.state === 'active' ? (
                      <form
                        method="post"
                        action={`/admin/s/${store}/sharing/${p.id}/terminate`}
                        class="inline-form"
                      >
                        <Csrf frame={frame} />
                        <label class="visually-hidden" for={`why-${p.id}`}>
                          Why terminate {p.name}
                        </label>
                        <input id={`why-${p.id}`} name="reason" required maxLength={300} placeholder="Why" />
                        <button type="submit">Terminate</button>
                      </form>
                    ) : (
                      <span>
                        terminated {p.terminatedAt ? when(p.terminatedAt) : ''}
                        {p.terminationReason ? ` — ${p.terminationReason}` : ''}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {processors.length === 0 ? <p>No processor: nothing leaves this store.</p> : null}
        <form method="post" action={`/admin/s/${store}/sharing`} class="card form-grid">
          <Csrf frame={frame} />
          <h2>Register a processor</h2>
          <label>
            Kind
            <select name="kind">
              {PROCESSOR_KINDS.map((k) => (
                <option value={k} selected={k === typed.kind}>
                  {kindLabel(k)}
                </option>
              ))}
            </select>
          </label>
          <label>
            Company or service
            <input name="name" required maxLength={120} value={typed.name ?? ''} />
          </label>
          <label>
            Purpose
            <select name="purpose">
              {PURPOSES.map((p) => (
                <option value={p} selected={p === typed.purpose}>
                  {p.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          </label>
          <label>
            Agreement reference (where the signed data-processing agreement is kept)
            <input name="agreementRef" required maxLength={200} value={typed.agreementRef ?? ''} />
          </label>
          <label>
            Fields it may receive, one per line
            <textarea name="fields" rows={5} required maxLength={4000} value={typed.fields ?? ''} />
          </label>
          <details>
            <summary>Fields each kind may be given</summary>
            {PROCESSOR_KINDS.map((k) => (
              <p>
                <strong>{kindLabel(k)}:</strong> {fieldsShareableWith(ctx, k).join(', ')}
              </p>
            ))}
          </details>
          <button class="primary" type="submit">
            Register processor
          </button>
        </form>
        <h2>Disclosure register (latest 100)</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>When</th>
                <th>Recipient</th>
                <th>Purpose</th>
                <th>Fields</th>
                <th>Order</th>
                <th>Outcome</th>
                <th>By</th>
              </tr>
            </thead>
            <tbody>
              {disclosures.map((d) => (
                <tr>
                  <td>{when(d.at)}</td>
                  <td>{kindLabel(d.recipient)}</td>
                  <td>{d.purpose}</td>
                  <td>{d.fields.join(', ')}</td>
                  <td>{d.ref ?? ''}</td>
                  <td>{d.outcome === 'released' ? 'sent' : `refused: ${d.reason ?? ''}`}</td>
                  <td>{d.actor}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {disclosures.length === 0 ? <p>Nothing has been shared yet.</p> : null}
      </>
    );
  };

  app.get('/admin/s/:store/sharing', { schema: { hide: true, params: Store } }, (req, reply) =>
    staffPage(req, reply, req.params.store, MANAGERS, 'Sharing', (ctx, frame) =>
      SharingPage(ctx, frame, req.params.store),
    ),
  );

  app.post(
    '/admin/s/:store/sharing',
    {
      schema: {
        hide: true,
        params: Store,
        body: Type.Object({
          _csrf: Type.String(),
          kind: Type.Union(PROCESSOR_KINDS.map((k) => Type.Literal(k))),
          name: Type.String({ maxLength: 120 }),
          purpose: Type.Union(PURPOSES.map((p) => Type.Literal(p))),
          agreementRef: Type.String({ maxLength: 200 }),
          fields: Type.String({ maxLength: 4000 }),
        }),
      },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      staffPage(req, reply, req.params.store, MANAGERS, 'Sharing', async (ctx, frame) => {
        const b = req.body;
        const note = await attempt(ctx, async (tx) => {
          const created = await registerProcessor(tx, {
            kind: b.kind,
            name: b.name,
            purpose: b.purpose,
            agreementRef: b.agreementRef,
            fields: b.fields.split(/[\n,]+/),
          });
          return `${created.name} registered: it may now receive ${created.fields.join(', ')} for ${created.purpose}.`;
        });
        // A refusal keeps what was typed, so it can be corrected rather than typed again.
        return SharingPage(ctx, frame, req.params.store, note, note?.ok ? {} : b);
      }),
  );

  app.post(
    '/admin/s/:store/sharing/:id/terminate',
    {
      schema: {
        hide: true,
        params: Type.Object({ store: StoreSlug, id: Type.String({ pattern: '^prc_[a-z0-9]{10,40}$' }) }),
        body: Type.Object({ _csrf: Type.String(), reason: Type.String({ maxLength: 300 }) }),
      },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      staffPage(req, reply, req.params.store, MANAGERS, 'Sharing', async (ctx, frame) => {
        const note = await attempt(ctx, async (tx) => {
          await terminateProcessor(tx, req.params.id, req.body.reason);
          return 'Processor terminated: nothing more is sent to it.';
        });
        return SharingPage(ctx, frame, req.params.store, note);
      }),
  );
}
