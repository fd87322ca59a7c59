import type { PageFrame } from '../components.tsx';
import { Layout } from '../layout.tsx';

/** A plain error page (no store frame needed, so it can render even when the store is unknown). */
export function ErrorPage({ status, message, home }: { status: number; message: string; home: string }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${status} · Pledge`}</title>
        <link rel="stylesheet" href="/assets/store.css" />
      </head>
      <body>
        <main class="error-page">
          <h1>
            {status === 404 ? 'Not found' : status < 500 ? 'That did not work' : 'Something went wrong'}
          </h1>
          <p>{message}</p>
          <p>
            <a href={home}>Back to the shop</a>
          </p>
        </main>
      </body>
    </html>
  );
}

/** What a shopper reads for each kind of failure, in plain sentences. */
function wordsFor(status: number, path: string): { title: string; lead: string } {
  if (status === 404) {
    if (/\/p\/[^/]+/.test(path))
      return {
        title: 'We couldn’t find that product',
        lead: 'It may have been renamed or is no longer sold here.',
      };
    if (/\/c\/[^/]+/.test(path))
      return { title: 'We couldn’t find that category', lead: 'Try the menu or a search instead.' };
    if (/\/orders\//.test(path))
      return {
        title: 'We couldn’t find that order',
        lead: 'Check the order number, or find it with your e-mail address.',
      };
    return { title: 'We couldn’t find that page', lead: 'The link may be old or mistyped.' };
  }
  if (status === 429)
    return {
      title: 'One moment, please',
      lead: 'That was a lot of requests in a short time. Wait a minute, then try again.',
    };
  if (status >= 500)
    return {
      title: 'Something went wrong on our side',
      lead: 'Nothing was changed. Please try again in a moment.',
    };
  if (status === 403)
    return {
      title: 'That isn’t available to you',
      lead: 'If you think it should be, sign in or contact us.',
    };
  return { title: 'That didn’t work', lead: 'Something in the request wasn’t right.' };
}

/**
 * An error page in the store's own frame (header, menu, search, footer), in plain sentences; the
 * search box keeps what the shopper typed. Renders without a database read, so it works when the
 * database is the problem.
 */
export function StoreErrorPage({
  frame,
  status,
  message,
  path,
}: {
  frame: PageFrame;
  status: number;
  message: string;
  path: string;
}) {
  const { title, lead } = wordsFor(status, path);
  return (
    <Layout frame={frame} title={title}>
      <section class="error-page" data-status={status}>
        <h1>{title}</h1>
        <p>{lead}</p>
        {/* A refusal says what was wrong; a missing page or a slow-down needs no more than the sentence above. */}
        {status >= 400 && status < 500 && status !== 404 && status !== 429 ? (
          <p class="muted">{message}</p>
        ) : null}
        <p>
          <a class="button" href={frame.base || '/'}>
            Continue shopping
          </a>{' '}
          <a href={`${frame.base}/search${frame.query ? `?q=${encodeURIComponent(frame.query)}` : ''}`}>
            Search
          </a>
        </p>
      </section>
    </Layout>
  );
}
