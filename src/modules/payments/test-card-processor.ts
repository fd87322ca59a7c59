import { randomBytes } from 'node:crypto';
import {
  CardRejected,
  PaymentProviderError,
  type CardBrand,
  type CardDetails,
  type CardToken,
  type ChargeOutcome,
  type ChargeRequest,
  type DeclineCode,
  type PaymentProvider,
  type Refund,
  type RefundRequest,
} from './payment-provider.ts';

/**
 * Test numbers that tokenise but whose charges are declined, as card processors document them
 * (the same numbers Stripe's test mode uses). Any other Luhn-valid number is approved.
 */
export const DECLINING_TEST_CARDS: Record<string, DeclineCode> = {
  '4000000000000002': 'card_declined',
  '4000000000009995': 'insufficient_funds',
  '4000000000000069': 'expired_card',
  '4000000000000127': 'incorrect_cvc',
  '4000000000000119': 'processing_error',
};

/** A card the test processor approves. */
export const APPROVED_TEST_CARD = '4242424242424242';

const DECLINE_MESSAGES: Record<DeclineCode, string> = {
  card_declined: 'Your card was declined.',
  insufficient_funds: 'Your card has insufficient funds.',
  expired_card: 'Your card has expired.',
  incorrect_cvc: "Your card's security code is incorrect.",
  processing_error: 'An error occurred while processing your card. Try again in a little while.',
};

/** Luhn checksum of a digit string. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function brandOf(digits: string): CardBrand {
  if (digits.startsWith('4')) return 'visa';
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'mastercard';
  if (two === 34 || two === 37) return 'amex';
  if (digits.startsWith('6011') || digits.startsWith('65')) return 'discover';
  return 'unknown';
}

interface StoredCard {
  number: string;
  brand: CardBrand;
}
interface StoredCharge {
  id: string;
  token: string;
  amountCents: number;
  currency: string;
  description: string;
  refundedCents: number;
}

/**
 * A local emulator of a card processor, so checkout runs end to end without the outside world.
 * Like a real one it keeps cards in its own store (this object, never our database), answers with
 * tokens, validates numbers with the Luhn check, declines the documented decline numbers, makes
 * charges and refunds idempotent by key, and refuses to refund more than was charged.
 * State lives in memory: a restart forgets tokens and charges, as switching test accounts would.
 */
export class TestCardProcessor implements PaymentProvider {
  readonly name = 'test';
  private cards = new Map<string, StoredCard>();
  private chargesById = new Map<string, StoredCharge>();
  private outcomes = new Map<string, { fingerprint: string; outcome: ChargeOutcome }>();
  private refunds = new Map<string, { fingerprint: string; refund: Refund }>();

  async tokenizeCard(card: CardDetails, now: Date): Promise<CardToken> {
    const digits = card.number.replace(/[\s-]/g, '');
    if (!/^\d{12,19}$/.test(digits) || !passesLuhn(digits))
      throw new CardRejected('invalid_number', 'The card number is not valid.');
    if (!Number.isInteger(card.expMonth) || card.expMonth < 1 || card.expMonth > 12)
      throw new CardRejected('invalid_expiry', 'The expiry month is not valid.');
    const year = card.expYear < 100 ? 2000 + card.expYear : card.expYear;
    const expiresAfter = Date.UTC(year, card.expMonth, 1); // first instant after the expiry month
    if (expiresAfter <= now.getTime()) throw new CardRejected('expired_card', 'The card has expired.');
    if (year > now.getUTCFullYear() + 20)
      throw new CardRejected('invalid_expiry', 'The expiry year is not valid.');
    const brand = brandOf(digits);
    const cvcLength = brand === 'amex' ? 4 : 3;
    if (!new RegExp(`^\\d{${cvcLength}}$`).test(card.cvc))
      throw new CardRejected('invalid_cvc', `The security code must be ${cvcLength} digits.`);
    const token = `tok_${randomBytes(12).toString('hex')}`;
    this.cards.set(token, { number: digits, brand });
    return { token, brand, last4: digits.slice(-4) };
  }

  async charge(request: ChargeRequest): Promise<ChargeOutcome> {
    const fingerprint = `${request.token}|${request.amountCents}|${request.currency}`;
    const previous = this.outcomes.get(request.idempotencyKey);
    if (previous) {
      if (previous.fingerprint !== fingerprint)
        throw new PaymentProviderError(
          'idempotency_mismatch',
          'idempotency key reused with different parameters',
        );
      return previous.outcome;
    }
    const card = this.cards.get(request.token);
    if (!card) throw new PaymentProviderError('unknown_token', 'unknown card token');
    const decline = DECLINING_TEST_CARDS[card.number];
    let outcome: ChargeOutcome;
    if (decline) {
      outcome = { status: 'declined', code: decline, message: DECLINE_MESSAGES[decline] };
    } else {
      const id = `ch_${randomBytes(12).toString('hex')}`;
      this.chargesById.set(id, {
        id,
        token: request.token,
        amountCents: request.amountCents,
        currency: request.currency,
        description: request.description,
        refundedCents: 0,
      });
      outcome = { status: 'succeeded', chargeId: id, amountCents: request.amountCents };
    }
    this.outcomes.set(request.idempotencyKey, { fingerprint, outcome });
    return outcome;
  }

  async refund(request: RefundRequest): Promise<Refund> {
    const fingerprint = `${request.chargeId}|${request.amountCents ?? 'rest'}`;
    const previous = this.refunds.get(request.idempotencyKey);
    if (previous) {
      if (previous.fingerprint !== fingerprint)
        throw new PaymentProviderError(
          'idempotency_mismatch',
          'idempotency key reused with different parameters',
        );
      return previous.refund;
    }
    const charge = this.chargesById.get(request.chargeId);
    if (!charge) throw new PaymentProviderError('unknown_charge', 'unknown charge');
    const remaining = charge.amountCents - charge.refundedCents;
    const amountCents = request.amountCents ?? remaining;
    if (!Number.isInteger(amountCents) || amountCents <= 0 || amountCents > remaining)
      throw new PaymentProviderError('refund_exceeds_charge', 'refund exceeds what is left of the charge');
    charge.refundedCents += amountCents;
    const refund = { refundId: `re_${randomBytes(12).toString('hex')}`, chargeId: charge.id, amountCents };
    this.refunds.set(request.idempotencyKey, { fingerprint, refund });
    return refund;
  }

  async findCharge(idempotencyKey: string): Promise<ChargeOutcome | undefined> {
    return this.outcomes.get(idempotencyKey)?.outcome;
  }

  /** The processor's dashboard: charges made so far (amounts and descriptions only). */
  listCharges(): { id: string; amountCents: number; refundedCents: number; description: string }[] {
    return [...this.chargesById.values()].map(({ id, amountCents, refundedCents, description }) => ({
      id,
      amountCents,
      refundedCents,
      description,
    }));
  }
}
