import { isCountryCode } from './countries.ts';
import { addressRules, canonicalRegion, postalCodeFits } from './address-formats.ts';

/** A shipping address as typed (international: region and postal code vary by country). */
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

const PHONE = /^\+?[0-9][0-9 ().-]{5,22}$/;
const POSTAL = /^[A-Za-z0-9][A-Za-z0-9 -]{1,10}$/;

/** A field's label inside a sentence: "the postal code", but "the ZIP code", "the Eircode". */
const noun = (label: string) => (/^(ZIP|PIN|Eircode)/.test(label) ? label : label.toLowerCase());

const clean = (value: string | undefined) => value?.replace(/\s+/g, ' ').trim() || undefined;

/**
 * Checks a shipping address field by field against its country's rules (address metadata) and
 * returns it tidied (trimmed, upper-case country and postal code, region as the country's code,
 * fields the country does not use dropped) with a message per problem. Checkout and the
 * shopper's address change use it; messages never repeat what was typed.
 */
export function checkShippingAddress(a: AddressInput): {
  address: AddressInput;
  fields: Record<string, string>;
} {
  const fields: Record<string, string> = {};
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
  return { address, fields };
}
