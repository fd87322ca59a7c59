import type { SavedAddress } from '#modules/accounts';
import { FormNotes, type PageFrame } from '../components.tsx';
import { Layout } from '../layout.tsx';

/** A member's editable details (DR-1): nickname, e-mail address (re-verified), address book. */
export function DetailsPage({
  frame,
  csrf,
  nickname,
  email,
  addresses,
  notice,
  problem,
}: {
  frame: PageFrame;
  csrf: string;
  nickname: string;
  email: string;
  addresses: SavedAddress[];
  notice?: string | undefined;
  problem?: string | undefined;
}) {
  const base = `${frame.base}/account/details`;
  return (
    <Layout frame={frame} title="Your details">
      <section class="privacy-centre">
        <h1>Your details</h1>
        <FormNotes notice={notice} problem={problem} />
        <form method="post" action={`${base}/nickname`} class="request-form">
          <input type="hidden" name="_csrf" value={csrf} />
          <label>
            Nickname
            <input name="nickname" required maxLength={40} value={nickname} />
          </label>
          <button type="submit" class="button">
            Save the nickname
          </button>
        </form>
        <form method="post" action={`${base}/email`} class="request-form">
          <input type="hidden" name="_csrf" value={csrf} />
          <p>
            Your e-mail address is <strong>{email}</strong>. To change it, give the new one: we send it a
            link, and the change happens when you open it.
          </p>
          <label>
            New e-mail address
            <input name="email" type="email" required maxLength={254} autoComplete="email" />
          </label>
          <label>
            Your password, to confirm
            <input name="password" type="password" required maxLength={200} autoComplete="current-password" />
          </label>
          <button type="submit" class="button">
            Send the link
          </button>
        </form>
        <h2>Address book</h2>
        {addresses.length === 0 ? <p class="note">No saved address yet.</p> : null}
        <ul class="requests">
          {addresses.map((a) => (
            <li class="request" key={a.id}>
              {[a.recipientName, a.line1, a.line2, a.city, a.region, a.postalCode, a.countryCode]
                .filter(Boolean)
                .join(', ')}
              {a.phone ? ` · ${a.phone}` : ''}
              <form method="post" action={`${base}/addresses/${a.id}/remove`} class="inline-form">
                <input type="hidden" name="_csrf" value={csrf} />
                <button type="submit" class="link-button">
                  Remove
                </button>
              </form>
            </li>
          ))}
        </ul>
        <form method="post" action={`${base}/addresses`} class="request-form">
          <input type="hidden" name="_csrf" value={csrf} />
          <h3>Add an address</h3>
          <label>
            Recipient
            <input name="recipientName" required maxLength={120} autoComplete="name" />
          </label>
          <label>
            Address line 1
            <input name="line1" required maxLength={200} autoComplete="address-line1" />
          </label>
          <label>
            Address line 2 (optional)
            <input name="line2" maxLength={200} autoComplete="address-line2" />
          </label>
          <label>
            Town or city
            <input name="city" required maxLength={120} autoComplete="address-level2" />
          </label>
          <label>
            Region or state (where the country has one)
            <input name="region" maxLength={120} autoComplete="address-level1" />
          </label>
          <label>
            Postal code
            <input name="postalCode" maxLength={20} autoComplete="postal-code" />
          </label>
          <label>
            Country (two letters, e.g. US, GB, FR)
            <input name="countryCode" required maxLength={2} autoComplete="country" />
          </label>
          <label>
            Phone for the carrier (optional)
            <input name="phone" maxLength={40} autoComplete="tel" />
          </label>
          <button type="submit" class="button">
            Save the address
          </button>
        </form>
        <p>
          <a href={`${frame.base}/account`}>Back to your account</a> ·{' '}
          <a href={`${frame.base}/privacy/centre`}>Privacy centre</a>
        </p>
      </section>
    </Layout>
  );
}

/** The page a new address's confirmation link opens: one button, so a link preview changes nothing. */
export function ConfirmEmailPage({
  frame,
  csrf,
  token,
  problem,
  done,
}: {
  frame: PageFrame;
  csrf: string;
  token: string;
  problem?: string | undefined;
  done?: boolean;
}) {
  return (
    <Layout frame={frame} title="Confirm your new e-mail address">
      <section class="form-card">
        <h1>Confirm your new e-mail address</h1>
        <FormNotes problem={problem} />
        {done ? (
          <p class="confirm" role="status">
            Done: your account now uses this address.
          </p>
        ) : !problem ? (
          <form method="post" action={`${frame.base}/account/email/confirm`}>
            <input type="hidden" name="_csrf" value={csrf} />
            <input type="hidden" name="token" value={token} />
            <button type="submit" class="button">
              Use this address
            </button>
          </form>
        ) : null}
        <p>
          <a href={`${frame.base}/account`}>Your account</a>
        </p>
      </section>
    </Layout>
  );
}
