import type { PolicyVersionEntry, PrivacyDocument } from '#modules/privacy';
import type { PageFrame } from '../components.tsx';
import { Layout } from '../layout.tsx';

/**
 * A store's privacy page, rendered from its `PrivacyDocument` (the version in effect, or a kept
 * one). Every sentence is a registered promise, marked `data-promise` with its name, so a test can
 * walk each one back to the code that keeps it; nothing is written here that the document lacks.
 */
export function PrivacyPage({
  frame,
  document,
  kept,
  upcoming,
}: {
  frame: PageFrame;
  document: PrivacyDocument;
  /** Set when showing a kept earlier version rather than today's page. */
  kept?: boolean;
  upcoming: PolicyVersionEntry[];
}) {
  return (
    <Layout frame={frame} title={kept ? `Privacy policy, version ${document.version}` : 'Privacy policy'}>
      <article class="help privacy">
        <h1>Privacy policy</h1>
        {kept ? (
          <p class="notice" role="note" data-promise="versions">
            You are reading version {document.version}, as it read from {document.effectiveOn}.{' '}
            <a href={`${frame.base}/privacy`}>Read the version in effect</a>.
          </p>
        ) : null}
        {!kept && upcoming.length > 0 ? (
          <p class="notice" role="note" data-promise="versions">
            A new version ({upcoming[0]!.version}) takes effect on {upcoming[0]!.effectiveOn}.{' '}
            <a href={`${frame.base}/privacy/changes`}>See what changes</a>.
          </p>
        ) : null}
        {document.sections.map((section) => (
          <section>
            <h2>{section.heading}</h2>
            {section.promises.map((p) => (
              <p data-promise={p.id}>
                {p.text}
                {p.id === 'versions' ? (
                  <>
                    {' '}
                    <a href={`${frame.base}/privacy/changes`}>Versions and announcements</a>.
                  </>
                ) : null}
              </p>
            ))}
          </section>
        ))}
        <section data-promise="collected">
          <h2>What we collect and why</h2>
          <div class="table-wrap">
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
                {document.collected.map((row) => (
                  <tr>
                    <td>{row.detail}</td>
                    <td>{row.why}</td>
                    <td>{row.who}</td>
                    <td>{row.stored}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>The purposes, in our words</h3>
          <dl class="purposes">
            {document.purposes.map((p) => (
              <>
                <dt>{p.name}</dt>
                <dd>{p.meaning}</dd>
              </>
            ))}
          </dl>
        </section>
      </article>
    </Layout>
  );
}

/** The announcements page (PL-1, PL-2): every version with its date and what changed, newest first. */
export function PolicyChangesPage({
  frame,
  versions,
  current,
}: {
  frame: PageFrame;
  versions: { version: string; effectiveOn: string; summary: string[]; kept: boolean; upcoming: boolean }[];
  current: string;
}) {
  return (
    <Layout frame={frame} title="Privacy policy: versions and announcements">
      <article class="help privacy">
        <h1>Privacy policy: versions and announcements</h1>
        <p>
          Each version takes effect on its date; a change is announced here before it applies. The{' '}
          <a href={`${frame.base}/privacy`}>privacy policy</a> shows the version in effect.
        </p>
        <ol class="policy-versions" reversed>
          {[...versions].reverse().map((v) => (
            <li>
              <h2>
                Version {v.version}{' '}
                <small>
                  {v.upcoming
                    ? `takes effect on ${v.effectiveOn}`
                    : v.version === current
                      ? `in effect since ${v.effectiveOn}`
                      : `in effect from ${v.effectiveOn}`}
                </small>
              </h2>
              <ul>
                {v.summary.map((line) => (
                  <li>{line}</li>
                ))}
              </ul>
              {v.kept && v.version !== current ? (
                <p>
                  <a href={`${frame.base}/privacy/versions/${encodeURIComponent(v.version)}`}>
                    Read version {v.version} as it was
                  </a>
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      </article>
    </Layout>
  );
}
