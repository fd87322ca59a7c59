/**
 * Shoppers the tests buy as. Every value is distinctive, so a search of a database dump or of the
 * captured logs for it cannot match by accident. Every test app checks on close that none of these
 * values reached its logs (issue 3: logs hold no seeded personal values).
 */
export const PERSONAS = {
  guest: {
    email: 'marisol.quenby@example.net',
    recipientName: 'Marisol Quenby-Ashdown',
    line1: '17 Wrenfield Terrace',
    line2: 'Flat 4B',
    city: 'Tillingbourne',
    region: 'Surrey',
    postalCode: 'GU5 9ZX',
    countryCode: 'GB',
    phone: '+44 7700 900417',
  },
  member: {
    nickname: 'Oswin',
    email: 'oswin.fairleigh@example.org',
    password: 'correct horse battery 9',
    recipientName: 'Oswin Fairleigh',
    line1: '2290 Larkspur Hollow Rd',
    city: 'Quillcrest',
    region: 'OR',
    postalCode: '97381',
    countryCode: 'US',
    phone: '+1 503 555 0199',
  },
} as const;

/** The values of one persona that must never appear in plaintext (the password included). */
export function personalValues(persona: Record<string, string>): string[] {
  return Object.entries(persona)
    .filter(([key]) => key !== 'countryCode' && key !== 'nickname' && key !== 'region')
    .map(([, value]) => value);
}

/** Every persona value that must stay out of logs. */
export const ALL_PERSONAL_VALUES = [...personalValues(PERSONAS.guest), ...personalValues(PERSONAS.member)];

/** Card numbers used in tests: they must never reach tables, logs or error messages either. */
export const TEST_CARDS = {
  approved: '4242424242424242',
  declined: '4000000000000002',
  insufficientFunds: '4000000000009995',
  badLuhn: '4242424242424241',
};
