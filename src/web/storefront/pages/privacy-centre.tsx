import { FormNotes, ProductGrid, type PageFrame } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { ProductCard } from '#modules/catalog';
import type { SubjectExport, SubjectReceipt, AuditEventView } from '#modules/privacy';
import type { Personalisation, PrivacySignals, RequestDetail } from '#modules/rights';
import { formatMoney } from '#platform/money.ts';

/** How the privacy centre names each table of the export (anything else shows its own name). */
const TABLE_TITLES: Record<string, string> = {
  'accounts.customer': 'Your account',
  'accounts.session': 'When you were signed in',
  'accounts.policy_notice': 'Policy changes we told you about',
  'orders.order': 'Your orders',
  'payments.payment': 'Payments and refunds',
  'payments.ledger_entry': 'Payments and refunds',
  'shipping.shipment': 'Parcels',
  'returns.return_request': 'Returns',
  'support.ticket': 'Customer-service cases',
  'reviews.review': 'Your reviews',
  'wishlist.item': 'Your wishlist',
  'cart.cart': 'Your cart',
  'notifications.outbox': 'E-mails we sent you',
  'rights.request': 'Your requests',
  'privacy.consent_choice': 'Your consent choices',
  'privacy.subject_key': 'Your encryption key',
  'catalog.browsing_event': 'Products you looked at (with personalisation on)',
  'checkout.submission': 'Checkouts you started',
};

/** One field declared in the data inventory, as the privacy centre explains it. */
export interface DeclaredFieldLine {
  key: string;
  label: string;
  storage: string;
  purposes: string[];
  keptUntil: string;
}

/** A declared table: the fields the store may hold there and why (from the data inventory). */
export interface DeclaredTable {
  table: string;
  fields: DeclaredFieldLine[];
}

/** Times are shown in the store's time zone, where its deadlines are counted. */
const dayIn = (zone: string) => (iso: string | Date | null | undefined) =>
  iso
    ? new Intl.DateTimeFormat('en-GB', {
        dateStyle: 'long',
        timeStyle: 'short',
        timeZone: zone,
      }).format(new Date(iso))
    : '—';

/** A value of the export as text: dates readable, nested values as short JSON. */
function show(value: unknown, day: (d: Date | string) => string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (value instanceof Date) return day(value);
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}T/.test(value) ? day(value) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = JSON.stringify(value);
  return text.length > 240 ? `${text.slice(0, 237)}…` : text;
}

function Rows({ rows, zone }: { rows: Record<string, unknown>[]; zone: string }) {
  const day = dayIn(zone);
  return (
    <>
      {rows.slice(0, 50).map((row, i) => (
        <dl class="profile data-row" key={i}>
          {Object.entries(row)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => (
              <>
                <dt>{k}</dt>
                <dd>{show(v, day)}</dd>
              </>
            ))}
        </dl>
      ))}
      {rows.length > 50 ? <p class="note">And {rows.length - 50} more in the download.</p> : null}
    </>
  );
}

interface OrderRowView {
  number: string;
  status: string;
  statusLabel?: string;
  placedAt: string;
  totalCents: number;
  currency: string;
  shipTo?: { recipientName?: string | null; city?: string | null; countryName?: string | null } | null;
}

function Orders({ frame, rows }: { frame: PageFrame; rows: OrderRowView[] }) {
  return (
    <table class="order-history">
      <thead>
        <tr>
          <th>Order</th>
          <th>Placed</th>
          <th>Ship to</th>
          <th>Status</th>
          <th>Total</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((o) => (
          <tr key={o.number}>
            <td>
              <a href={`${frame.base}/orders/${o.number}`}>{o.number}</a>
            </td>
            <td>
              {new Intl.DateTimeFormat('en-GB', {
                dateStyle: 'medium',
                timeZone: frame.tenant.policy.timeZone,
              }).format(new Date(o.placedAt))}
            </td>
            <td>
              {[o.shipTo?.recipientName, o.shipTo?.city, o.shipTo?.countryName].filter(Boolean).join(', ') ||
                '—'}
            </td>
            <td>{o.statusLabel ?? o.status}</td>
            <td>{formatMoney(o.totalCents, o.currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const SOURCE_WORDS: Record<string, string> = {
  default: 'you have not turned it on',
  settings: 'your choice on the settings page',
  gpc: 'your browser’s Global Privacy Control signal',
  dnt: 'your browser’s Do Not Track signal',
  withdrawal: 'you withdrew consent',
  objection: 'you objected',
  policy_change:
    'our privacy policy changed what you agreed to, so we ask you again; turn it on if you still want it',
};

/** What personalisation is and why, in one sentence. */
export function personalisationLine(p: Personalisation, zone: string): string {
  const day = dayIn(zone);
  const why = SOURCE_WORDS[p.source] ?? p.source;
  const when = p.at ? ` (${day(p.at)}, policy version ${p.policyVersion ?? '—'})` : '';
  return `Personalisation is ${p.on ? 'on' : 'off'}: ${why}${when}.`;
}

function Requests({ requests, zone }: { requests: RequestDetail[]; zone: string }) {
  const day = dayIn(zone);
  if (requests.length === 0) return <p class="note">You have not made any request yet.</p>;
  return (
    <ul class="requests">
      {requests.map((r) => (
        <li key={r.id} class="request">
          <strong>{r.kindLabel}</strong> · <span class="order-number">{r.reference}</span> ·{' '}
          <span class="request-status">{r.statusLabel}</span>
          <br />
          <small>
            Received {day(r.receivedAt)} ·{' '}
            {r.closedAt ? `closed ${day(r.closedAt)}` : `due by ${day(r.dueAt)}`}
          </small>
          {r.message ? <p class="note">You wrote: {r.message}</p> : null}
          {r.reply ? (
            <p class="confirm">
              <strong>The store’s answer:</strong> {r.reply}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** The privacy centre (DR-1): everything held about the shopper, who read it, and their rights. */
export function PrivacyCentrePage(props: {
  frame: PageFrame;
  csrf: string;
  who: 'member' | 'guest';
  data: SubjectExport;
  declared: DeclaredTable[];
  accesses: AuditEventView[];
  personalisation: Personalisation;
  restrictedSince: Date | undefined;
  requests: RequestDetail[];
  notice?: string | undefined;
  problem?: string | undefined;
}) {
  const { frame, csrf, who, data } = props;
  const zone = frame.tenant.policy.timeZone;
  const day = dayIn(zone);
  const base = `${frame.base}/privacy/centre`;
  const tables = Object.entries(data.tables).filter(([t]) => t !== 'rights.request');
  const orders = (data.tables['orders.order'] ?? []) as unknown as OrderRowView[];
  const declaredOf = new Map(props.declared.map((d) => [d.table, d]));
  return (
    <Layout frame={frame} title="Your privacy centre">
      <section class="privacy-centre">
        <h1>Your privacy centre</h1>
        <p class="lede">
          Everything {frame.tenant.name} holds about you, read for you just now (the reading is written to our
          audit log), who on the staff looked at it, and what you can do about it.
          {who === 'guest'
            ? ' You verified a guest order with a code; this page stays open for an hour.'
            : ''}
        </p>
        <FormNotes notice={props.notice} problem={props.problem} />
        {who === 'member' ? (
          <p>
            <a href={`${frame.base}/account/details`}>Edit your nickname, e-mail address and address book</a>
          </p>
        ) : null}
        <nav class="chips" aria-label="On this page">
          <a href="#data">Your data</a> <a href="#download">Download</a> <a href="#access">Who looked</a>{' '}
          <a href="#choices">Choices</a> <a href="#requests">Requests</a> <a href="#delete">Delete</a>
        </nav>

        <h2 id="data">Your data</h2>
        {orders.length > 0 ? (
          <section aria-label="Your orders">
            <h3>{TABLE_TITLES['orders.order']}</h3>
            <Orders frame={frame} rows={orders} />
          </section>
        ) : null}
        {tables
          .filter(([t]) => t !== 'orders.order')
          .map(([table, rows]) => (
            <details class="data-table" key={table}>
              <summary>
                {TABLE_TITLES[table] ?? table} <span class="count">{rows.length}</span>
              </summary>
              <Rows rows={rows} zone={zone} />
              {declaredOf.get(table) ? <Declared table={declaredOf.get(table)!} /> : null}
            </details>
          ))}
        {tables.length === 0 ? <p class="note">We hold nothing about you.</p> : null}
        <details class="data-table">
          <summary>What this store may keep, why and for how long</summary>
          {props.declared.map((d) => (
            <Declared table={d} key={d.table} />
          ))}
        </details>

        <h2 id="download">Download a copy</h2>
        <p>
          All of it, in a documented machine-readable layout (<code>{data.format}</code>):
        </p>
        <p>
          <a class="button" href={`${base}/export.json`} download>
            Download as JSON
          </a>{' '}
          <a class="button" href={`${base}/export.zip`} download>
            Download as CSV (zip)
          </a>
        </p>

        <h2 id="access">Who on the staff looked at your data</h2>
        {props.accesses.length === 0 ? (
          <p class="note">Nobody on the staff has read your details.</p>
        ) : (
          <table class="order-history access-log">
            <thead>
              <tr>
                <th>When</th>
                <th>Who (role)</th>
                <th>What</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {props.accesses.map((a) => (
                <tr key={a.seq}>
                  <td>{day(a.at)}</td>
                  <td>
                    {a.role
                      ? a.role.replace('_', ' ')
                      : a.actor.startsWith('system:')
                        ? 'an automatic job'
                        : a.actor}
                  </td>
                  <td>
                    {a.action} {a.tableName ?? ''} {a.fields?.length ? `(${a.fields.join(', ')})` : ''}
                  </td>
                  <td>{a.purpose?.replace('_', ' ') ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}

        <h2 id="choices">Your choices</h2>
        <p>{personalisationLine(props.personalisation, zone)}</p>
        <p>
          <a href={`${frame.base}/privacy/settings`}>Change personalisation</a>
        </p>
        {props.restrictedSince ? (
          <form method="post" action={`${base}/restriction`} class="inline-form">
            <input type="hidden" name="_csrf" value={csrf} />
            <input type="hidden" name="action" value="lift" />
            <p>
              The processing of your data is <strong>restricted</strong> since {day(props.restrictedSince)}:
              only our compliance specialist and the work an order already placed needs can see your details.{' '}
              <button type="submit" class="link-button">
                Lift the restriction
              </button>
            </p>
          </form>
        ) : (
          <form method="post" action={`${base}/restriction`} class="inline-form">
            <input type="hidden" name="_csrf" value={csrf} />
            <input type="hidden" name="action" value="restrict" />
            <p>
              Restrict processing: from your next visit, only our compliance specialist and the work an order
              already placed needs (packing, sending, payment) can see your details.{' '}
              <button type="submit" class="link-button">
                Restrict my data
              </button>
            </p>
          </form>
        )}

        <h2 id="requests">Write to us</h2>
        <p>
          A correction, an objection, a complaint or a question: our compliance specialist answers within the
          deadline shown, by e-mail and here.
        </p>
        <form method="post" action={`${base}/requests`} class="request-form">
          <input type="hidden" name="_csrf" value={csrf} />
          <label>
            About
            <select name="kind" required>
              <option value="rectification">Correct my data</option>
              <option value="objection">Object to how my data is used</option>
              <option value="complaint">A complaint</option>
              <option value="question">A question</option>
            </select>
          </label>
          <label>
            Your message
            <textarea name="message" required minLength={2} maxLength={4000} rows={4} />
          </label>
          <button type="submit" class="button">
            Send
          </button>
        </form>
        <h3>Your requests</h3>
        <Requests requests={props.requests} zone={zone} />

        <h2 id="delete">Delete</h2>
        <form method="post" action={`${base}/history`} class="danger-form">
          <input type="hidden" name="_csrf" value={csrf} />
          <h3>Delete my history</h3>
          <p>
            Free of charge, at once: delivered and cancelled orders lose your name, address and e-mail and
            leave your history (items and amounts stay in the books, about nobody), with their parcels, closed
            returns and cases, the e-mails we sent and what you looked at. An order still on its way keeps
            what it needs until it arrives; then it goes too.
          </p>
          {who === 'member' ? (
            <label>
              Your password, to confirm
              <input
                name="password"
                type="password"
                autoComplete="current-password"
                required
                maxLength={200}
              />
            </label>
          ) : null}
          <button type="submit" class="button">
            Delete my history
          </button>
        </form>
        <form method="post" action={`${base}/cancel`} class="danger-form">
          <input type="hidden" name="_csrf" value={csrf} />
          <h3>{who === 'member' ? 'Cancel my account' : 'Erase my data'}</h3>
          <p>
            Everything about you is erased and your encryption key destroyed, so even our backups cannot be
            read for you. Only statistics about nobody remain. This cannot be undone.
          </p>
          {who === 'member' ? (
            <label>
              Your password, to confirm
              <input
                name="password"
                type="password"
                autoComplete="current-password"
                required
                maxLength={200}
              />
            </label>
          ) : null}
          <label class="check">
            <input type="checkbox" name="confirm" value="yes" required /> I understand this cannot be undone
          </label>
          <button type="submit" class="button danger">
            {who === 'member' ? 'Cancel my account' : 'Erase my data'}
          </button>
        </form>
      </section>
    </Layout>
  );
}

function Declared({ table }: { table: DeclaredTable }) {
  return (
    <table class="declared">
      <caption>{TABLE_TITLES[table.table] ?? table.table}: what may be kept</caption>
      <thead>
        <tr>
          <th>Detail</th>
          <th>Kept as</th>
          <th>Used for</th>
          <th>Until</th>
        </tr>
      </thead>
      <tbody>
        {table.fields.map((f) => (
          <tr key={f.key}>
            <td>{f.label}</td>
            <td>{f.storage}</td>
            <td>
              {f.purposes.map((p) => (
                <span class="purpose" key={p}>
                  {p}
                </span>
              ))}
            </td>
            <td>{f.keptUntil}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** After a deletion: what was done, as counts; nothing about the person. */
export function ReceiptPage({
  frame,
  title,
  reference,
  receipt,
  erased,
}: {
  frame: PageFrame;
  title: string;
  reference: string;
  receipt: SubjectReceipt;
  erased: boolean;
}) {
  const total = Object.values(receipt.rows).reduce((a, b) => a + b, 0);
  const day = dayIn(frame.tenant.policy.timeZone);
  return (
    <Layout frame={frame} title={title}>
      <section class="form-card receipt">
        <h1>{title}</h1>
        <p class="confirm" role="status">
          Done on {day(receipt.at)}. Your reference: <strong class="order-number">{reference}</strong>
        </p>
        <dl class="profile">
          <dt>Records removed or anonymised</dt>
          <dd>{total}</dd>
          {Object.entries(receipt.rows).map(([m, n]) => (
            <>
              <dt>{m}</dt>
              <dd>{n}</dd>
            </>
          ))}
          {erased ? (
            <>
              <dt>Encryption keys destroyed</dt>
              <dd>{receipt.keysDestroyed}</dd>
            </>
          ) : null}
          {receipt.waiting ? (
            <>
              <dt>Waiting for an order on its way</dt>
              <dd>{receipt.waiting} — removed once it arrives</dd>
            </>
          ) : null}
        </dl>
        <p class="note">
          This receipt names no personal detail. Keep the reference if you want to ask us about it.
        </p>
        <p>
          <a href={erased ? frame.base || '/' : `${frame.base}/privacy/centre`}>
            {erased ? 'Back to the shop' : 'Back to your privacy centre'}
          </a>
        </p>
      </section>
    </Layout>
  );
}

/** How a guest (or a member) reaches their privacy centre (DR-6, DR-8). */
export function PrivacyAccessPage({
  frame,
  csrf,
  step,
  verificationId,
  problem,
}: {
  frame: PageFrame;
  csrf: string;
  step: 'start' | 'code';
  verificationId?: string | undefined;
  problem?: string | undefined;
}) {
  const base = `${frame.base}/privacy/access`;
  return (
    <Layout frame={frame} title="See or delete your data">
      <section class="form-card">
        <h1>See or delete your data</h1>
        <FormNotes problem={problem} />
        {step === 'start' ? (
          <>
            <p>
              <strong>Members:</strong> <a href={`${frame.base}/account/login`}>log in</a>, then open{' '}
              <em>Privacy centre</em> in your account.
            </p>
            <p>
              <strong>Guests:</strong> give an order number and the e-mail address you ordered with. If they
              match, we e-mail that address a 6-digit code; nothing is shown before you type it.
            </p>
            <form method="post" action={base}>
              <input type="hidden" name="_csrf" value={csrf} />
              <label>
                Order number
                <input name="orderNumber" required maxLength={40} autoComplete="off" />
              </label>
              <label>
                E-mail address
                <input name="email" type="email" required maxLength={254} autoComplete="email" />
              </label>
              <button type="submit" class="button">
                E-mail me a code
              </button>
            </form>
          </>
        ) : (
          <>
            <p class="confirm" role="status">
              If the order number and the address match, a code is on its way to that address. It works for 15
              minutes.
            </p>
            <form method="post" action={`${base}/confirm`}>
              <input type="hidden" name="_csrf" value={csrf} />
              <input type="hidden" name="verificationId" value={verificationId ?? ''} />
              <label>
                The 6-digit code
                <input
                  name="code"
                  inputMode="numeric"
                  pattern="[0-9]{6}"
                  required
                  maxLength={6}
                  autoComplete="one-time-code"
                />
              </label>
              <button type="submit" class="button">
                Open my privacy centre
              </button>
            </form>
            <p>
              <a href={base}>Start again</a>
            </p>
          </>
        )}
        <p class="note">
          Something else? <a href={`${frame.base}/privacy/complaint`}>Write to our compliance specialist</a>,
          no account needed.
        </p>
      </section>
    </Layout>
  );
}

/** Personalisation settings (CN-1, CN-3): a plain page, no banner, nothing pre-ticked. */
export function PrivacySettingsPage({
  frame,
  csrf,
  personalisation,
  signals,
  notice,
  problem,
}: {
  frame: PageFrame;
  csrf: string;
  personalisation: Personalisation;
  signals: PrivacySignals;
  notice?: string | undefined;
  problem?: string | undefined;
}) {
  const signal = signals.gpc ? 'Global Privacy Control' : signals.dnt ? 'Do Not Track' : undefined;
  return (
    <Layout frame={frame} title="Personalisation">
      <section class="form-card">
        <h1>Personalisation</h1>
        <FormNotes notice={notice} problem={problem} />
        <p>
          With personalisation on, we remember which products you look at in this store and suggest others
          “matched for you”. With it off, we keep nothing about your visits beyond anonymous counts. Prices,
          shipping, returns and service are the same either way.
        </p>
        <p>
          <strong>{personalisationLine(personalisation, frame.tenant.policy.timeZone)}</strong>
        </p>
        {signal ? (
          <p class="note">
            Your browser sends {signal}: we keep personalisation off for it. To turn personalisation on,
            switch the signal off in your browser first.
          </p>
        ) : null}
        <form method="post" action={`${frame.base}/privacy/settings`}>
          <input type="hidden" name="_csrf" value={csrf} />
          <fieldset>
            <legend>Suggestions matched to my browsing</legend>
            <label class="check">
              <input
                type="radio"
                name="personalisation"
                value="on"
                checked={personalisation.on}
                disabled={!!signal}
              />{' '}
              On
            </label>
            <label class="check">
              <input type="radio" name="personalisation" value="off" checked={!personalisation.on} /> Off
            </label>
          </fieldset>
          <button type="submit" class="button">
            Save
          </button>
        </form>
      </section>
    </Layout>
  );
}

/** A complaint or question from anyone (DR-7): an address to answer at and the message. */
export function ComplaintPage({
  frame,
  csrf,
  sent,
  problem,
}: {
  frame: PageFrame;
  csrf: string;
  sent?: { reference: string; dueAt: Date } | undefined;
  problem?: string | undefined;
}) {
  const day = dayIn(frame.tenant.policy.timeZone);
  return (
    <Layout frame={frame} title="A complaint about your data">
      <section class="form-card">
        <h1>A complaint about your data</h1>
        {sent ? (
          <p class="confirm" role="status">
            Received. Your reference is <strong class="order-number">{sent.reference}</strong>; our compliance
            specialist answers by e-mail by {day(sent.dueAt)} at the latest.
          </p>
        ) : (
          <>
            <p>
              Tell us what went wrong with your personal data. Our compliance specialist reads it, and answers
              by e-mail within the deadline the law sets (one month at most). No account needed.
            </p>
            <FormNotes problem={problem} />
            <form method="post" action={`${frame.base}/privacy/complaint`}>
              <input type="hidden" name="_csrf" value={csrf} />
              <label>
                Your e-mail address (for the answer)
                <input name="email" type="email" required maxLength={254} autoComplete="email" />
              </label>
              <label>
                What happened
                <textarea name="message" required minLength={2} maxLength={4000} rows={6} />
              </label>
              <button type="submit" class="button">
                Send the complaint
              </button>
            </form>
          </>
        )}
      </section>
    </Layout>
  );
}

/** "Matched for you", loaded after the page (htmx): under a product, or in the sidebar; empty without consent. */
export function ForYouFragment({
  frame,
  products,
  place = 'product',
}: {
  frame: PageFrame;
  products: ProductCard[];
  place?: 'product' | 'side';
}) {
  if (products.length === 0) return <div id={place === 'side' ? 'for-you-side' : 'for-you'} />;
  if (place === 'side')
    return (
      <section id="for-you-side" class="side-block" aria-label="Matched for you">
        <h2>Matched for you</h2>
        <ol class="hot">
          {products.map((p) => (
            <li key={p.id}>
              <a href={`${frame.base}/p/${p.slug}`}>{p.name}</a>
            </li>
          ))}
        </ol>
        <p class="note">
          <a href={`${frame.base}/privacy/settings`}>Why these? Turn off</a>
        </p>
      </section>
    );
  return (
    <section id="for-you" class="for-you" aria-label="Matched for you">
      <h2>Matched for you</h2>
      <p class="note">
        From what you looked at in this store, because you turned personalisation on.{' '}
        <a href={`${frame.base}/privacy/settings`}>Turn it off</a>
      </p>
      <ProductGrid frame={frame} products={products} />
    </section>
  );
}
