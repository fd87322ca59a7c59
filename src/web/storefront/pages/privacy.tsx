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
  merchant_admin: 'the store owner',
};
const who = (role: string) => {
  const [name, masked] = role.split(':');
  return `${ROLE_NAMES[name!] ?? name}${masked ? ' (partly hidden)' : ''}`;
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
          in code: every personal detail below is encrypted at rest, shown to staff only as their role needs,
          and shared only with the recipients listed. We never collect biometrics, identity documents,
          financial assets or hidden device fingerprints. Card details go to our payment provider, never to
          us.
        </p>
        <h2>What we collect and why</h2>
        <table class="cart-lines inventory">
          <thead>
            <tr>
              <th>Detail</th>
              <th>Why</th>
              <th>Who can see it</th>
              <th>Shared with</th>
            </tr>
          </thead>
          <tbody>
            {inventory.flatMap((d) =>
              Object.entries(d.fields).map(([key, f]) => (
                <tr key={key}>
                  <td>{words(key.split('.').slice(1).join(' — '))}</td>
                  <td>{f.purposes.map(words).join(', ')}</td>
                  <td>
                    {f.readableBy.length
                      ? f.readableBy.map(who).join(', ')
                      : 'nobody (used by the system only)'}
                  </td>
                  <td>{f.sharedWith.length ? f.sharedWith.map(words).join(', ') : 'nobody'}</td>
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
