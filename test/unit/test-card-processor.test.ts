import { describe, expect, it } from 'vitest';
import {
  CardRejected,
  PaymentProviderError,
  TestCardProcessor,
  passesLuhn,
} from '../../src/modules/payments/index.ts';
import { TEST_CARDS } from '../support/personas.ts';

const now = new Date('2026-11-23T10:00:00Z');
const card = (number: string, over: Partial<{ expMonth: number; expYear: number; cvc: string }> = {}) => ({
  number,
  expMonth: 12,
  expYear: 2030,
  cvc: '123',
  ...over,
});

describe('CK-1: the test card processor behaves like a card processor', () => {
  it('CK-1: Luhn check accepts real test numbers and rejects a changed digit', () => {
    expect(passesLuhn('4242424242424242')).toBe(true);
    expect(passesLuhn('5555555555554444')).toBe(true);
    expect(passesLuhn('378282246310005')).toBe(true);
    expect(passesLuhn('4242424242424241')).toBe(false);
    expect(passesLuhn('5555555555554445')).toBe(false);
  });

  it('CK-1: tokenising returns a token, the brand and last four; bad numbers, expiry and CVC are refused without echoing them', async () => {
    const p = new TestCardProcessor();
    const t = await p.tokenizeCard(card('4242 4242 4242 4242'), now);
    expect(t).toMatchObject({ brand: 'visa', last4: '4242' });
    expect(t.token).toMatch(/^tok_[0-9a-f]{24}$/);
    expect((await p.tokenizeCard(card('378282246310005', { cvc: '1234' }), now)).brand).toBe('amex');
    const refusal = async (c: ReturnType<typeof card>) => {
      try {
        await p.tokenizeCard(c, now);
        return undefined;
      } catch (e) {
        expect(e).toBeInstanceOf(CardRejected);
        expect((e as Error).message).not.toContain(c.number);
        return (e as CardRejected).code;
      }
    };
    expect(await refusal(card(TEST_CARDS.badLuhn))).toBe('invalid_number');
    expect(await refusal(card('4242'))).toBe('invalid_number');
    expect(await refusal(card('4242424242424242', { expMonth: 10, expYear: 2026 }))).toBe('expired_card');
    expect(await refusal(card('4242424242424242', { expMonth: 11, expYear: 26 }))).toBeUndefined(); // valid through November
    expect(await refusal(card('4242424242424242', { expMonth: 13 }))).toBe('invalid_expiry');
    expect(await refusal(card('4242424242424242', { cvc: '12' }))).toBe('invalid_cvc');
    expect(await refusal(card('378282246310005', { cvc: '123' }))).toBe('invalid_cvc');
  });

  it('CK-1: decline numbers are declined with their reason; other cards are charged', async () => {
    const p = new TestCardProcessor();
    const declined = await p.tokenizeCard(card(TEST_CARDS.declined), now);
    const poor = await p.tokenizeCard(card(TEST_CARDS.insufficientFunds), now);
    const good = await p.tokenizeCard(card(TEST_CARDS.approved), now);
    const charge = (token: string, key: string) =>
      p.charge({ token, amountCents: 1999, currency: 'USD', idempotencyKey: key, description: 'order X' });
    expect(await charge(declined.token, 'k1')).toMatchObject({ status: 'declined', code: 'card_declined' });
    expect(await charge(poor.token, 'k2')).toMatchObject({ status: 'declined', code: 'insufficient_funds' });
    expect(await charge(good.token, 'k3')).toMatchObject({ status: 'succeeded', amountCents: 1999 });
    expect(p.listCharges()).toHaveLength(1);
    await expect(charge('tok_unknown', 'k4')).rejects.toBeInstanceOf(PaymentProviderError);
  });

  it('CK-2: charges are idempotent by key; a key reused with another amount is an error', async () => {
    const p = new TestCardProcessor();
    const { token } = await p.tokenizeCard(card(TEST_CARDS.approved), now);
    const first = await p.charge({
      token,
      amountCents: 500,
      currency: 'USD',
      idempotencyKey: 'same',
      description: 'a',
    });
    const again = await p.charge({
      token,
      amountCents: 500,
      currency: 'USD',
      idempotencyKey: 'same',
      description: 'a',
    });
    expect(again).toEqual(first);
    expect(p.listCharges()).toHaveLength(1);
    await expect(
      p.charge({ token, amountCents: 600, currency: 'USD', idempotencyKey: 'same', description: 'a' }),
    ).rejects.toMatchObject({ code: 'idempotency_mismatch' });
  });

  it('CK-5: refunds are idempotent and never exceed what is left of the charge', async () => {
    const p = new TestCardProcessor();
    const { token } = await p.tokenizeCard(card(TEST_CARDS.approved), now);
    const charged = await p.charge({
      token,
      amountCents: 1000,
      currency: 'USD',
      idempotencyKey: 'c',
      description: 'a',
    });
    if (charged.status !== 'succeeded') throw new Error('expected a charge');
    const part = await p.refund({ chargeId: charged.chargeId, amountCents: 300, idempotencyKey: 'r1' });
    expect(await p.refund({ chargeId: charged.chargeId, amountCents: 300, idempotencyKey: 'r1' })).toEqual(
      part,
    );
    await expect(
      p.refund({ chargeId: charged.chargeId, amountCents: 800, idempotencyKey: 'r2' }),
    ).rejects.toMatchObject({
      code: 'refund_exceeds_charge',
    });
    const rest = await p.refund({ chargeId: charged.chargeId, idempotencyKey: 'r3' });
    expect(rest.amountCents).toBe(700);
    expect(p.listCharges()[0]!.refundedCents).toBe(1000);
  });
});
