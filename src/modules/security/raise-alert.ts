import type { Ctx } from '#platform/ctx.ts';
import { newId } from '#platform/ids.ts';
import { securityRepository } from './security.repository.ts';
import type { AlertKind } from './security-status.ts';

/**
 * Raises an alert for compliance and the owner (IR-3): one per kind, actor and hour, however often
 * a detector sees the pattern. Returns whether it is new. The detail holds counts, never values.
 */
export async function raiseAlert(
  ctx: Ctx,
  kind: AlertKind,
  actor: string,
  detail: Record<string, string | number>,
): Promise<boolean> {
  const now = ctx.now();
  const hour = now.toISOString().slice(0, 13);
  return securityRepository.raise(ctx.db, {
    id: newId('alr', now),
    kind,
    actor,
    detail,
    status: 'open',
    raisedAt: now,
    dedupe: `${kind}|${actor}|${hour}`,
    handledBy: null,
    handledAt: null,
    incidentId: null,
  });
}
