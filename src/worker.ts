import { loadConfig } from '#platform/config.ts';
import { createApp } from './app.ts';

// `npm run worker`: a process that runs the modules' jobs from the pg-boss queue on the PostgreSQL
// server and serves no HTTP. Start as many as you like (and set PLEDGE_WORKER=external on the
// servers so they leave the jobs to them): the queue runs each job once at a time across all.
const config = { ...loadConfig(), role: 'worker' as const };
if (!config.databaseUrl || config.jobs !== 'queue') {
  process.stderr.write(
    'npm run worker needs DATABASE_URL (a PostgreSQL server) and PLEDGE_JOBS=queue (the default there); ' +
      'on the embedded database the server runs its jobs itself.\n',
  );
  process.exit(2);
}
const app = await createApp(config);
app.log.info(
  { jobs: app.scheduler.queuedJobs().map((j) => j.id) },
  `worker started: ${app.scheduler.queuedJobs().length} queued jobs`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, 'worker stopping after the runs in progress');
    void app.close().then(() => process.exit(0));
  });
}
