/** Shipping (CK-4): labels, parcels, tracking scans and the delivery watch. */
import './shipping.ctx.ts';
export type { ShippingServices } from './shipping.ctx.ts';
export {
  OutsideServiceFailed,
  type Carrier,
  type TrackingProvider,
  type BoughtLabel,
  type LabelShare,
  type TrackingShare,
} from './carrier.ts';
export { HttpCarrier, HttpTrackingProvider, type ServiceEndpoint } from './carrier-http.ts';
export {
  shipOrder,
  issueReturnLabel,
  type ReturnLabel,
  labelShare,
  warehouseOf,
  DEFAULT_WEIGHT_GRAMS,
  type ShippedParcel,
} from './ship-order.ts';
export { customsDeclaration, type Warehouse } from './customs.ts';
export {
  trackOrder,
  parcelsOfOrder,
  recentParcels,
  parcelLabel,
  returnLabelOf,
  SCAN_LABELS,
  type ParcelView,
} from './shipment-views.ts';
export { recordTrackingEvent, SCAN_KINDS, type ScanKind } from './record-tracking-event.ts';
export { webhookSignatureValid, WEBHOOK_TOLERANCE_SECONDS } from './tracking-webhook.ts';
export { watchDeliveries } from './watch-deliveries.ts';
export { parcelJson } from './shipping.routes.ts';
export { shippingPersonalData } from './shipping.personal-data.ts';
export { shippingModule } from './shipping.module.ts';
export type { CustomsItem } from './shipping.schema.ts';
