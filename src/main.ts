import { loadConfig } from '#platform/config.ts';
import { createApp } from './app.ts';

// Composition root for `npm start`: read config, open (and migrate, and seed) the database, serve.
const config = loadConfig();
const app = await createApp(config);
const address = await app.http.listen({ port: config.port, host: config.host });
const local = `http://localhost:${config.port}`;
app.log.info(
  { database: app.database.kind, stores: app.directory.all().map((t) => `${local}/s/${t.slug}`) },
  `Pledge is listening on ${address}`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, 'shutting down');
    void app.close().then(() => process.exit(0));
  });
}
