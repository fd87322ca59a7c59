import { renderPage } from '../storefront/render.ts';

interface OpenApiDoc {
  info: { title: string; version: string; description?: string };
  paths: Record<
    string,
    Record<
      string,
      {
        summary?: string;
        tags?: string[];
        parameters?: {
          name: string;
          in: string;
          required?: boolean;
          schema?: {
            type?: string;
            enum?: unknown[];
            minimum?: number;
            maximum?: number;
            maxLength?: number;
          };
        }[];
        responses?: Record<string, unknown>;
      }
    >
  >;
}

function describeSchema(
  schema:
    { type?: string; enum?: unknown[]; minimum?: number; maximum?: number; maxLength?: number } | undefined,
): string {
  if (!schema) return '';
  const parts = [schema.type ?? ''];
  if (schema.enum) parts.push(`one of ${schema.enum.join(', ')}`);
  if (schema.minimum !== undefined) parts.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined) parts.push(`≤ ${schema.maximum}`);
  if (schema.maxLength !== undefined) parts.push(`≤ ${schema.maxLength} chars`);
  return parts.filter(Boolean).join(', ');
}

/** A readable, script-free rendering of the OpenAPI document (no third-party docs UI needed). */
export function renderApiDocs(doc: OpenApiDoc): string {
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );
  return renderPage(
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${doc.info.title} — API`}</title>
        <link rel="stylesheet" href="/assets/store.css" />
      </head>
      <body>
        <main class="prose api-docs">
          <h1>
            {doc.info.title} <small>v{doc.info.version}</small>
          </h1>
          <p>{doc.info.description}</p>
          <p>
            Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a>. Errors are JSON{' '}
            <code>{'{ error, message }'}</code> with a 4xx status naming what was wrong.
          </p>
          {operations.map(({ path, method, op }) => (
            <section class="operation" key={`${method} ${path}`}>
              <h2>
                <code>
                  {method} {path}
                </code>
              </h2>
              <p>{op.summary}</p>
              {op.parameters && op.parameters.length > 0 ? (
                <table>
                  <thead>
                    <tr>
                      <th>Parameter</th>
                      <th>In</th>
                      <th>Required</th>
                      <th>Schema</th>
                    </tr>
                  </thead>
                  <tbody>
                    {op.parameters.map((p) => (
                      <tr key={`${p.in}-${p.name}`}>
                        <td>
                          <code>{p.name}</code>
                        </td>
                        <td>{p.in}</td>
                        <td>{p.required ? 'yes' : 'no'}</td>
                        <td>{describeSchema(p.schema)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
              <p class="responses">Responses: {Object.keys(op.responses ?? {}).join(', ')}</p>
            </section>
          ))}
        </main>
      </body>
    </html>,
  );
}
