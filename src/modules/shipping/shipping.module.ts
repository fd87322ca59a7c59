import type { ModuleContract } from '#platform/module.ts';
import type { PersonalDataDeclaration } from '#modules/privacy';
import { readPersonal } from '#modules/privacy';
import { shippingPersonalData } from './shipping.personal-data.ts';
import { shippingRepository } from './shipping.repository.ts';
import { registerTracking } from './register-tracking.ts';
import { watchDeliveries } from './watch-deliveries.ts';
import { deleteClosedParcels, deleteMarketplaceParcels } from './parcel-retention.ts';
import { shippingRoutes } from './shipping.routes.ts';

/** Shipping (CK-4): labels from the carrier, parcels, tracking scans, the delivery watch. */
export const shippingModule: ModuleContract<PersonalDataDeclaration> = {
  name: 'shipping',
  apiRoutes: shippingRoutes,
  jobs: [
    {
      id: 'shipping.watch-deliveries',
      everyMs: 10 * 60_000,
      scope: 'tenant',
      run: (ctx) => watchDeliveries(ctx!),
    },
  ],
  subscribes: [
    {
      event: 'shipping.parcel_shipped',
      name: 'shipping.register-tracking',
      handle: async (ctx, event) => {
        const row = await shippingRepository.byId(ctx.db, String(event.payload.shipmentId));
        if (row) await registerTracking(ctx, row, row.orderNumber);
      },
    },
    {
      event: 'shipping.return_label_issued',
      name: 'shipping.register-return-tracking',
      handle: async (ctx, event) => {
        const row = await shippingRepository.byId(ctx.db, String(event.payload.shipmentId));
        if (row) await registerTracking(ctx, row, row.orderNumber);
      },
    },
  ],
  retention: [
    {
      rule: 'order_personal_data',
      what: 'parcels (labels, addresses, scans) of orders past their return window',
      run: deleteClosedParcels,
    },
    {
      rule: 'marketplace_buyer_data',
      what: 'parcels (labels, addresses, scans) of marketplace orders delivered that long ago',
      run: deleteMarketplaceParcels,
    },
  ],
  personalData: {
    declaration: shippingPersonalData,
    export: async (ctx, subjectId) => {
      const rows = await shippingRepository.ofSubject(ctx.db, subjectId);
      const out = [];
      for (const r of rows) {
        const { label } = await readPersonal(
          ctx,
          { table: 'shipping.shipment', rowId: r.id, subjectId: r.subjectId, values: { label: r.label } },
          'fulfilment',
        );
        out.push({
          orderNumber: r.orderNumber,
          direction: r.direction,
          carrier: r.carrier,
          trackingNumber: r.trackingNumber,
          status: r.status,
          createdAt: r.createdAt,
          deliveredAt: r.deliveredAt,
          customs: r.customs,
          label,
          events: (await shippingRepository.events(ctx.db, r.id)).map((e) => ({
            kind: e.kind,
            at: e.occurredAt,
            location: e.location,
          })),
        });
      }
      return { 'shipping.shipment': out };
    },
    erase: (ctx, subjectId) => shippingRepository.deleteOfSubject(ctx.db, subjectId),
    forgetHistory: (ctx, subjectId) => shippingRepository.forgetDelivered(ctx.db, subjectId),
  },
};
