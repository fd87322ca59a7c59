import type { Db } from '#db/client.ts';
import type { Ctx } from '#platform/ctx.ts';
import { invalid } from '#platform/errors.ts';
import { newId } from '#platform/ids.ts';
import { noticeRepository, type NoticeRow } from './notice.repository.ts';

/** What a notice to the merchants' staff is about (PL-3); security alerts come from the detectors. */
export const NOTICE_KINDS = {
  maintenance: 'Maintenance',
  service_update: 'Service update',
  renewal_reminder: 'Renewal reminder',
} as const;
export type NoticeKind = keyof typeof NOTICE_KINDS;

/** A notice as the back office shows it. */
export interface MerchantNotice {
  id: string;
  kind: NoticeKind;
  label: string;
  title: string;
  body: string;
  startsAt: Date;
  endsAt: Date | null;
  /** Addressed to every store (true) or to this one. */
  everyStore: boolean;
}

function view(row: NoticeRow): MerchantNotice {
  const kind = row.kind as NoticeKind;
  return {
    id: row.id,
    kind,
    label: NOTICE_KINDS[kind] ?? row.kind,
    title: row.title,
    body: row.body,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    everyStore: row.tenantId === null,
  };
}

/**
 * Posts a notice to the staff of one store or of every store (PL-3), from the operator CLI in a
 * platform transaction: shown on every back-office dashboard from `startsAt` (default now) until
 * `endsAt`. Plain text about the service; it must not name a person.
 */
export async function postNotice(
  db: Db,
  input: {
    tenantId: string | null;
    kind: string;
    title: string;
    body: string;
    startsAt?: Date | undefined;
    endsAt?: Date | undefined;
    postedBy: string;
  },
  now: Date,
): Promise<string> {
  if (!(input.kind in NOTICE_KINDS))
    throw invalid(`the kind must be one of: ${Object.keys(NOTICE_KINDS).join(', ')}`);
  const title = input.title.trim();
  const body = input.body.trim();
  if (title.length < 3 || title.length > 120) throw invalid('the title needs 3 to 120 characters');
  if (body.length < 3 || body.length > 2000) throw invalid('the text needs 3 to 2,000 characters');
  const startsAt = input.startsAt ?? now;
  if (Number.isNaN(startsAt.getTime()) || (input.endsAt && Number.isNaN(input.endsAt.getTime())))
    throw invalid('dates are ISO 8601, e.g. 2026-12-20T02:00:00Z');
  if (input.endsAt && input.endsAt <= startsAt) throw invalid('the notice must end after it starts');
  const id = newId('ntc', now);
  await noticeRepository.insert(db, {
    id,
    tenantId: input.tenantId,
    kind: input.kind,
    title,
    body,
    startsAt,
    endsAt: input.endsAt ?? null,
    postedBy: input.postedBy,
    postedAt: now,
  });
  return id;
}

/** The notices posted, newest first, with the store they went to (the operator CLI). */
export async function recentNotices(
  db: Db,
  limit: number,
): Promise<(MerchantNotice & { store: string | null })[]> {
  return (await noticeRepository.recent(db, limit)).map((r) => ({ ...view(r), store: r.tenantId }));
}

/** The notices the store's staff see now, newest first (every role: they are about the service). */
export async function noticesForStaff(ctx: Ctx): Promise<MerchantNotice[]> {
  return (await noticeRepository.showing(ctx.db, ctx.now())).map(view);
}
