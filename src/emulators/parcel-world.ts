import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '#platform/clock.ts';

/** What can happen to a parcel, as carriers and tracking providers report it. */
export type ParcelEventKind =
  'picked_up' | 'in_transit' | 'customs' | 'out_for_delivery' | 'delivered' | 'exception';

/** One scan of a parcel. Locations are facilities, never the recipient's address. */
export interface ParcelEvent {
  id: string;
  trackingNumber: string;
  kind: ParcelEventKind;
  at: Date;
  location: string;
  detail?: string;
}

/** A parcel the emulated carrier accepted. */
export interface Parcel {
  trackingNumber: string;
  labelId: string;
  /** `return`: from a shopper back to the store's warehouse. */
  direction: 'outbound' | 'return';
  crossBorder: boolean;
  createdAt: Date;
  /** The events it will go through, in order (cut short by an exception). */
  plan: ParcelEvent[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The emulated outside world that the carrier and tracking emulators share: parcels move through
 * their scans as emulated time passes. Emulated time is the platform's clock plus an offset that
 * `advance` grows, so a test (or a demo operator) can let a week pass for the parcels without
 * touching the platform's own clock. State lives in memory, like a sandbox account's.
 */
export class ParcelWorld {
  private offsetMs = 0;
  private readonly parcels = new Map<string, Parcel>();

  constructor(private readonly clock: Clock) {}

  /** The emulated present. */
  now(): Date {
    return new Date(this.clock.now().getTime() + this.offsetMs);
  }

  /** Lets emulated time pass (never backwards). */
  advance(ms: number): Date {
    if (ms > 0) this.offsetMs += ms;
    return this.now();
  }

  /**
   * Accepts a parcel and plans its journey: picked up the next morning, in transit, through
   * customs when it crosses a border, delivered after 6–9 days (fixed by its tracking number, so a
   * parcel's story does not change between runs); a return parcel reaches the warehouse in 4 days.
   */
  accept(input: { direction: 'outbound' | 'return'; crossBorder: boolean }): Parcel {
    const trackingNumber = `EMU${randomBytes(5).toString('hex').toUpperCase()}${input.crossBorder ? 'X' : 'D'}`;
    const labelId = `lbl_${randomBytes(8).toString('hex')}`;
    const createdAt = this.now();
    const spread = createHash('sha256').update(trackingNumber).digest()[0]! % 4;
    const days = input.direction === 'return' ? 4 : 6 + spread;
    const steps: Array<[ParcelEventKind, number, string]> = [
      ['picked_up', 20 * HOUR, 'Origin facility'],
      ['in_transit', 30 * HOUR, input.direction === 'return' ? 'Returns hub' : 'Export hub'],
      ...(input.crossBorder && input.direction === 'outbound'
        ? ([['customs', 3 * DAY, 'Customs clearance']] as Array<[ParcelEventKind, number, string]>)
        : []),
      ['out_for_delivery', days * DAY - 6 * HOUR, 'Local depot'],
      ['delivered', days * DAY, input.direction === 'return' ? 'Store warehouse' : 'Destination'],
    ];
    const plan = steps.map(([kind, after, location], i) => ({
      id: `${trackingNumber}-${i + 1}`,
      trackingNumber,
      kind,
      at: new Date(createdAt.getTime() + after),
      location,
    }));
    const parcel: Parcel = { ...input, trackingNumber, labelId, createdAt, plan };
    this.parcels.set(trackingNumber, parcel);
    return parcel;
  }

  parcel(trackingNumber: string): Parcel | undefined {
    return this.parcels.get(trackingNumber);
  }

  /** Every parcel, newest first. */
  all(): Parcel[] {
    return [...this.parcels.values()].reverse();
  }

  /** The scans that have happened by now. */
  eventsSoFar(trackingNumber: string): ParcelEvent[] {
    const now = this.now().getTime();
    return (this.parcels.get(trackingNumber)?.plan ?? []).filter((e) => e.at.getTime() <= now);
  }

  /**
   * Something went wrong with a parcel (held at customs, damaged, address not found): an exception
   * scan now, and the parcel goes no further. Returns false for an unknown or delivered parcel.
   */
  raiseException(trackingNumber: string, detail: string): boolean {
    const parcel = this.parcels.get(trackingNumber);
    if (!parcel) return false;
    const done = this.eventsSoFar(trackingNumber);
    if (done.some((e) => e.kind === 'delivered' || e.kind === 'exception')) return false;
    parcel.plan = [
      ...done,
      {
        id: `${trackingNumber}-x${done.length + 1}`,
        trackingNumber,
        kind: 'exception',
        at: this.now(),
        location: 'Carrier network',
        detail,
      },
    ];
    return true;
  }
}
