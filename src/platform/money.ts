/** Money is always integer minor units (cents) plus an ISO currency code; never a float. */
export interface Money {
  cents: number;
  currency: string;
}

/**
 * The price after a percentage discount, rounded half-up to the cent. A 50% discount on 1999
 * cents is 1000 cents (999.5 rounds up), matching what a shopper would compute on a receipt.
 */
export function applyPercentOff(cents: number, percentOff: number): number {
  if (!Number.isInteger(cents) || cents < 0) throw new RangeError('cents must be a non-negative integer');
  if (percentOff < 0 || percentOff > 100) throw new RangeError('percentOff must be within 0..100');
  // Integer arithmetic in hundredths of a percent avoids float drift (e.g. 0.7 * 1999).
  const basisPoints = Math.round(percentOff * 100);
  return Math.floor((cents * (10000 - basisPoints) + 5000) / 10000);
}

// Building an Intl.NumberFormat is slow (a product page formats dozens of prices): one per currency.
const formatters = new Map<string, Intl.NumberFormat>();

/** Formats cents for display: `formatMoney(1999, 'USD')` → `$19.99`. */
export function formatMoney(cents: number, currency: string): string {
  let format = formatters.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    formatters.set(currency, format);
  }
  return format.format(cents / 100);
}
