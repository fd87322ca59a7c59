import type { CardDetails } from '#modules/payments';
import { isCountryCode } from '#platform/countries.ts';
import { addressRules, canonicalRegion, postalCodeFits } from '#platform/address-formats.ts';
import { invalid } from '#platform/errors.ts';

/** A shipping address as typed at checkout (international: region and postal code vary by country). */
export interface AddressInput {
  recipientName: string;
  line1: string;
  line2?: string | undefined;
  city: string;
  region?: string | undefined;
  postalCode?: string | undefined;
  countryCode: string;
  phone?: string | undefined;
}

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
const PHONE = /^\+?[0-9][0-9 ().-]{5,22}$/;
const POSTAL = /^[A-Za-z0-9][A-Za-z0-9 -]{1,10}$/;
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,80}$/;

/** A field's label inside a sentence: "the postal code", but "the ZIP code", "the Eircode". */
const noun = (label: string) => (/^(ZIP|PIN|Eircode)/.test(label) ? label : label.toLowerCase());

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
  const a = input.address;
  const address: AddressInput = {
    recipientName: clean(a.recipientName) ?? '',
    line1: clean(a.line1) ?? '',
    line2: clean(a.line2),
    city: clean(a.city) ?? '',
    region: clean(a.region),
    postalCode: clean(a.postalCode)?.toUpperCase(),
    countryCode: (clean(a.countryCode) ?? '').toUpperCase(),
    phone: clean(a.phone),
  };
  const lengthOk = (value: string | undefined, max: number) => !value || value.length <= max;
  if (!address.recipientName || !lengthOk(address.recipientName, 100))
    fields.recipientName = 'Enter the recipient’s name (up to 100 characters).';
  if (!address.line1 || !lengthOk(address.line1, 120))
    fields.line1 = 'Enter the street address (up to 120 characters).';
  if (!lengthOk(address.line2, 120))
    fields.line2 = 'The second address line is too long (up to 120 characters).';
  const rules = isCountryCode(address.countryCode) ? addressRules(address.countryCode) : undefined;
  if (!rules) fields.countryCode = 'Choose a country from the list.';
  if (!lengthOk(address.city, 80)) fields.city = 'The town or city is too long (up to 80 characters).';
  else if (!address.city && rules?.city !== 'optional')
    fields.city = `Enter the ${noun(rules?.cityLabel ?? 'town or city')}.`;
  if (rules) {
    // Which fields the country has, needs and how it writes them come from its address metadata.
    if (rules.region === 'absent') address.region = undefined;
    else if (!address.region) {
      if (rules.region === 'required')
        fields.region = `${rules.regions.length ? 'Choose' : 'Enter'} the ${noun(rules.regionLabel)}.`;
    } else if (!lengthOk(address.region, 80)) fields.region = 'The region is too long (up to 80 characters).';
    else {
      const region = canonicalRegion(rules, address.region);
      if (region === undefined) fields.region = `Choose the ${noun(rules.regionLabel)} from the list.`;
      else address.region = region;
    }
    if (rules.postalCode === 'absent') address.postalCode = undefined;
    else if (!address.postalCode) {
      if (rules.postalCode === 'required') fields.postalCode = `Enter the ${noun(rules.postalLabel)}.`;
    } else if (!POSTAL.test(address.postalCode) || !postalCodeFits(rules.countryCode, address.postalCode))
      fields.postalCode = `Enter the ${noun(rules.postalLabel)} as it is written there${rules.postalExample ? `, like ${rules.postalExample}` : ''}.`;
  }
  if (address.phone && !PHONE.test(address.phone))
    fields.phone = 'Enter a phone number with digits only, optionally starting with + and the country code.';
  if (input.acceptedPolicyVersion !== currentPolicyVersion)
    fields.consent = 'Please read and accept the current privacy policy to place the order.';
  if (!IDEMPOTENCY_KEY.test(input.idempotencyKey))
    fields.idempotencyKey = 'The idempotency key must be 8 to 80 letters, digits, dashes or underscores.';
  if (Object.keys(fields).length > 0) {
    throw invalid(`Please check: ${Object.keys(fields).join(', ')}`, { fields });
  }
  return { ...input, email, address };
}
