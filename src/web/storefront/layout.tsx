import type { ComponentChildren } from 'preact';
import type { PageFrame } from './components.tsx';

/** The storefront page shell: announcement bar, header with search, footer with policy links. */
export function Layout({
  frame,
  title,
  children,
}: {
  frame: PageFrame;
  title: string;
  children: ComponentChildren;
}) {
  const { tenant, base } = frame;
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${tenant.name}`}</title>
        <meta name="description" content={tenant.tagline} />
        <link rel="stylesheet" href="/assets/store.css" />
        <link rel="stylesheet" href={`${base}/theme.css`} />
        <link rel="icon" href={`${base}/favicon.svg`} type="image/svg+xml" />
        {/* htmx from our own origin, only for suggestions as you type; every page works without it. */}
        <meta
          name="htmx-config"
          content='{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false}'
        />
        <script src="/assets/htmx.min.js" defer />
      </head>
      <body>
        <p class="announcement" role="note">
          {tenant.policy.announcement}
        </p>
        <header class="site-header">
          <a class="logo" href={base || '/'}>
            {tenant.name}
          </a>
          {/* The categories menu opens without JavaScript (details/summary), at every width. */}
          <details class="menu">
            <summary>Shop</summary>
            <nav aria-label="All categories">
              <ul>
                {frame.categories.map((c) => (
                  <li>
                    <a href={`${base}/c/${c.slug}`}>{c.name}</a>
                  </li>
                ))}
                <li class="menu-more">
                  <a href={`${base}/help/shipping-returns`}>Shipping &amp; returns</a>
                </li>
                <li>
                  <a href={`${base}/orders/lookup`}>Find my order</a>
                </li>
                <li>
                  <a href={`${base}/contact`}>Contact us</a>
                </li>
              </ul>
            </nav>
          </details>
          <form class="search" action={`${base}/search`} method="get" role="search">
            <label class="visually-hidden" for="q">
              Search products
            </label>
            <input
              id="q"
              name="q"
              type="search"
              placeholder="Search products"
              value={frame.query ?? ''}
              maxLength={200}
              autoComplete="off"
              hx-get={`${base}/search/suggest`}
              hx-trigger="input changed delay:200ms, search"
              hx-target="#search-suggestions"
              hx-sync="this:replace"
              aria-controls="search-suggestions"
            />
            <button type="submit">Search</button>
            <div id="search-suggestions" class="suggestions" aria-live="polite" />
          </form>
          <nav class="header-links" aria-label="Shop">
            <a class="wide-only" href={`${base}/help/shipping-returns`}>
              Shipping &amp; returns
            </a>{' '}
            <a href={`${base}/account`}>Account</a>{' '}
            <a class="cart-link" href={`${base}/cart`}>
              Cart
              {frame.cartUnits ? (
                <span class="cart-count" aria-label={`${frame.cartUnits} items`}>
                  {frame.cartUnits}
                </span>
              ) : null}
            </a>
          </nav>
        </header>
        <main>{children}</main>
        <footer class="site-footer">
          <p>
            {tenant.name} — {tenant.tagline}
          </p>
          <p>
            <a href={`${base}/help/shipping-returns`}>Shipping &amp; returns</a> ·{' '}
            <a href={`${base}/orders/lookup`}>Find my order</a> · <a href={`${base}/contact`}>Contact us</a> ·{' '}
            <a href={`${base}/privacy`}>Privacy policy</a> · <a href={`${base}/privacy/centre`}>Your data</a>{' '}
            · <a href={`${base}/privacy/settings`}>Personalisation</a> · Prices in {tenant.policy.currency} ·
            No trackers, no third-party scripts.
          </p>
        </footer>
      </body>
    </html>
  );
}
