import {
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  hkdfSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import canonicalize from 'canonicalize';
import type { MasterKeyring } from '../vault/master-keyring.ts';

/** The `prev_hash` of the first event of every chain. */
export const GENESIS = '0'.repeat(64);

/** What an event's hash covers: everything stored except its global sequence number. */
export interface ChainedContent {
  chain: string;
  pos: number;
  at: Date;
  tenantId: string | null;
  actor: string;
  role: string | null;
  action: string;
  subject: string | null;
  tableName: string | null;
  fields: string[];
  purpose: string | null;
  requestId: string;
  detail: Record<string, string | number>;
}

/** RFC 8785 canonical JSON of an event (version-tagged, so the format can evolve). */
export function canonicalEvent(e: ChainedContent): string {
  return canonicalize({
    v: 1,
    chain: e.chain,
    pos: e.pos,
    at: e.at.toISOString(),
    tenant: e.tenantId,
    actor: e.actor,
    role: e.role,
    action: e.action,
    subject: e.subject,
    table: e.tableName,
    fields: e.fields,
    purpose: e.purpose,
    request: e.requestId,
    detail: e.detail,
  })!;
}

/** `SHA-256(prev_hash ‖ canonical JSON)`, hex. */
export function chainHash(prevHash: string, e: ChainedContent): string {
  return createHash('sha256').update(prevHash).update(canonicalEvent(e)).digest('hex');
}

/** What a checkpoint signs. */
export interface CheckpointStatement {
  chain: string;
  pos: number;
  hash: string;
  at: Date;
}

const statementBytes = (s: CheckpointStatement) =>
  Buffer.from(
    canonicalize({ v: 1, chain: s.chain, pos: s.pos, hash: s.hash, at: s.at.toISOString() })!,
    'utf8',
  );

// PKCS #8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The checkpoint signing key of one master key: HKDF, so it never has to be stored. */
function signingKeyOf(master: Buffer): KeyObject {
  const seed = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'pledge/audit/checkpoint', 32));
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** The id of a public key: the first 16 hex digits of SHA-256 over its raw 32 bytes. */
export function keyIdOf(publicKey: KeyObject): string {
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}

/**
 * Signs checkpoints with a key derived from the current master key, and checks them with the public
 * keys of every master key held (or with public keys an outside witness supplies).
 */
export class CheckpointSigner {
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;

  constructor(keyring: MasterKeyring) {
    this.privateKey = signingKeyOf(keyring.keys.get(keyring.currentId)!);
    this.publicKey = createPublicKey(this.privateKey);
    this.keyId = keyIdOf(this.publicKey);
  }

  sign(statement: CheckpointStatement): string {
    return sign(null, statementBytes(statement), this.privateKey).toString('base64url');
  }

  /** The public key as PEM, for an outside witness (`pledge audit public-key`). */
  publicKeyPem(): string {
    return this.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  }

  /** The public keys of every master key of a keyring, by key id. */
  static publicKeysOf(keyring: MasterKeyring): Map<string, KeyObject> {
    const keys = new Map<string, KeyObject>();
    for (const master of keyring.keys.values()) {
      const publicKey = createPublicKey(signingKeyOf(master));
      keys.set(keyIdOf(publicKey), publicKey);
    }
    return keys;
  }
}

/** Whether `signature` is a valid signature of `statement` by `publicKey`. */
export function checkpointValid(
  statement: CheckpointStatement,
  signature: string,
  publicKey: KeyObject,
): boolean {
  return verify(null, statementBytes(statement), publicKey, Buffer.from(signature, 'base64url'));
}

/**
 * Subject pseudonyms (AU-3): an HMAC of the subject id under a key derived from the master key, so
 * the audit never holds an id a person could look up elsewhere, yet all events of one subject share
 * one pseudonym (the privacy centre and the audit viewer find them).
 */
export class Pseudonymizer {
  private readonly key: Buffer;

  constructor(keyring: MasterKeyring) {
    // The first master key, not the current one: pseudonyms must not change when keys rotate.
    const first = [...keyring.keys.keys()].sort()[0]!;
    this.key = Buffer.from(
      hkdfSync('sha256', keyring.keys.get(first)!, Buffer.alloc(0), 'pledge/audit/pseudonym', 32),
    );
  }

  of(subjectId: string): string {
    return `ps_${createHmac('sha256', this.key).update(subjectId).digest('base64url').slice(0, 22)}`;
  }
}
