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
