import type { PersonalDataDeclaration } from '#modules/privacy';
import type { PageFrame } from '../components.tsx';
import { Layout } from '../layout.tsx';

const words = (s: string) => s.replace(/_index$/, ' (lookup key)').replace(/_/g, ' ');
const ROLE_NAMES: Record<string, string> = {
  subject: 'you',
  warehouse: 'warehouse staff',
  customer_service: 'customer service',
  operations: 'operations',
  finance: 'finance',
  compliance: 'compliance',
  owner: 'the store owner',
};
const who = (role: string) => {
  const [name, masked] = role.split(':');
  return `${ROLE_NAMES[name!] ?? name}${masked ? ' (partly hidden)' : ''}`;
};

const STORAGE: Record<string, string> = {
  sealed: 'encrypted (AES-256-GCM)',
  blind_index: 'as a keyed hash only',
  one_way_hash: 'as a one-way hash only',
  plain: 'as is (not secret on its own)',
};

/**
 * What the store collects, why, who sees it and who receives it — generated from the data
 * inventory (PV-1), so this page cannot drift from what the code stores.
 */
export function PrivacyPage({
  frame,
  inventory,
}: {
  frame: PageFrame;
  inventory: PersonalDataDeclaration[];
}) {
  const policy = frame.tenant.policy;
  return (
    <Layout frame={frame} title="Privacy policy">
      <article class="help privacy">
        <h1>Privacy policy</h1>
        <p>
          Version {policy.privacyPolicyVersion}. {frame.tenant.name} runs on Pledge, which enforces this page
          in code. Each detail below is stored as the table says (most encrypted, each person under their own
          key), and our staff see it only as their role needs: the column “Who can see it” is the very rule
          the back office applies. We never collect biometrics, identity documents, financial assets or hidden
          device fingerprints.
        </p>
        <p>
          Every time a member of staff, or one of our automated jobs, reads one of your details, the read is
          written to a tamper-evident log: who (by role), which details (by name, never their content), why
          and when.
        </p>
        <p>
          No outside service receives your details from this store today: no carrier, tracking or marketing
          system is connected. Card numbers are passed to the payment provider to take the payment and are not
          stored here.
        </p>
        <h2>What we collect and why</h2>
        <table class="cart-lines inventory">
          <thead>
            <tr>
              <th>Detail</th>
              <th>Why</th>
              <th>Who can see it</th>
              <th>Stored</th>
            </tr>
          </thead>
          <tbody>
            {inventory
              .filter((d) => d.subject !== 'staff')
              .flatMap((d) =>
                Object.entries(d.fields).map(([key, f]) => (
                  <tr key={key}>
                    <td>{words(key.split('.').slice(1).join(' — '))}</td>
                    <td>{f.purposes.map(words).join(', ')}</td>
                    <td>
                      {f.readableBy.length
                        ? f.readableBy.map(who).join(', ')
                        : 'nobody (used by the system only)'}
                    </td>
                    <td>{STORAGE[f.storage]}</td>
                  </tr>
                )),
              )}
          </tbody>
        </table>
        <h2>Browsing</h2>
        <p>
          Browsing needs no cookie. Product views and searches are counted anonymously; searches that look
          like an e-mail address or phone number are not kept.
        </p>
      </article>
    </Layout>
  );
}
