/**
 * The benchmark's mail relay, in a process of its own (a child of bench/run.ts): the demo's mail
 * catcher (a real SMTP server) standing where a store's relay would be — another machine, not the
 * server's own event loop. The server hands every order confirmation to it over SMTP (SMTP_URL);
 * the driver asks it how many it accepted, to check them against the orders.
 */
import { MailCatcher } from '../src/emulators/mail-catcher.ts';

const catcher = new MailCatcher();
const url = await catcher.start();
process.send!({ type: 'ready', url });
process.on('message', (m: { type: string }) => {
  if (m.type === 'count') process.send!({ type: 'count', received: catcher.received });
  else if (m.type === 'stop') void catcher.stop().then(() => process.exit(0));
});
