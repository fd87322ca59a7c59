import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { PersonalDataDeclaration, Purpose } from '../inventory/define-personal-data.ts';
import { UNMASKS_PER_HOUR } from '../access/unmask.ts';
import { MIN_GROUP_SIZE } from '../access/aggregates.ts';
import { SHARE_REFERENCES, kindLabel } from '../sharing/sharing-gate.ts';

/**
 * Every promise a privacy page may make, each with the mechanism in the code that keeps it (PV-5).
 * The page is built only from these; a promise without a mechanism cannot be written on it, and
 * the test `privacy-promises` walks each one back to its mechanism and exercises it.
 */
export const PROMISES = {
  generated: 'the page is rendered from the data inventory (PV-1) and the store policy object',
  collected: 'the data inventory: every personal column is declared (a test fails on an undeclared one)',
  role_views: 'privacy readPersonal: each role sees a field clear, masked or not at all per readableBy',
  unmask_with_reason:
    'privacy unmaskField: customer service only, closed reasons, a case reference, rate limit, audited',
  aggregates_only: 'privacy aggregate(): groups of fewer than MIN_GROUP_SIZE subjects are suppressed',
  staff_mfa: 'staff logInStaff: password (argon2id) and TOTP on every log-in, lockout after failures',
  sealed_per_person: 'privacy Vault: AES-256-GCM under a data key per subject, wrapped by the master key',
  audit_reads: 'privacy AuditTrail: every read through the read path appends a hash-chained event',
  card_not_stored:
    'payments: the card goes to the provider adapter for a token; only the token reference is kept, sealed',
  no_special_categories: 'the data inventory has no category for them, and no undeclared column may exist',
  recipients:
    'privacy processor register: the list is generated from the active processors and their agreed fields; the sharing gate sends nothing else to anyone',
  sharing_gate:
    'privacy sharing gate: an active registered processor, its purpose and agreement fields, the inventory; a disclosure per share',
  cookieless_browsing: 'storefront: catalog, product and search pages set no cookie',
  anonymous_counts:
    'catalog record-activity: counts per product and keyword per day, contact-like keywords dropped',
  versions: 'tenant policy policyVersions and the kept copies in privacy.policy_version',
  policy_notice:
    'accounts announcePolicyChanges: an hourly job e-mails every member once per version announced for a later day',
  consent_asked_again:
    'tenants publishPolicyVersion (asksConsentAgain, 14 days ahead) and rights personalisationFor: consent given under an earlier version reads as off (policy_change) from its day',
  contact: 'tenant policy contactEmail: the address the store publishes, the same on its contact page',
  rights_centre:
    'rights exportMyData over ctx.subjectData: every module’s export handler, read as the subject; the privacy centre and GET /me/export',
  history_deletion:
    'rights deleteHistory: every module’s forgetHistory handler at once; open orders wait for the rights.finish-history-deletions job',
  account_erasure:
    'rights cancelAccount: every module’s erase handler, then the subject’s keys destroyed (the key row names nobody)',
  guest_rights:
    'rights startGuestVerification / confirmGuestVerification: a 6-digit code e-mailed to the order’s address',
  restriction:
    'privacy readPersonal: a restricted subject’s fields are hidden except to compliance and contract purposes',
  requests_clock:
    'rights requestClock: the store’s working days or GDPR’s month, the sooner; rights.escalate-overdue marks what is late',
  backups_forget:
    'privacy createBackup / restoreBackup: sealed with the backup key; a restore keeps the live erasure ledger and erases again whoever was erased since',
  incident_clocks:
    'security detectors (security.detect) and the incident register: 24 h / 72 h deadlines from awareness, security.watch-incident-clocks escalates a missed one',
  inactive_lock:
    'accounts lockInactiveAccounts (rule inactive_accounts): notice e-mail, then the key re-wrapped under the lock key and sessions ended; logIn unlocks; erased after eraseAfterDays',
  legal_holds:
    'privacy placeLegalHold: the key locked under the lock key; retention handlers and SubjectData.erase pass held subjects by; openHeldData for compliance only, audited',
  personalisation_consent:
    'rights personalisationFor: off until chosen, Sec-GPC / DNT turn it off on the request and are recorded; browsing kept only with consent',
} as const;

/** The name of a promise a privacy page can make. */
export type PromiseId = keyof typeof PROMISES;

/** One promise as the page states it. */
export interface PolicyPromise {
  id: PromiseId;
  text: string;
}

/** One row of "what we collect and why". */
export interface CollectedRow {
  detail: string;
  why: string;
  who: string;
  stored: string;
}

/** A store's privacy page as data: kept per version, rendered by the storefront. */
export interface PrivacyDocument {
  store: string;
  version: string;
  effectiveOn: string;
  sections: { heading: string; promises: PolicyPromise[] }[];
  collected: CollectedRow[];
  /** Each purpose named in the table, in the store's own words. */
  purposes: { name: string; meaning: string }[];
}

const ROLE_NAMES: Record<string, string> = {
  subject: 'you',
  warehouse: 'warehouse staff',
  customer_service: 'customer service',
  operations: 'operations',
  finance: 'finance',
  compliance: 'compliance',
  owner: 'the store owner',
};

const STORAGE: Record<string, string> = {
  sealed: 'encrypted (AES-256-GCM)',
  blind_index: 'as a keyed hash only',
  one_way_hash: 'as a one-way hash only',
  plain: 'as is (not secret on its own)',
};

const words = (s: string) => s.replace(/_index$/, ' (lookup key)').replace(/_/g, ' ');
const who = (role: string) => {
  const [name, masked] = role.split(':');
  return `${ROLE_NAMES[name!] ?? name}${masked ? ' (partly hidden)' : ''}`;
};

/** What a shopper's page lists: every field about shoppers and members (staff records are not theirs). */
export function collectedRows(inventory: PersonalDataDeclaration[]): CollectedRow[] {
  return inventory
    .filter((d) => d.subject !== 'staff')
    .flatMap((d) =>
      Object.entries(d.fields).map(([key, f]) => ({
        detail: words(key.split('.').slice(1).join(' — ')),
        why: f.purposes.map(words).join(', '),
        who: f.readableBy.length ? f.readableBy.map(who).join(', ') : 'nobody (used by the system only)',
        stored: STORAGE[f.storage] ?? f.storage,
      })),
    );
}

/** A shared field in words: a declared field as the table names it, or a reference's label. */
const sharedFieldWords = (field: string, labels: Map<string, string>) =>
  SHARE_REFERENCES[field]?.label ?? labels.get(field) ?? words(field.split('.').slice(1).join(' — '));

/** One sentence per active processor: who, for what, exactly which details (SH-5, SH-6). */
function recipientPromises(
  recipients: { kind: string; name: string; purpose: string; fields: string[] }[],
  inventory: PersonalDataDeclaration[],
): PolicyPromise[] {
  const labels = new Map(
    inventory.flatMap((d) =>
      Object.entries(d.fields).flatMap(([k, f]) => (f.label ? [[k, f.label] as const] : [])),
    ),
  );
  if (recipients.length === 0)
    return [{ id: 'recipients', text: 'No outside company receives your details from this store today.' }];
  return [
    {
      id: 'recipients',
      text: 'These companies receive details from this store, each only what is listed for it and nothing else:',
    },
    ...[...recipients]
      .sort((a, b) => a.kind.localeCompare(b.kind))
      .map((r) => ({
        id: 'recipients' as const,
        text: `${r.name} (${kindLabel(r.kind)}), for ${words(r.purpose)}: ${r.fields.map((f) => sharedFieldWords(f, labels)).join(', ')}.`,
      })),
  ];
}

/** What a shopper can do about their data, with the store's own deadline for deletions. */
function rightsSection(rights: { historyDeletionWorkingDays: number | null; keepReviews?: boolean }): {
  heading: string;
  promises: PolicyPromise[];
} {
  const p = (id: PromiseId, text: string): PolicyPromise => ({ id, text });
  const days = rights.historyDeletionWorkingDays;
  return {
    heading: 'Your rights',
    promises: [
      p(
        'rights_centre',
        'In your privacy centre you can see every detail this store holds about you and which staff roles or ' +
          'automated jobs read them, and download all of it as JSON or as CSV files.',
      ),
      p(
        'history_deletion',
        'You can delete your history yourself, free of charge: delivered and cancelled orders lose your name, ' +
          'address and e-mail at once, with their parcels, closed returns and cases and the e-mails we sent; an ' +
          'order still on its way keeps them until it arrives' +
          (days !== null ? `, and the deletion is complete within ${days} working days` : '') +
          '.',
      ),
      p(
        'account_erasure',
        'Cancelling your account erases everything about you at once and destroys your encryption key, so what ' +
          'was encrypted for you cannot be read again; orders stay in the books only as items and amounts about nobody' +
          (rights.keepReviews
            ? '; reviews you published stay on their products, signed “Verified buyer” and linked to nobody.'
            : ', and your reviews are removed.'),
      ),
      p(
        'guest_rights',
        'Without an account you can do the same for your guest orders with the order number, the e-mail address ' +
          'and a code we e-mail to that address; nothing is shown or done before the code.',
      ),
      p(
        'restriction',
        'You can restrict the use of your data from your next visit: then only our compliance specialist and ' +
          'the work an order already placed needs (packing, sending, payment) can see your details.',
      ),
      p(
        'requests_clock',
        'Corrections, objections, complaints and questions go to our compliance specialist, who answers by ' +
          'e-mail and in your privacy centre within one month at the latest; a request past its deadline is ' +
          'escalated. Anyone can complain, with or without an account.',
      ),
    ],
  };
}

/**
 * The privacy page of a store, generated from its policy parameters and the data inventory. Each
 * sentence is a registered promise (`PROMISES`); nothing else is written on the page.
 */
export function privacyDocument(input: {
  storeName: string;
  /** The store's published contact address (policy `contactEmail`). */
  contactEmail: string;
  version: { version: string; effectiveOn: string };
  purposeWords: Partial<Record<Purpose, string>>;
  inventory: PersonalDataDeclaration[];
  /** The store's active processors (the register): who receives which details, for what. */
  recipients?: { kind: string; name: string; purpose: string; fields: string[] }[];
  /** The store's rights terms (omitted: no rights section). */
  rights?: {
    historyDeletionWorkingDays: number | null;
    honourDoNotTrack: boolean;
    keepReviews?: boolean;
  };
  /** The store's inactive-account rule, when it locks then erases (RT-4). */
  inactiveAccounts?: { days: number; noticeDays: number; eraseAfterDays: number } | undefined;
}): PrivacyDocument {
  const { storeName, version } = input;
  const p = (id: PromiseId, text: string): PolicyPromise => ({ id, text });
  return {
    store: storeName,
    version: version.version,
    effectiveOn: version.effectiveOn,
    sections: [
      {
        heading: 'About this page',
        promises: [
          p(
            'generated',
            `${storeName} runs on Pledge. This page is generated from the same declarations and rules the code ` +
              'applies: the table below is the list of personal details the database may hold, and its column ' +
              '“Who can see it” is the rule the back office enforces.',
          ),
          p(
            'versions',
            `This is version ${version.version}, in effect since ${version.effectiveOn}. Earlier versions are kept, ` +
              'and changes are announced before they take effect.',
          ),
          p(
            'policy_notice',
            'If you have an account, we e-mail you about a new version before the day it takes effect.',
          ),
          p(
            'consent_asked_again',
            'If a new version changes what you agreed to (personalised suggestions), the consent you gave ' +
              'earlier stops on the day it takes effect, and we ask you again.',
          ),
        ],
      },
      {
        heading: 'Who on our staff sees your details',
        promises: [
          p(
            'role_views',
            'Each member of staff sees your details only as their role needs: warehouse staff the parcel’s ' +
              'recipient, address and items; finance amounts and payments without names or addresses; customer ' +
              'service your contact details partly hidden.',
          ),
          p(
            'unmask_with_reason',
            'Customer service can reveal one hidden detail of one order only by choosing a reason and naming the ' +
              `case; each person can do so at most ${UNMASKS_PER_HOUR} times an hour, and every reveal is logged.`,
          ),
          p(
            'aggregates_only',
            `Operations sees sales and searches only as totals over at least ${MIN_GROUP_SIZE} people, never one ` +
              'person’s order.',
          ),
          p(
            'staff_mfa',
            'Every staff log-in needs a password and a one-time code from an authenticator app; repeated failures ' +
              'lock the account.',
          ),
        ],
      },
      {
        heading: 'How your details are kept',
        promises: [
          p(
            'sealed_per_person',
            'Details marked “encrypted” are sealed with AES-256-GCM under a key that belongs to you alone.',
          ),
          p(
            'audit_reads',
            'Every time a member of staff or one of our automated jobs reads one of your details, the read is ' +
              'written to a tamper-evident log: which role, which details (by name, never their content), why and when.',
          ),
          p(
            'card_not_stored',
            'Card numbers are handed to the payment provider to take the payment and are not stored here; we keep ' +
              'only the provider’s reference, encrypted.',
          ),
          p(
            'backups_forget',
            'Backups are encrypted with a key kept apart from them and from the keys of your details. If you ' +
              'erase your account, restoring a backup taken before does not bring your details back: they stay ' +
              'unreadable and are erased again.',
          ),
          ...(input.inactiveAccounts
            ? [
                p(
                  'inactive_lock',
                  `If you do not sign in for ${input.inactiveAccounts.days} days, we e-mail you ` +
                    `${input.inactiveAccounts.noticeDays} days before and then lock your account: your details are ` +
                    'sealed under a separate key the shop does not use, and your sessions end. Signing in unlocks ' +
                    `it. An account still locked ${input.inactiveAccounts.eraseAfterDays} days later is erased.`,
                ),
              ]
            : []),
          p(
            'legal_holds',
            'If a court, an authority or a legal dispute requires us to keep certain details beyond their time, ' +
              'they are locked under a separate key, kept out of every staff view, opened only by our compliance ' +
              'officer for that matter (each opening logged) and handed back to the rules above when the hold ends.',
          ),
          p(
            'incident_clocks',
            'Access to your details is watched for unusual patterns (many people read by one account, repeated ' +
              'failed log-ins, fake accounts that no real work ever touches). A security incident is registered ' +
              'with deadlines to notify the marketplace or partner within 24 hours and the supervisory authority ' +
              'within 72 hours of our becoming aware, and a deadline that passes is escalated.',
          ),
          p(
            'no_special_categories',
            'We never collect biometrics, identity documents, financial assets or hidden device fingerprints.',
          ),
        ],
      },
      {
        heading: 'Sharing',
        promises: [
          p(
            'sharing_gate',
            'Your details can reach an outside company only through one gate: the company must be registered ' +
              'with this store for one purpose, with the details its agreement allows, and each share is recorded ' +
              'by the names of the details, never their content. When the store ends an agreement, no new ' +
              'details are sent to that company.',
          ),
          ...recipientPromises(input.recipients ?? [], input.inventory),
        ],
      },
      ...(input.rights ? [rightsSection(input.rights)] : []),
      {
        heading: 'Questions',
        promises: [p('contact', `To ask about your details or this page, write to ${input.contactEmail}.`)],
      },
      {
        heading: 'Browsing',
        promises: [
          p('cookieless_browsing', 'Browsing the shop — its pages, products and search — sets no cookie.'),
          p(
            'anonymous_counts',
            'Product views and searches are counted without your account, a cookie or your IP address; a search ' +
              'that looks like an e-mail address or a phone number is not kept.',
          ),
          ...(input.rights
            ? [
                p(
                  'personalisation_consent',
                  '“Matched for you” suggestions, drawn from the products you looked at here, are off unless you ' +
                    'turn them on; only then do we remember what you looked at. Your browser’s Global Privacy ' +
                    `Control signal${input.rights.honourDoNotTrack ? ' or Do Not Track signal' : ''} turns them off on that very ` +
                    'visit, and we record that choice with the date and this page’s version; turning them off ' +
                    'deletes what we remembered. Prices, shipping, returns and service are the same either way.',
                ),
              ]
            : []),
        ],
      },
    ],
    collected: collectedRows(input.inventory),
    purposes: [
      ...new Set(
        input.inventory
          .filter((d) => d.subject !== 'staff')
          .flatMap((d) => Object.values(d.fields).flatMap((f) => f.purposes)),
      ),
    ]
      .sort()
      .map((name) => ({ name: words(name), meaning: input.purposeWords[name] ?? '' })),
  };
}

/**
 * SHA-256 of a document's canonical JSON, leaving out its own version and date: two versions say
 * the same exactly when these match (stored with each kept version; no page compares them yet).
 */
export function documentFingerprint(document: PrivacyDocument): string {
  const content = {
    ...document,
    version: '',
    effectiveOn: '',
    sections: document.sections.map((s) => ({
      ...s,
      promises: s.promises.filter((p) => p.id !== 'versions'),
    })),
  };
  return createHash('sha256')
    .update(canonicalize(content) ?? '')
    .digest('hex');
}
