import type { KeyObject } from 'node:crypto';
import type { Db } from '#db/client.ts';
import { GENESIS, chainHash, checkpointValid } from './audit-chain.ts';
import { auditRepository, type AuditEventRow } from './audit.repository.ts';

/** What kind of damage verification found. */
export type AuditProblemKind =
  'altered' | 'missing' | 'inserted' | 'reordered' | 'truncated' | 'bad_checkpoint' | 'unsigned_key';

/** One finding: the first thing wrong in one chain (or one bad checkpoint). */
export interface AuditProblem {
  kind: AuditProblemKind;
  chain: string;
  /** The event where the chain first goes wrong (its global number), when there is one. */
  seq?: number;
  pos?: number;
  message: string;
}

/** What `pledge audit verify` reports. */
export interface AuditVerification {
  ok: boolean;
  events: number;
  chains: number;
  checkpoints: number;
  /** Events after each chain's last checkpoint: intact as far as hashes show, not yet signed. */
  unsignedTail: number;
  /** Ordered by where they occur in the log; the first is the first damage. */
  problems: AuditProblem[];
  millis: number;
}

interface ChainState {
  pos: number;
  hash: string;
  lastSeq: number;
  broken: boolean;
}

const PAGE = 5000;

const describe = (e: AuditEventRow) =>
  `event #${e.seq} (${e.action} at ${e.at.toISOString()}, chain ${e.chain} position ${e.pos})`;

/**
 * Recomputes every chain and checks every checkpoint (AU-2). `publicKeys` are the checkpoint keys
 * trusted (by key id): the ones derived from the master keys, or ones an outside witness kept.
 * Reads the log page by page in writing order; `db` must see every store (the owner, or a
 * platform transaction).
 */
export async function verifyAudit(
  db: Db,
  publicKeys: Map<string, KeyObject>,
  started = Date.now(),
): Promise<AuditVerification> {
  const problems: AuditProblem[] = [];
  const checkpoints = await auditRepository.checkpoints(db);
  // chain → position → the hash a valid signature vouches for
  const vouched = new Map<string, Map<number, string>>();
  for (const cp of checkpoints) {
    const key = publicKeys.get(cp.keyId);
    if (!key) {
      problems.push({
        kind: 'unsigned_key',
        chain: cp.chain,
        pos: cp.pos,
        message: `checkpoint ${cp.id} of chain ${cp.chain} is signed by key ${cp.keyId}, which is not a trusted key`,
      });
      continue;
    }
    if (!checkpointValid(cp, cp.signature, key)) {
      problems.push({
        kind: 'bad_checkpoint',
        chain: cp.chain,
        pos: cp.pos,
        message: `checkpoint ${cp.id} of chain ${cp.chain} (position ${cp.pos}) has an invalid signature: the checkpoint itself was changed`,
      });
      continue;
    }
    let byPos = vouched.get(cp.chain);
    if (!byPos) vouched.set(cp.chain, (byPos = new Map()));
    byPos.set(cp.pos, cp.hash);
  }

  const chains = new Map<string, ChainState>();
  let events = 0;
  let after = 0;
  for (;;) {
    const page = await auditRepository.page(db, after, PAGE);
    if (page.length === 0) break;
    for (const e of page) {
      events++;
      let state = chains.get(e.chain);
      if (!state) chains.set(e.chain, (state = { pos: 0, hash: GENESIS, lastSeq: 0, broken: false }));
      if (state.broken) continue;
      const problem = await checkLink(db, state, e);
      if (problem) {
        problems.push(problem);
        state.broken = true;
        continue;
      }
      const signed = vouched.get(e.chain)?.get(e.pos);
      if (signed !== undefined && signed !== e.hash) {
        problems.push({
          kind: 'altered',
          chain: e.chain,
          seq: e.seq,
          pos: e.pos,
          message: `${describe(e)} does not match the signed checkpoint at its position: the chain was rewritten up to here`,
        });
        state.broken = true;
        continue;
      }
      state.pos = e.pos;
      state.hash = e.hash;
      state.lastSeq = e.seq;
    }
    after = page.at(-1)!.seq;
  }

  // A signed position beyond the end of its chain: events were cut off the tail.
  let unsignedTail = 0;
  for (const [chain, byPos] of vouched) {
    const state = chains.get(chain);
    const signedEnd = Math.max(...byPos.keys());
    if (!state || (!state.broken && state.pos < signedEnd))
      problems.push({
        kind: 'truncated',
        chain,
        pos: (state?.pos ?? 0) + 1,
        message: `chain ${chain} ends at position ${state?.pos ?? 0}, but a signed checkpoint vouches for position ${signedEnd}: events ${(state?.pos ?? 0) + 1}…${signedEnd} were removed`,
      });
  }
  for (const [chain, state] of chains) {
    const signedEnd = vouched.get(chain) ? Math.max(...vouched.get(chain)!.keys()) : 0;
    if (!state.broken) unsignedTail += Math.max(0, state.pos - signedEnd);
  }
  // The heads say how long each chain was when last appended to: a shorter chain lost its tail.
  for (const head of await auditRepository.heads(db)) {
    const state = chains.get(head.chain);
    if (head.hash === '' || state?.broken) continue;
    if (!state || state.pos < head.pos)
      problems.push({
        kind: 'truncated',
        chain: head.chain,
        pos: (state?.pos ?? 0) + 1,
        message: `chain ${head.chain} ends at position ${state?.pos ?? 0}, but its head records ${head.pos} events: events ${(state?.pos ?? 0) + 1}…${head.pos} were removed`,
      });
  }
  problems.sort((a, b) => (a.seq ?? Number.MAX_SAFE_INTEGER) - (b.seq ?? Number.MAX_SAFE_INTEGER));
  return {
    ok: problems.length === 0,
    events,
    chains: chains.size,
    checkpoints: checkpoints.length,
    unsignedTail,
    problems,
    millis: Date.now() - started,
  };
}

/** Checks one event against the chain so far; names what is wrong, if anything. */
async function checkLink(db: Db, state: ChainState, e: AuditEventRow): Promise<AuditProblem | undefined> {
  const base = { chain: e.chain, seq: e.seq, pos: e.pos };
  if (e.pos <= state.pos)
    return {
      ...base,
      kind: 'inserted',
      message: `${describe(e)} was inserted: position ${e.pos} of chain ${e.chain} is already taken`,
    };
  if (chainHash(e.prevHash, e) !== e.hash)
    return {
      ...base,
      kind: 'altered',
      message: `${describe(e)} was altered: its content no longer matches its hash`,
    };
  if (e.prevHash === state.hash && e.pos === state.pos + 1) return undefined;
  // The event is intact in itself but does not follow the one before it. Explain why.
  const predecessor =
    e.prevHash === GENESIS ? undefined : await auditRepository.byHash(db, e.chain, e.prevHash);
  if (predecessor && predecessor.seq > e.seq)
    return {
      ...base,
      kind: 'reordered',
      message: `${describe(e)} is out of order: it was chained after event #${predecessor.seq}, which now comes later`,
    };
  if (predecessor && predecessor.seq < state.lastSeq)
    return {
      ...base,
      kind: 'inserted',
      message: `${describe(e)} was inserted: it claims to follow event #${predecessor.seq}, which already has a successor`,
    };
  if (!predecessor && e.prevHash !== GENESIS && e.pos > state.pos + 1)
    return {
      ...base,
      kind: 'missing',
      message: `events are missing before ${describe(e)}: positions ${state.pos + 1}…${e.pos - 1} of chain ${e.chain} are gone`,
    };
  if (!predecessor && e.prevHash !== GENESIS)
    return {
      ...base,
      kind: 'missing',
      message: `the event before ${describe(e)} is missing: nothing in chain ${e.chain} has the hash it follows`,
    };
  return {
    ...base,
    kind: 'inserted',
    message: `${describe(e)} was inserted: it does not follow from the event before it in chain ${e.chain}`,
  };
}
