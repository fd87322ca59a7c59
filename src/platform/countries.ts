/**
 * ISO 3166-1 alpha-2 codes of the countries and territories the demo stores ship to (all of
 * them: shipping is global). Names come from the runtime's ICU data, so they stay current.
 */
const CODES = (
  'AD AE AF AG AI AL AM AO AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BW BY ' +
  'BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI ' +
  'FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GT GU GW GY HK HN HR HT HU ID IE IL IM IN IO ' +
  'IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME ' +
  'MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE ' +
  'PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SK SL SM SN SO SR SS ST ' +
  'SV SX SY SZ TC TD TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS ' +
  'XK YE YT ZA ZM ZW'
).split(' ');

/** Places without postal codes, where the field is optional. */
const WITHOUT_POSTAL_CODE = new Set(
  'AE AG AO AW BF BI BJ BO BS BW BZ CD CF CG CI CK CM DJ DM ER FJ GA GD GH GM GQ GY HK KI KM KN KP LY ML MO MR MW NR NU QA RW SB SC SL SO SR SS ST SY TD TF TG TK TL TO TT TV UG VU YE ZW'.split(
    ' ',
  ),
);

/** Countries whose addresses need a state, province or region. */
const NEEDS_REGION = new Set(['US', 'CA', 'AU', 'BR', 'MX', 'CN', 'IN']);

const names = new Intl.DisplayNames(['en'], { type: 'region' });

/** Every country, sorted by English name, for address forms. */
export const COUNTRIES: { code: string; name: string }[] = CODES.map((code) => ({
  code,
  name: names.of(code) ?? code,
})).sort((a, b) => a.name.localeCompare(b.name, 'en'));

const KNOWN = new Set(CODES);

/** Whether a code is a country we ship to. */
export const isCountryCode = (code: string): boolean => KNOWN.has(code);
/** Whether addresses in the country carry a postal code. */
export const hasPostalCodes = (code: string): boolean => !WITHOUT_POSTAL_CODE.has(code);
/** Whether addresses in the country need a region. */
export const needsRegion = (code: string): boolean => NEEDS_REGION.has(code);
/** The English name of a country code. */
export const countryName = (code: string): string => names.of(code) ?? code;
