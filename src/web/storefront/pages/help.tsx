import { formatMoney } from '#platform/money.ts';
import type { PageFrame } from '../components.tsx';
import { Layout } from '../layout.tsx';

/** Shipping and returns terms, written from the tenant's policy object (never hard-coded). */
export function ShippingReturnsPage({ frame }: { frame: PageFrame }) {
  const p = frame.tenant.policy;
  return (
    <Layout frame={frame} title="Shipping & returns">
      <article class="prose">
        <h1>Shipping &amp; returns</h1>
        <h2>Shipping</h2>
        <p>
          Orders leave our warehouse within {p.processingDays.min}–{p.processingDays.max} working days and are
          delivered within {p.deliveryDays.min}–{p.deliveryDays.max} days.{' '}
          {p.freeShipping.enabled
            ? p.freeShipping.minimumOrderCents > 0
              ? `Shipping is free on orders over ${formatMoney(p.freeShipping.minimumOrderCents, p.currency)}.`
              : 'Shipping is free worldwide, on every order.'
            : ''}
        </p>
        <h2>Returns</h2>
        <p>
          You can return any item within {p.returns.windowDays} days of delivery
          {p.returns.freeReturnShipping ? ', and return shipping is free' : ''}: write to{' '}
          <a href={`mailto:${p.contactEmail}`}>{p.contactEmail}</a> with your order number and we reply with
          how to send it back. Once your return arrives, we review the refund within{' '}
          {p.refundReviewWorkingDays.min}–{p.refundReviewWorkingDays.max} working days.
        </p>
        <h2>Prices</h2>
        <p>
          Prices are in {p.currency}.{' '}
          {p.storewideDiscountPercent > 0
            ? `Every product is ${p.storewideDiscountPercent}% off its list price.`
            : ''}
        </p>
      </article>
    </Layout>
  );
}

/** How to reach the store: its published address, and where the answers to common questions are. */
export function ContactPage({ frame }: { frame: PageFrame }) {
  const email = frame.tenant.policy.contactEmail;
  return (
    <Layout frame={frame} title="Contact us">
      <article class="prose">
        <h1>Contact us</h1>
        <p>
          Write to us at <a href={`mailto:${email}`}>{email}</a>. If it is about an order, put the order
          number in the subject; you never need to send card details.
        </p>
        <h2>Quick answers</h2>
        <ul>
          <li>
            <a href={`${frame.base}/orders/lookup`}>Find my order</a> with its number and your e-mail address.
          </li>
          <li>
            <a href={`${frame.base}/help/shipping-returns`}>Shipping &amp; returns</a>: delivery times and how
            to return an item.
          </li>
          <li>
            <a href={`${frame.base}/privacy`}>Privacy policy</a>: what we keep about you and who can see it.
          </li>
        </ul>
      </article>
    </Layout>
  );
}
