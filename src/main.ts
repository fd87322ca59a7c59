import { loadConfig } from '#platform/config.ts';
import { createApp } from './app.ts';

// Composition root for `npm start`: read config, open (and migrate, and seed) the database, serve.
const config = loadConfig();
const app = await createApp(config);
const address = await app.http.listen({ port: config.port, host: config.host });
const port = app.http.server.address();
const local = `http://localhost:${typeof port === 'object' && port ? port.port : config.port}`;
app.log.info({ database: app.database.kind }, `Pledge is listening on ${address}`);
// A human-readable banner for the person who just ran `npm start` (no personal data in it).
process.stdout.write(
  [
    '',
    `Pledge is running on ${app.database.kind === 'pglite' ? `embedded PostgreSQL (PGlite) in ${config.dataDir}` : 'PostgreSQL'}:`,
    ...app.directory.all().map((t) => `  ${t.name.padEnd(18)} ${local}/s/${t.slug}`),
    `  API docs           ${local}/api/docs`,
    '',
  ].join('\n') + '\n',
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, 'shutting down');
    void app.close().then(() => process.exit(0));
  });
}
