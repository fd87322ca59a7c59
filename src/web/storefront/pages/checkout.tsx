import { policyVersionInEffect } from '#modules/privacy';
import type { CartView } from '#modules/cart';
import { COUNTRIES } from '#platform/countries.ts';
import { addressRules } from '#platform/address-formats.ts';
import { formatMoney } from '#platform/money.ts';
import type { PageFrame } from '../components.tsx';
import { Layout } from '../layout.tsx';

/** What the shopper typed, shown back after a problem. Card fields are never shown back. */
export interface CheckoutValues {
  email?: string;
  recipientName?: string;
  line1?: string;
  line2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  countryCode?: string;
  phone?: string;
  /** The policy version ticked, kept ticked after a problem elsewhere. */
  consent?: string;
}

function Field({
  name,
  label,
  value,
  error,
  autoComplete,
  required = true,
  type = 'text',
  maxLength,
  hint,
  inputMode,
  enforce = true,
}: {
  name: keyof CheckoutValues | 'cardNumber' | 'cardExpiry' | 'cardCvc';
  label: string;
  value?: string | undefined;
  error?: string | undefined;
  autoComplete: string;
  required?: boolean;
  type?: string;
  maxLength: number;
  hint?: string;
  /** The keyboard a phone shows (card digits: numeric). */
  inputMode?: 'numeric' | 'text' | 'email' | 'tel';
  /**
   * Whether the browser itself refuses an empty required field. Country-dependent fields leave
   * that to the server: without JavaScript, the fields shown may still be another country's.
   */
  enforce?: boolean;
}) {
  const id = `f-${name}`;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>
        {label}
        {required ? null : <small> (optional)</small>}
      </label>
      {hint ? <small class="hint">{hint}</small> : null}
      <input
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        inputMode={inputMode}
        required={required && enforce}
        aria-required={required && !enforce ? 'true' : undefined}
        maxLength={maxLength}
        value={value ?? ''}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error ? (
        <small class="field-error" id={`${id}-error`}>
          {error}
        </small>
      ) : null}
    </div>
  );
}

/**
 * Town, postal code and region as the chosen country writes them (from its address metadata):
 * a field the country does not use is not shown, one it needs is required, the others say
 * "(optional)"; a region with an official list is a choice. htmx replaces this block when the
 * country changes; without JavaScript, a submission is checked against the country chosen and
 * the form comes back with that country's fields.
 */
export function CountryFields({
  countryCode,
  values,
  errors,
}: {
  countryCode: string | undefined;
  values: CheckoutValues;
  errors: Record<string, string>;
}) {
  const rules = countryCode ? addressRules(countryCode) : undefined;
  const regionId = 'f-region';
  return (
    <div id="country-fields">
      <div class="field-row">
        <Field
          name="city"
          label={rules?.cityLabel ?? 'Town or city'}
          autoComplete="shipping address-level2"
          maxLength={80}
          required={rules?.city !== 'optional'}
          enforce={false}
          value={values.city}
          error={errors.city}
        />
        {rules?.postalCode === 'absent' ? null : (
          <Field
            name="postalCode"
            label={rules?.postalLabel ?? 'Postal code'}
            autoComplete="shipping postal-code"
            maxLength={16}
            required={rules?.postalCode === 'required'}
            enforce={false}
            value={values.postalCode}
            error={errors.postalCode}
            hint={rules?.postalExample ? `For example ${rules.postalExample}` : undefined}
          />
        )}
      </div>
      {rules?.region === 'absent' ? null : rules && rules.regions.length > 0 ? (
        <div class={errors.region ? 'field has-error' : 'field'}>
          <label for={regionId}>
            {rules.regionLabel}
            {rules.region === 'required' ? null : <small> (optional)</small>}
          </label>
          <select
            id={regionId}
            name="region"
            autoComplete="shipping address-level1"
            aria-required={rules.region === 'required' ? 'true' : undefined}
            aria-invalid={errors.region ? 'true' : undefined}
            aria-describedby={errors.region ? `${regionId}-error` : undefined}
          >
            <option value="">Choose…</option>
            {rules.regions.map((r) => (
              <option key={r.value} value={r.value} selected={r.value === values.region}>
                {r.label}
              </option>
            ))}
          </select>
          {errors.region ? (
            <small class="field-error" id={`${regionId}-error`}>
              {errors.region}
            </small>
          ) : null}
        </div>
      ) : (
        <Field
          name="region"
          label={rules?.regionLabel ?? 'State, province or region'}
          autoComplete="shipping address-level1"
          maxLength={80}
          required={rules?.region === 'required'}
          enforce={false}
          value={values.region}
          error={errors.region}
        />
      )}
    </div>
  );
}

/** The order summary beside the form: what is bought, was/now prices, shipping and total (CK-1). */
export function OrderSummaryBox({ cart, currency }: { cart: CartView; currency: string }) {
  const money = (cents: number) => formatMoney(cents, currency);
  return (
    <aside class="summary" aria-label="Order summary">
      <h2>Order summary</h2>
      <ul class="summary-lines">
        {cart.lines.map((l) => (
          <li key={l.variant.variantId}>
            <span>
              {l.quantity} × {l.variant.productName} <small>({l.variant.title})</small>
            </span>
            <span>{money(l.lineNowCents)}</span>
          </li>
        ))}
      </ul>
      <dl class="totals">
        {/* "Was … Now …" only when something is really cheaper than its list price. */}
        {cart.savingsCents > 0 ? (
          <>
            <dt>Was</dt>
            <dd>
              <s>{money(cart.subtotalWasCents)}</s>
            </dd>
            <dt>Now</dt>
            <dd>{money(cart.subtotalNowCents)}</dd>
            <dt>You save</dt>
            <dd class="sale">{money(cart.savingsCents)}</dd>
          </>
        ) : (
          <>
            <dt>Subtotal</dt>
            <dd>{money(cart.subtotalNowCents)}</dd>
          </>
        )}
        <dt>Shipping</dt>
        <dd>{cart.shippingCents === 0 ? 'Free' : money(cart.shippingCents)}</dd>
        <dt class="grand">Total</dt>
        <dd class="grand">{money(cart.totalCents)}</dd>
      </dl>
    </aside>
  );
}

/**
 * The checkout form (CK-1): contact, international address, optional phone, card, and consent to
 * the current privacy-policy version. Works without JavaScript; a hidden Idempotency-Key makes a
 * double submit place one order.
 */
export function CheckoutPage({
  frame,
  cart,
  csrf,
  idempotencyKey,
  values,
  errors,
  problem,
  signedIn,
  savedAddresses = [],
}: {
  frame: PageFrame;
  cart: CartView;
  csrf: string;
  idempotencyKey: string;
  values: CheckoutValues;
  errors: Record<string, string>;
  problem?: string | undefined;
  signedIn: boolean;
  /** The member's address book, to start from one of its addresses. */
  savedAddresses?: { id: string; summary: string }[];
}) {
  const policy = frame.tenant.policy;
  const version = policyVersionInEffect(policy, frame.now).version;
  return (
    <Layout frame={frame} title="Checkout">
      <h1>Checkout</h1>
      {problem ? (
        <p class="form-error" role="alert">
          {problem}
        </p>
      ) : null}
      <div class="checkout">
        <form method="post" action={`${frame.base}/checkout`} class="checkout-form" novalidate={false}>
          <input type="hidden" name="_csrf" value={csrf} />
          <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
          <fieldset>
            <legend>Contact</legend>
            {signedIn ? null : (
              <p class="note">
                Checking out as a guest. <a href={`${frame.base}/account/login`}>Log in</a> to keep your
                orders in your account.
              </p>
            )}
            <Field
              name="email"
              label="E-mail address"
              type="email"
              autoComplete="email"
              maxLength={254}
              value={values.email}
              error={errors.email}
              hint="For the order confirmation and delivery updates only."
            />
          </fieldset>
          <fieldset>
            <legend>Shipping address</legend>
            {savedAddresses.length > 0 ? (
              <p class="note saved-addresses">
                From your address book:{' '}
                {savedAddresses.map((a, i) => (
                  <>
                    {i > 0 ? ' · ' : ''}
                    <a href={`${frame.base}/checkout?address=${a.id}`}>{a.summary}</a>
                  </>
                ))}
              </p>
            ) : null}
            <AddressFields base={frame.base} values={values} errors={errors} refreshButton />
          </fieldset>
          <fieldset>
            <legend>Payment</legend>
            <p class="note">
              Your card goes straight to our payment provider; we never store its number, expiry or security
              code.
            </p>
            <Field
              name="cardNumber"
              label="Card number"
              autoComplete="cc-number"
              inputMode="numeric"
              maxLength={23}
              error={errors.card}
            />
            <div class="field-row">
              <Field
                name="cardExpiry"
                label="Expiry (MM/YY)"
                autoComplete="cc-exp"
                inputMode="numeric"
                maxLength={7}
              />
              <Field
                name="cardCvc"
                label="Security code"
                autoComplete="cc-csc"
                inputMode="numeric"
                maxLength={4}
              />
            </div>
          </fieldset>
          <fieldset>
            <legend>Privacy</legend>
            <div class={errors.consent ? 'field consent has-error' : 'field consent'}>
              <label>
                <input
                  type="checkbox"
                  name="consent"
                  value={version}
                  checked={values.consent === version}
                  required
                />{' '}
                I have read the <a href={`${frame.base}/privacy`}>privacy policy</a> (version {version}) and
                agree that my details are used to deliver this order.
              </label>
              {errors.consent ? <small class="field-error">{errors.consent}</small> : null}
            </div>
          </fieldset>
          <button type="submit" class="button place-order">
            Pay {formatMoney(cart.totalCents, policy.currency)} and place order
          </button>
        </form>
        <OrderSummaryBox cart={cart} currency={policy.currency} />
      </div>
    </Layout>
  );
}

/**
 * The shipping address fields, shared by checkout and the order page's address change: the same
 * names, autocomplete hints and country rules. `refreshButton` adds, for browsers without
 * JavaScript, a button that brings the form back with the chosen country's fields.
 */
export function AddressFields({
  base,
  values,
  errors,
  refreshButton = false,
}: {
  base: string;
  values: CheckoutValues;
  errors: Record<string, string>;
  refreshButton?: boolean;
}) {
  return (
    <>
      <Field
        name="recipientName"
        label="Recipient’s name"
        autoComplete="shipping name"
        maxLength={100}
        value={values.recipientName}
        error={errors.recipientName}
      />
      <div class={errors.countryCode ? 'field has-error' : 'field'}>
        <label for="f-countryCode">Country</label>
        <select
          id="f-countryCode"
          name="countryCode"
          autoComplete="shipping country"
          required
          hx-post={`${base}/checkout/address-fields`}
          hx-trigger="change"
          hx-target="#country-fields"
          hx-swap="outerHTML"
          hx-include="[name=_csrf],[name=city],[name=postalCode],[name=region]"
        >
          <option value="">Choose…</option>
          {COUNTRIES.map((c) => (
            <option key={c.code} value={c.code} selected={c.code === values.countryCode}>
              {c.name}
            </option>
          ))}
        </select>
        {errors.countryCode ? <small class="field-error">{errors.countryCode}</small> : null}
        {refreshButton ? (
          // Without JavaScript: show the chosen country's fields (a POST: nothing typed goes in a URL).
          <noscript>
            <button type="submit" name="refresh" value="country" formnovalidate class="link-button">
              Show this country’s address fields
            </button>
          </noscript>
        ) : null}
      </div>
      <Field
        name="line1"
        label="Street address"
        autoComplete="shipping address-line1"
        maxLength={120}
        value={values.line1}
        error={errors.line1}
      />
      <Field
        name="line2"
        label="Apartment, suite, building"
        autoComplete="shipping address-line2"
        maxLength={120}
        required={false}
        value={values.line2}
        error={errors.line2}
      />
      <CountryFields countryCode={values.countryCode} values={values} errors={errors} />
      <Field
        name="phone"
        label="Phone"
        type="tel"
        autoComplete="shipping tel"
        maxLength={32}
        required={false}
        value={values.phone}
        error={errors.phone}
        hint="Only used to reach you about a problem with the delivery."
      />
    </>
  );
}

/** The shipping address on its own, as a form (the order page's "change the delivery address"). */
export function AddressForm({
  action,
  csrf,
  values,
  errors,
  base,
}: {
  action: string;
  csrf: string;
  values: CheckoutValues;
  errors: Record<string, string>;
  base: string;
}) {
  return (
    <form method="post" action={action} class="checkout-form">
      <input type="hidden" name="_csrf" value={csrf} />
      <AddressFields base={base} values={values} errors={errors} />
      <button type="submit" class="button">
        Save the new address
      </button>
    </form>
  );
}
