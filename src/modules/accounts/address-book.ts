import type { Ctx } from '#platform/ctx.ts';
import { invalid, notFound } from '#platform/errors.ts';
import { newId } from '#platform/ids.ts';
import { checkShippingAddress, type AddressInput } from '#platform/shipping-address.ts';
import { readPersonal } from '#modules/privacy';
import { accountsRepository } from './accounts.repository.ts';
import { actingMemberId } from './account-rules.ts';

/** How many addresses a member may keep. */
export const ADDRESS_BOOK_MAX = 10;

/** A saved address as its member reads it. */
export interface SavedAddress extends AddressInput {
  id: string;
}

/** The member's address book (DR-1), opened for the member alone. */
export async function listAddresses(ctx: Ctx): Promise<SavedAddress[]> {
  const id = actingMemberId(ctx);
  const out: SavedAddress[] = [];
  for (const r of await accountsRepository.addresses(ctx.db, id)) {
    const o = await readPersonal(
      ctx,
      {
        table: 'accounts.saved_address',
        rowId: r.id,
        subjectId: id,
        values: {
          recipient_name: r.recipientName,
          street_line1: r.streetLine1,
          street_line2: r.streetLine2,
          city: r.city,
          region: r.region,
          postal_code: r.postalCode,
          phone: r.phone,
        },
      },
      'shopping',
    );
    if (!o.recipient_name || !o.street_line1 || !o.city) continue; // erased
    out.push({
      id: r.id,
      recipientName: o.recipient_name,
      line1: o.street_line1,
      line2: o.street_line2 ?? undefined,
      city: o.city,
      region: o.region ?? undefined,
      postalCode: o.postal_code ?? undefined,
      countryCode: r.countryCode,
      phone: o.phone ?? undefined,
    });
  }
  return out;
}

/** Saves an address to the member's book, checked by its country's rules and sealed. */
export async function saveAddress(ctx: Ctx, input: AddressInput): Promise<SavedAddress> {
  const id = actingMemberId(ctx);
  const { address, fields } = checkShippingAddress(input);
  if (Object.keys(fields).length > 0)
    throw invalid(`Please check: ${Object.keys(fields).join(', ')}`, { fields });
  if ((await accountsRepository.addresses(ctx.db, id)).length >= ADDRESS_BOOK_MAX)
    throw invalid(`an address book keeps at most ${ADDRESS_BOOK_MAX} addresses; remove one first`);
  const rowId = newId('adr', ctx.now());
  const sealed = await ctx.vault.seal(ctx, id, 'accounts.saved_address', rowId, {
    recipient_name: address.recipientName,
    street_line1: address.line1,
    street_line2: address.line2 ?? null,
    city: address.city,
    region: address.region ?? null,
    postal_code: address.postalCode ?? null,
    phone: address.phone ?? null,
  });
  await accountsRepository.insertAddress(ctx.db, {
    id: rowId,
    customerId: id,
    recipientName: sealed.recipient_name!,
    streetLine1: sealed.street_line1!,
    streetLine2: sealed.street_line2,
    city: sealed.city!,
    region: sealed.region,
    postalCode: sealed.postal_code,
    countryCode: address.countryCode,
    phone: sealed.phone,
    createdAt: ctx.now(),
  });
  return { id: rowId, ...address };
}

/** Removes an address from the member's book; another member's id is "not found". */
export async function removeAddress(ctx: Ctx, addressId: string): Promise<void> {
  const id = actingMemberId(ctx);
  if (!(await accountsRepository.deleteAddress(ctx.db, id, addressId))) throw notFound('address', addressId);
}
