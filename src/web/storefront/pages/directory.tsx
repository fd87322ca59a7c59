import type { Tenant } from '#modules/tenants';

/** The platform's front page: the stores it hosts. */
export function DirectoryPage({ tenants }: { tenants: Tenant[] }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Pledge — stores</title>
        <link rel="stylesheet" href="/assets/store.css" />
      </head>
      <body>
        <main class="directory">
          <h1>Pledge</h1>
          <p class="lede">Commerce that keeps the privacy promises its merchants publish.</p>
          <ul class="store-list">
            {tenants.map((t) => (
              <li key={t.slug}>
                <a href={`/s/${t.slug}`}>
                  <strong>{t.name}</strong>
                  <span>{t.tagline}</span>
                </a>
              </li>
            ))}
          </ul>
          <p>
            <a href="/api/docs">API documentation</a>
          </p>
        </main>
      </body>
    </html>
  );
}
