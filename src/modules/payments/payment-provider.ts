/**
 * The payment-provider abstraction (CK-1). Pledge never stores or logs card data: a card goes
 * straight to the provider, which keeps it in its own vault and answers with a token; orders keep
 * only the provider's charge id. Real processors (Stripe, Adyen, …) and the built-in test processor
 * implement this interface.
 */
export interface PaymentProvider {
  /** Short name stored on orders next to the charge id (`test`, `stripe`, …). */
  readonly name: string;
  /**
   * Hands card details to the provider and returns its token. Throws `CardRejected` for a number
   * that cannot be a card, an expired card or a malformed security code; never echoes the input.
   */
  tokenizeCard(card: CardDetails, now: Date): Promise<CardToken>;
  /**
   * Charges a token. The idempotency key makes retries safe: the same key always returns the first
   * outcome and never charges twice. A declined card is an outcome, not an exception.
   */
  charge(request: ChargeRequest): Promise<ChargeOutcome>;
  /** Refunds part or all of a charge; idempotent by key like `charge`. */
  refund(request: RefundRequest): Promise<Refund>;
  /**
   * The outcome of the charge made with this idempotency key, if any: how a checkout interrupted
   * between charging and recording finds out whether the card was charged.
   */
  findCharge(idempotencyKey: string): Promise<ChargeOutcome | undefined>;
}

/** Card details as the shopper typed them. Exists only in memory on the way to the provider. */
export interface CardDetails {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

/** The provider's handle on a card, with what may be shown back to the shopper. */
export interface CardToken {
  token: string;
  brand: CardBrand;
  last4: string;
}

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'unknown';

export interface ChargeRequest {
  token: string;
  amountCents: number;
  currency: string;
  idempotencyKey: string;
  /** Shown on the processor's dashboard, e.g. the order number. Never personal data. */
  description: string;
}

export type ChargeOutcome =
  | { status: 'succeeded'; chargeId: string; amountCents: number }
  | { status: 'declined'; code: DeclineCode; message: string };

export type DeclineCode =
  'card_declined' | 'insufficient_funds' | 'expired_card' | 'incorrect_cvc' | 'processing_error';

export interface RefundRequest {
  chargeId: string;
  /** Omitted = the rest of the charge. */
  amountCents?: number;
  idempotencyKey: string;
}

export interface Refund {
  refundId: string;
  chargeId: string;
  amountCents: number;
}

/** Why a card was refused before any charge; the message is safe to show and holds no card data. */
export type CardRejectionCode = 'invalid_number' | 'expired_card' | 'invalid_expiry' | 'invalid_cvc';

/** A card the provider would not tokenise. */
export class CardRejected extends Error {
  constructor(
    readonly code: CardRejectionCode,
    message: string,
  ) {
    super(message);
    this.name = 'CardRejected';
  }
}

/** A provider-side failure that is not the shopper's fault (unknown token, over-refund, key reuse). */
export class PaymentProviderError extends Error {
  constructor(
    readonly code: 'unknown_token' | 'unknown_charge' | 'idempotency_mismatch' | 'refund_exceeds_charge',
    message: string,
  ) {
    super(message);
    this.name = 'PaymentProviderError';
  }
}
