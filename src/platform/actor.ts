/** The staff roles of a store (AC-1..6): one vocabulary for access rules, audit and status changes. */
export const STAFF_ROLES = [
  'owner',
  'warehouse',
  'customer_service',
  'operations',
  'finance',
  'compliance',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** How each staff role is named to people (back office, demo accounts). */
export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  owner: 'Owner',
  warehouse: 'Warehouse',
  customer_service: 'Customer service',
  operations: 'Operations',
  finance: 'Finance',
  compliance: 'Compliance',
};

/**
 * Who is acting, resolved once per request (or set by a job) and read from `ctx.actor`; never passed
 * as a parameter. A closed set: every access rule and every audit event names one of these.
 */
export type Actor =
  /** A visitor who is not signed in (and holds no order grant). */
  | { kind: 'anonymous' }
  /**
   * A signed-in member of the store: the data subject `customerId`. `session` names the session
   * (its token's hash) the request came with, so log-out can end exactly that one.
   */
  | { kind: 'member'; customerId: string; session?: string }
  /** A browser holding an access grant for one guest order (checkout or lookup): the order's subject. */
  | { kind: 'guest'; orderId: string; subjectId: string }
  /** A staff user acting in one store with one role (`session`: its session's id). */
  | { kind: 'staff'; staffId: string; role: StaffRole; session?: string }
  /** A platform operator (the CLI, or an operator's session): no store role, no personal data. */
  | { kind: 'operator'; operatorId: string }
  /** A scheduled job or an event subscriber. */
  | { kind: 'system'; job: string }
  /** A merchant's API client (a key), acting with the role the key was given. */
  | { kind: 'api_client'; clientId: string; role: StaffRole };

/** The anonymous actor. */
export const ANONYMOUS: Actor = { kind: 'anonymous' };

/** A system actor for a job or subscriber (`system:<job>` in audit records). */
export const systemActor = (job: string): Actor => ({ kind: 'system', job });

/**
 * How an actor is named where a person's name must never appear (status history, audit): its kind,
 * role or job — `member`, `guest`, `staff:warehouse`, `system:retention`.
 */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'anonymous':
    case 'member':
    case 'guest':
    case 'operator':
      return actor.kind;
    case 'staff':
      return `staff:${actor.role}`;
    case 'api_client':
      return `api:${actor.role}`;
    case 'system':
      return `system:${actor.job}`;
  }
}

/** The data subject an actor is, when it is one (a member, or a guest through their order). */
export function subjectOfActor(actor: Actor): string | undefined {
  if (actor.kind === 'member') return actor.customerId;
  if (actor.kind === 'guest') return actor.subjectId;
  return undefined;
}

/** The staff role an actor acts with (staff and API clients), if any. */
export function roleOfActor(actor: Actor): StaffRole | undefined {
  return actor.kind === 'staff' || actor.kind === 'api_client' ? actor.role : undefined;
}

/**
 * How the back office records who acted on its own records (alerts, incidents): ids of staff, API
 * clients, operators and jobs, as the audit log writes them; a shopper only by kind.
 */
export function actorRef(actor: Actor): string {
  switch (actor.kind) {
    case 'staff':
      return `staff:${actor.staffId}`;
    case 'api_client':
      return `api:${actor.clientId}`;
    case 'operator':
      return `operator:${actor.operatorId}`;
    case 'system':
      return `system:${actor.job}`;
    case 'anonymous':
    case 'guest':
    case 'member':
      return actor.kind;
  }
}
