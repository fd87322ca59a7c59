import type { CardDetails } from '#modules/payments';
import { checkShippingAddress, type AddressInput } from '#platform/shipping-address.ts';
import { invalid } from '#platform/errors.ts';

export type { AddressInput } from '#platform/shipping-address.ts';

/**
 * Everything a checkout submits. Only these fields exist: nothing else is collected (PV-3). Whose
 * cart is checked out comes from the request (`ctx.actor`, its cart token), not from here.
 */
export interface CheckoutInput {
  /** The client's Idempotency-Key (the form carries one; API clients send the header). */
  idempotencyKey: string;
  email: string;
  address: AddressInput;
  /** The privacy-policy version the shopper ticked; must be the store's current one. */
  acceptedPolicyVersion: string | undefined;
  /** A card to tokenise now, or a token the provider issued to the client. */
  payment: { card: CardDetails } | { token: string };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,80}$/;

const clean = (value: string | undefined) => value?.replace(/\s+/g, ' ').trim() || undefined;

/**
 * Checks a checkout submission field by field and returns it tidied (trimmed, upper-case country).
 * Throws `invalid` with `details.fields` naming each problem, so a form can show all of them at
 * once. Messages never repeat what was typed.
 */
export function validateCheckout(input: CheckoutInput, currentPolicyVersion: string): CheckoutInput {
  const fields: Record<string, string> = {};
  const email = clean(input.email) ?? '';
  if (!EMAIL.test(email) || email.length > 254)
    fields.email = 'Enter an e-mail address like name@example.com.';
  const checked = checkShippingAddress(input.address);
  const address = checked.address;
  Object.assign(fields, checked.fields);
  if (input.acceptedPolicyVersion !== currentPolicyVersion)
    fields.consent = 'Please read and accept the current privacy policy to place the order.';
  if (!IDEMPOTENCY_KEY.test(input.idempotencyKey))
    fields.idempotencyKey = 'The idempotency key must be 8 to 80 letters, digits, dashes or underscores.';
  if (Object.keys(fields).length > 0) {
    throw invalid(`Please check: ${Object.keys(fields).join(', ')}`, { fields });
  }
  return { ...input, email, address };
}
