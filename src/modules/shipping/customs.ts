import type { ParcelFacts } from '#modules/orders';
import type { CustomsItem } from './shipping.schema.ts';

/** Where a store's parcels leave from and how its goods are declared (from its policy). */
export interface Warehouse {
  countryCode: string;
  hsCode: string;
  goodsOrigin: string;
}

/**
 * The customs declaration of a parcel that crosses a border (CK-4): one line per order line —
 * the product as sold, the store's HS code, the quantity, the value actually paid for the goods
 * (not shipping), the origin. Nothing about the person; a domestic parcel has none.
 */
export function customsDeclaration(parcel: ParcelFacts, warehouse: Warehouse): CustomsItem[] | undefined {
  if (!parcel.address || parcel.address.countryCode === warehouse.countryCode) return undefined;
  return parcel.lines.map((l) => ({
    description: `${l.productName} (${l.variantTitle})`.slice(0, 200),
    hsCode: warehouse.hsCode,
    quantity: l.quantity,
    valueCents: l.unitNowCents * l.quantity,
    currency: parcel.currency,
    originCountry: warehouse.goodsOrigin,
  }));
}
