import type { Ctx } from '#platform/ctx.ts';
import type { ComponentChildren } from 'preact';
import { STAFF_ROLES, STAFF_ROLE_LABELS, type StaffRole } from '#platform/actor.ts';

/** Who is looking at a back-office page, and in which store. */
export interface AdminFrame {
  store?: { slug: string; name: string } | undefined;
  role?: StaffRole | undefined;
  csrf?: string | undefined;
}

/** What each role finds in the navigation (AC-1..6): only what its job needs. */
export const SECTIONS: { path: string; label: string; roles: readonly StaffRole[] }[] = [
  { path: '', label: 'Dashboard', roles: STAFF_ROLES },
  { path: '/packing', label: 'Packing queue', roles: ['warehouse'] },
  { path: '/parcels', label: 'Parcels', roles: ['warehouse', 'owner', 'customer_service', 'compliance'] },
  {
    path: '/returns',
    label: 'Returns',
    roles: ['warehouse', 'customer_service', 'finance', 'owner', 'compliance'],
  },
  {
    path: '/orders',
    label: 'Orders',
    roles: ['owner', 'warehouse', 'customer_service', 'finance', 'compliance'],
  },
  { path: '/cases', label: 'Cases', roles: ['customer_service', 'owner', 'compliance'] },
  { path: '/lookup', label: 'Customer lookup', roles: ['customer_service'] },
  { path: '/reports', label: 'Reports', roles: ['operations', 'owner', 'finance'] },
  { path: '/catalog', label: 'Catalog', roles: ['owner'] },
  { path: '/campaigns', label: 'Campaigns', roles: ['owner'] },
  { path: '/synonyms', label: 'Search synonyms', roles: ['owner'] },
  { path: '/reviews', label: 'Reviews', roles: ['owner'] },
  { path: '/staff', label: 'Staff', roles: ['owner', 'compliance'] },
  { path: '/privacy-requests', label: 'Privacy requests', roles: ['compliance'] },
  { path: '/audit', label: 'Audit log', roles: ['compliance'] },
  { path: '/retention', label: 'Retention', roles: ['compliance'] },
  { path: '/legal-holds', label: 'Legal holds', roles: ['compliance'] },
  { path: '/policy', label: 'Privacy policy', roles: ['owner', 'compliance'] },
  { path: '/security', label: 'Security', roles: ['owner', 'compliance'] },
  { path: '/sharing', label: 'Sharing', roles: ['owner', 'compliance'] },
  { path: '/records', label: 'Records of processing', roles: ['compliance', 'owner'] },
];

export const ROLE_LABEL = STAFF_ROLE_LABELS;

/** The back office's page shell: store and role, the role's sections, log-out. */
export function AdminLayout({
  frame,
  title,
  children,
}: {
  frame: AdminFrame;
  title: string;
  children: ComponentChildren;
}) {
  const base = frame.store ? `/admin/s/${frame.store.slug}` : '/admin';
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${title} · Pledge back office`}</title>
        <link rel="stylesheet" href="/assets/admin.css" />
      </head>
      <body>
        <header class="admin-header">
          <a class="brand" href="/admin">
            Pledge <span>back office</span>
          </a>
          {frame.store && frame.role ? (
            <p class="who">
              {frame.store.name} · <strong>{ROLE_LABEL[frame.role]}</strong>
            </p>
          ) : null}
          {frame.csrf ? (
            <form method="post" action="/admin/logout" class="logout">
              <input type="hidden" name="_csrf" value={frame.csrf} />
              <button type="submit">Log out</button>
            </form>
          ) : null}
        </header>
        {frame.store && frame.role ? (
          <nav class="admin-nav" aria-label="Sections">
            {SECTIONS.filter((s) => s.roles.includes(frame.role!)).map((s) => (
              <a href={`${base}${s.path}`}>{s.label}</a>
            ))}
          </nav>
        ) : null}
        <main class="admin-main">
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  );
}

/** A bar chart drawn on the server (SVG, no script): one bar per label. */
export function BarChart({
  bars,
  unit,
}: {
  bars: { label: string; value: number }[];
  unit: (v: number) => string;
}) {
  if (bars.length === 0) return <p class="card muted">Nothing to chart yet: no day has 5 buyers or more.</p>;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const width = Math.max(320, bars.length * 36);
  const height = 180;
  const bw = 36; // one slot per bar: a single day is a bar, not a wall
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height + 30}`} role="img" aria-label="Bar chart">
      {bars.map((b, i) => {
        const h = Math.round((b.value / max) * height);
        return (
          <g>
            <rect x={i * bw + 4} y={height - h} width={bw - 8} height={h} fill="#2f6f5e">
              <title>{`${b.label}: ${unit(b.value)}`}</title>
            </rect>
            <text x={i * bw + bw / 2} y={height + 16} text-anchor="middle" font-size="10" fill="#444">
              {b.label}
            </text>
            {bars.length <= 12 ? (
              <text
                x={i * bw + bw / 2}
                y={Math.max(10, height - h - 4)}
                text-anchor="middle"
                font-size="9"
                fill="#1d2321"
              >
                {unit(b.value)}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}

export const money = (cents: number, currency = 'EUR') =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).format(cents / 100);

/** A moment as staff read it, in the store's time zone: "Dec 7, 02:15 PM". */
export const staffTime = (ctx: Ctx, d: Date) =>
  new Intl.DateTimeFormat('en-US', {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: ctx.calendar.rules.timeZone,
  }).format(d);
