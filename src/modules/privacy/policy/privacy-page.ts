import type { Ctx } from '#platform/ctx.ts';
import { notFound } from '#platform/errors.ts';
import { documentFingerprint, privacyDocument, type PrivacyDocument } from './privacy-document.ts';
import { policyVersionInEffect } from './policy-versions.ts';
import { policyVersionRepository } from './policy-version.repository.ts';
import { sharingRepository } from '../sharing/sharing.repository.ts';

/** The store's privacy page as it reads today: the version in effect, generated from the code's declarations. */
export async function currentPrivacyDocument(ctx: Ctx): Promise<PrivacyDocument> {
  const policy = ctx.tenant.policy;
  const active = await sharingRepository.activeProcessors(ctx.db);
  return privacyDocument({
    recipients: active.map((p) => ({ kind: p.kind, name: p.name, purpose: p.purpose, fields: p.fields })),
    storeName: ctx.tenant.name,
    contactEmail: policy.contactEmail,
    version: policyVersionInEffect(policy, ctx.now()),
    purposeWords: policy.purposes,
    inventory: ctx.vault.inventory.declarations,
    rights: {
      historyDeletionWorkingDays: policy.historyDeletionWorkingDays,
      honourDoNotTrack: policy.personalisation.honourDoNotTrack,
      keepReviews: policy.reviewsOnErasure === 'keep_as_verified_buyer',
    },
    inactiveAccounts:
      policy.retention.inactive_accounts.then === 'lock_then_erase'
        ? {
            days: policy.retention.inactive_accounts.days,
            noticeDays: policy.retention.inactive_accounts.noticeDays ?? 30,
            eraseAfterDays: policy.retention.inactive_accounts.eraseAfterDays ?? 365,
          }
        : undefined,
  });
}

/**
 * Keeps the version in effect as its page reads now, the first time it is seen in effect (PV-5:
 * versions are kept). Returns whether a copy was written. Run by the hourly job and at start-up.
 */
export async function keepPolicyVersion(ctx: Ctx): Promise<boolean> {
  const document = await currentPrivacyDocument(ctx);
  return policyVersionRepository.keep(ctx.db, {
    version: document.version,
    effectiveOn: document.effectiveOn,
    document,
    fingerprint: documentFingerprint(document),
    keptAt: ctx.now(),
  });
}

/** A kept version of the page, as it read when it came into effect. */
export async function keptPrivacyDocument(ctx: Ctx, version: string): Promise<PrivacyDocument> {
  const row = await policyVersionRepository.find(ctx.db, version);
  if (!row) throw notFound('privacy policy version', version);
  return row.document as PrivacyDocument;
}

/** Every version the store has announced (oldest first) with what changed and whether a copy is kept. */
export async function policyHistory(ctx: Ctx): Promise<{
  versions: { version: string; effectiveOn: string; summary: string[]; kept: boolean; upcoming: boolean }[];
  current: string;
}> {
  const policy = ctx.tenant.policy;
  const kept = new Set((await policyVersionRepository.list(ctx.db)).map((k) => k.version));
  const current = policyVersionInEffect(policy, ctx.now());
  return {
    versions: policy.policyVersions.map((v) => ({
      ...v,
      kept: kept.has(v.version),
      upcoming: v.effectiveOn > current.effectiveOn,
    })),
    current: current.version,
  };
}
