import type { OutboxMessage } from '#modules/notifications';
import type { CaughtMessage } from '#platform/module.ts';
import type { PageFrame } from '../components.tsx';
import { Layout } from '../layout.tsx';

/** The e-mail input of the member forms (the address is shown back only to its owner). */
function EmailField({ value }: { value: string | undefined }) {
  return (
    <label>
      E-mail address
      <input name="email" type="email" autoComplete="email" required maxLength={254} value={value ?? ''} />
    </label>
  );
}

/** A field for choosing a password (registration and reset share the rule: 10–200 characters). */
function NewPasswordField({ label }: { label: string }) {
  return (
    <label>
      {label} <small>(at least 10 characters)</small>
      <input
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        maxLength={200}
      />
    </label>
  );
}

/** A form error shown above the fields; never echoes a password or other personal value. */
function Problem({ message }: { message: string | undefined }) {
  return message ? (
    <p class="form-error" role="alert">
      {message}
    </p>
  ) : null;
}

export function LogInPage({
  frame,
  csrf,
  problem,
  email,
  notice,
}: {
  frame: PageFrame;
  csrf: string;
  problem?: string;
  email?: string;
  /** What just happened (logged out, password changed), confirmed above the form. */
  notice?: string | undefined;
}) {
  return (
    <Layout frame={frame} title="Log in">
      <section class="form-card">
        <h1>Log in</h1>
        {notice ? (
          <p class="confirm" role="status">
            {notice}
          </p>
        ) : null}
        <Problem message={problem} />
        <form method="post" action={`${frame.base}/account/login`}>
          <input type="hidden" name="_csrf" value={csrf} />
          <EmailField value={email} />
          <label>
            Password
            <input name="password" type="password" autoComplete="current-password" required maxLength={200} />
          </label>
          <button type="submit" class="button">
            Log in
          </button>
        </form>
        <p>
          <a href={`${frame.base}/account/forgot`}>Forgot your password?</a>
        </p>
        <p>
          New here? <a href={`${frame.base}/account/register`}>Create an account</a>. You can also check out
          as a guest.
        </p>
      </section>
    </Layout>
  );
}

export function RegisterPage({
  frame,
  csrf,
  problem,
  nickname,
  email,
}: {
  frame: PageFrame;
  csrf: string;
  problem?: string;
  nickname?: string;
  email?: string;
}) {
  return (
    <Layout frame={frame} title="Create an account">
      <section class="form-card">
        <h1>Create an account</h1>
        <p class="lede">
          We ask for three things only: a nickname, your e-mail address and a password. Your e-mail is
          encrypted at rest.
        </p>
        <Problem message={problem} />
        <form method="post" action={`${frame.base}/account/register`}>
          <input type="hidden" name="_csrf" value={csrf} />
          <label>
            Nickname
            <input name="nickname" autoComplete="nickname" required maxLength={40} value={nickname ?? ''} />
          </label>
          <EmailField value={email} />
          <NewPasswordField label="Password" />
          <button type="submit" class="button">
            Create account
          </button>
        </form>
      </section>
    </Layout>
  );
}

/** After registering: the same page whether or not the address already had an account. */
export function RegisterSentPage({ frame }: { frame: PageFrame }) {
  return (
    <Layout frame={frame} title="Check your e-mail">
      <section class="form-card">
        <h1>Check your e-mail</h1>
        <p role="status">
          We sent a message to the address you gave. Open the link in it within 24 hours to finish creating
          your account. If the address already has an account, the message says so and helps you log in.
        </p>
      </section>
    </Layout>
  );
}

/** The page a confirmation link opens: one button, so a mail scanner following links confirms nothing. */
export function ConfirmPage({
  frame,
  csrf,
  token,
  problem,
}: {
  frame: PageFrame;
  csrf: string;
  token: string;
  problem?: string;
}) {
  return (
    <Layout frame={frame} title="Confirm your account">
      <section class="form-card">
        <h1>Confirm your account</h1>
        <Problem message={problem} />
        {problem ? (
          <p>
            <a href={`${frame.base}/account/register`}>Register again</a> or{' '}
            <a href={`${frame.base}/account/login`}>log in</a>.
          </p>
        ) : (
          <form method="post" action={`${frame.base}/account/confirm`}>
            <input type="hidden" name="_csrf" value={csrf} />
            <input type="hidden" name="token" value={token} />
            <p>One click and your account is ready; you will be logged in.</p>
            <button type="submit" class="button">
              Create my account
            </button>
          </form>
        )}
      </section>
    </Layout>
  );
}

export function AccountPage({
  frame,
  csrf,
  nickname,
  email,
}: {
  frame: PageFrame;
  csrf: string;
  nickname: string;
  email: string;
}) {
  return (
    <Layout frame={frame} title="Your account">
      <section class="form-card">
        <h1>Hello, {nickname}</h1>
        <dl class="profile">
          <dt>Nickname</dt>
          <dd>{nickname}</dd>
          <dt>E-mail address</dt>
          <dd>{email}</dd>
        </dl>
        <p>
          <a href={`${frame.base}/account/orders`}>Your orders</a> ·{' '}
          <a href={`${frame.base}/account/wishlist`}>Your wishlist</a> ·{' '}
          <a href={`${frame.base}/cart`}>Your cart</a> ·{' '}
          <a href={`${frame.base}/account/details`}>Edit your details</a> ·{' '}
          <a href={`${frame.base}/privacy/centre`}>Privacy centre</a>
        </p>
        <form method="post" action={`${frame.base}/account/logout`}>
          <input type="hidden" name="_csrf" value={csrf} />
          <button type="submit" class="button">
            Log out
          </button>
        </form>
      </section>
    </Layout>
  );
}

export function ForgotPage({ frame, csrf, sent }: { frame: PageFrame; csrf: string; sent: boolean }) {
  return (
    <Layout frame={frame} title="Reset your password">
      <section class="form-card">
        <h1>Reset your password</h1>
        {sent ? (
          <p role="status">
            If an account uses that address, we have sent it a link. It works once, for 60 minutes.
          </p>
        ) : (
          <form method="post" action={`${frame.base}/account/forgot`}>
            <input type="hidden" name="_csrf" value={csrf} />
            <EmailField value={undefined} />
            <button type="submit" class="button">
              Send me a link
            </button>
          </form>
        )}
      </section>
    </Layout>
  );
}

export function ResetPage({
  frame,
  csrf,
  token,
  problem,
}: {
  frame: PageFrame;
  csrf: string;
  token: string;
  problem?: string;
}) {
  return (
    <Layout frame={frame} title="Choose a new password">
      <section class="form-card">
        <h1>Choose a new password</h1>
        <Problem message={problem} />
        <form method="post" action={`${frame.base}/account/reset`}>
          <input type="hidden" name="_csrf" value={csrf} />
          <input type="hidden" name="token" value={token} />
          <NewPasswordField label="New password" />
          <button type="submit" class="button">
            Save the new password
          </button>
        </form>
      </section>
    </Layout>
  );
}

export function OutboxPage({
  frame,
  messages,
  caught,
}: {
  frame: PageFrame;
  messages: OutboxMessage[];
  /** What the built-in mail catcher received for this store (when it runs). */
  caught: CaughtMessage[] | undefined;
}) {
  return (
    <Layout frame={frame} title="Development outbox">
      <h1>Development outbox</h1>
      <p class="lede">
        E-mails queued by this store (newest first) and whether they left. This page exists only when
        PLEDGE_DEV_OUTBOX=true, and answers only requests from this machine (loopback), never through a proxy.
      </p>
      {caught ? (
        <section>
          <h2>Received by the built-in mail catcher</h2>
          <p class="note">
            The demo's SMTP relay: each message below really went over SMTP to a server on this machine.
          </p>
          {caught.length === 0 ? <p>Nothing yet.</p> : null}
          {caught.slice(0, 20).map((m) => (
            <article class="caught-message" key={`${m.receivedAt.toISOString()}-${m.subject}`}>
              <p>
                <strong>{m.subject}</strong> to {m.to.join(', ')} from {m.from} · {m.receivedAt.toISOString()}
              </p>
              <pre>{m.text}</pre>
            </article>
          ))}
        </section>
      ) : null}
      <h2>Outbox</h2>
      {messages.map((m) => (
        <article class="outbox-message" key={m.id}>
          <p>
            <strong>{m.template}</strong> to {m.recipient ?? '(erased)'} · {m.createdAt.toISOString()} ·{' '}
            {m.state === 'sent'
              ? `sent ${m.sentAt?.toISOString() ?? ''}`
              : m.state === 'failed'
                ? `not sent (${m.lastError ?? 'failed'})`
                : `waiting${m.attempts > 0 ? ` (attempt ${m.attempts + 1}: ${m.lastError ?? ''})` : ''}`}
          </p>
          <pre>{m.body ?? '(erased)'}</pre>
        </article>
      ))}
    </Layout>
  );
}
