/**
 * Product illustrations drawn as SVG from a product's motif and hue, so the demo needs no image
 * files and no external URL. Deterministic: the same product always gets the same picture.
 */
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function shape(motif: string, h: number): string {
  const fill = `hsl(${h} 55% 52%)`;
  const dark = `hsl(${h} 45% 32%)`;
  const light = `hsl(${h} 70% 88%)`;
  switch (motif) {
    case 'pump':
      return `<rect x="125" y="120" width="70" height="150" rx="18" fill="${fill}"/><rect x="148" y="80" width="24" height="42" fill="${dark}"/><rect x="148" y="72" width="52" height="12" rx="4" fill="${dark}"/><rect x="140" y="170" width="40" height="50" rx="4" fill="${light}"/>`;
    case 'bottle':
      return `<rect x="115" y="110" width="90" height="160" rx="24" fill="${fill}"/><rect x="140" y="72" width="40" height="42" rx="6" fill="${dark}"/><rect x="132" y="170" width="56" height="56" rx="6" fill="${light}"/>`;
    case 'dropper':
      return `<rect x="120" y="140" width="80" height="130" rx="16" fill="${fill}"/><rect x="142" y="104" width="36" height="40" rx="5" fill="${dark}"/><ellipse cx="160" cy="92" rx="16" ry="20" fill="${dark}"/><rect x="134" y="190" width="52" height="44" rx="5" fill="${light}"/>`;
    case 'jar':
      return `<rect x="95" y="150" width="130" height="110" rx="22" fill="${fill}"/><rect x="90" y="126" width="140" height="34" rx="10" fill="${dark}"/><rect x="120" y="186" width="80" height="40" rx="6" fill="${light}"/>`;
    case 'tube':
      return `<path d="M120 90 h80 l-8 170 h-64 z" fill="${fill}"/><rect x="138" y="260" width="44" height="22" rx="5" fill="${dark}"/><rect x="136" y="140" width="48" height="60" rx="5" fill="${light}"/>`;
    case 'stick':
      return `<rect x="135" y="130" width="50" height="130" rx="10" fill="${fill}"/><rect x="140" y="90" width="40" height="44" rx="18" fill="${dark}"/>`;
    case 'flacon':
      return `<rect x="105" y="130" width="110" height="140" rx="14" fill="${fill}"/><rect x="140" y="98" width="40" height="34" fill="${light}"/><rect x="130" y="70" width="60" height="32" rx="6" fill="${dark}"/><rect x="125" y="180" width="70" height="38" rx="3" fill="${light}"/>`;
    case 'vial':
      return `<rect x="110" y="110" width="28" height="150" rx="12" fill="${fill}"/><rect x="146" y="96" width="28" height="164" rx="12" fill="${dark}"/><rect x="182" y="110" width="28" height="150" rx="12" fill="${fill}"/>`;
    case 'box':
      return `<rect x="80" y="130" width="160" height="130" rx="8" fill="${fill}"/><rect x="150" y="130" width="20" height="130" fill="${light}"/><rect x="80" y="180" width="160" height="18" fill="${light}"/><path d="M160 130 c-30 -40 -60 -10 -30 0 M160 130 c30 -40 60 -10 30 0" stroke="${dark}" stroke-width="10" fill="none"/>`;
    case 'runner':
      return `<rect x="120" y="40" width="80" height="240" rx="6" fill="${fill}"/><rect x="132" y="52" width="56" height="216" fill="none" stroke="${light}" stroke-width="6"/>`;
    case 'mat':
      return `<rect x="60" y="110" width="200" height="120" rx="14" fill="${fill}"/><rect x="76" y="126" width="168" height="88" rx="8" fill="none" stroke="${light}" stroke-width="6"/><path d="M90 170 h140" stroke="${dark}" stroke-width="10" stroke-dasharray="14 10"/>`;
    case 'play':
      return `<rect x="60" y="80" width="200" height="170" rx="10" fill="${light}"/><path d="M90 230 a70 70 0 0 1 140 0" stroke="${fill}" stroke-width="18" fill="none"/><path d="M115 230 a45 45 0 0 1 90 0" stroke="${dark}" stroke-width="18" fill="none"/>`;
    case 'round':
      return `<circle cx="160" cy="160" r="110" fill="${fill}"/><circle cx="160" cy="160" r="80" fill="none" stroke="${light}" stroke-width="8"/>`;
    default: // rug
      return `<rect x="55" y="70" width="210" height="180" rx="6" fill="${fill}"/><rect x="70" y="85" width="180" height="150" fill="none" stroke="${light}" stroke-width="6"/><path d="M55 70 v-12 M75 70 v-12 M95 70 v-12 M115 70 v-12 M135 70 v-12 M155 70 v-12 M175 70 v-12 M195 70 v-12 M215 70 v-12 M235 70 v-12 M255 70 v-12 M55 250 v12 M75 250 v12 M95 250 v12 M115 250 v12 M135 250 v12 M155 250 v12 M175 250 v12 M195 250 v12 M215 250 v12 M235 250 v12 M255 250 v12" stroke="${fill}" stroke-width="4"/>`;
  }
}

/** A small deterministic number from a product's name (FNV-1a), to vary its artwork. */
function seedOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * The pattern woven into a rug, or printed on a label: one of several, chosen by the product's
 * name, so products of one category no longer share one picture. Drawn inside a 100×100 box.
 */
/** A pattern the product's name asks for ("Striped …" → stripes), else one chosen by the seed. */
function patternIndex(name: string, seed: number): number {
  const n = name.toLowerCase();
  const named: [RegExp, number][] = [
    [/diamond|kilim|trellis|lattice/, 0],
    [/strip|pinstripe|ticking/, 1],
    [/chevron|zigzag|herringbone/, 2],
    [/medallion|circle|round|sun|ring/, 3],
    [/check|plaid|gingham|tartan|grid|tile/, 4],
    [/wave|ombre|ripple|sea|ocean/, 5],
  ];
  return named.find(([re]) => re.test(n))?.[1] ?? seed % 6;
}

function pattern(seed: number, h: number, which: number = seed % 6): string {
  const dark = `hsl(${h} 45% 30%)`;
  const light = `hsl(${h} 70% 88%)`;
  const accent = `hsl(${(h + 40 + (seed % 5) * 30) % 360} 60% 55%)`;
  switch (which) {
    case 0: // diamond
      return `<path d="M50 8 l38 42 l-38 42 l-38 -42 z" fill="${dark}"/><path d="M50 30 l18 20 l-18 20 l-18 -20 z" fill="${light}"/>`;
    case 1: // stripes
      return [10, 30, 50, 70, 90]
        .map((y, i) => `<rect x="4" y="${y - 6}" width="92" height="10" fill="${i % 2 ? accent : dark}"/>`)
        .join('');
    case 2: // chevrons
      return (
        [20, 45, 70]
          .map((y) => `<path d="M6 ${y + 12} l44 -18 l44 18" stroke="${dark}" stroke-width="8" fill="none"/>`)
          .join('') + `<circle cx="50" cy="90" r="5" fill="${accent}"/>`
      );
    case 3: // medallion
      return `<circle cx="50" cy="50" r="40" fill="${dark}"/><circle cx="50" cy="50" r="27" fill="${accent}"/><circle cx="50" cy="50" r="12" fill="${light}"/>`;
    case 4: // checks
      return [0, 1, 2, 3]
        .flatMap((r) =>
          [0, 1, 2, 3].map((c) =>
            (r + c) % 2
              ? ''
              : `<rect x="${6 + c * 22}" y="${6 + r * 22}" width="22" height="22" fill="${r % 3 ? dark : accent}"/>`,
          ),
        )
        .join('');
    default: // waves
      return [18, 42, 66, 90]
        .map(
          (y, i) =>
            `<path d="M4 ${y} q12 -14 23 0 t23 0 t23 0 t23 0" stroke="${i % 2 ? accent : dark}" stroke-width="7" fill="none"/>`,
        )
        .join('');
  }
}

/** Where a motif's pattern goes (x, y, size) in the 320×320 picture. */
const PATTERN_BOX: Record<string, [number, number, number]> = {
  rug: [95, 95, 130],
  mat: [110, 130, 100],
  play: [120, 95, 80],
  round: [110, 110, 100],
  runner: [130, 70, 60],
  bottle: [138, 176, 44],
  pump: [143, 175, 34],
  dropper: [139, 194, 42],
  jar: [125, 188, 70],
  tube: [140, 145, 40],
  flacon: [133, 183, 54],
  box: [92, 206, 54],
};

/** Which picture of a product: the product itself, a close-up of its pattern, or seen from an angle. */
export type ProductView = 'front' | 'detail' | 'angle';
/** The views a product page shows, with their descriptions (alt text). */
export const PRODUCT_VIEWS: { view: ProductView; label: string }[] = [
  { view: 'front', label: 'from the front' },
  { view: 'detail', label: 'close-up of the pattern' },
  { view: 'angle', label: 'from an angle' },
];

/** The SVG of one product picture: distinct per product (pattern by name), in one of three views. */
export function productSvg(name: string, motif: string, hue: number, view: ProductView = 'front'): string {
  const bg1 = `hsl(${(hue + 30) % 360} 60% 95%)`;
  const bg2 = `hsl(${(hue + 330) % 360} 55% 85%)`;
  const seed = seedOf(name);
  const [px, py, size] = PATTERN_BOX[motif] ?? [0, 0, 0];
  const which = patternIndex(name, seed);
  const woven = size
    ? `<g transform="translate(${px} ${py}) scale(${size / 100})">${pattern(seed, hue, which)}</g>`
    : '';
  const object = `${shape(motif, hue)}${woven}`;
  const frame = (body: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 320" role="img" aria-label="${esc(name)}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${bg1}"/><stop offset="1" stop-color="${bg2}"/></linearGradient></defs><rect width="320" height="320" fill="url(#g)"/>${body}</svg>`;
  if (view === 'detail') {
    // The pattern (or label) filling the frame, as a close-up photograph would show it.
    return frame(`<g transform="translate(10 10) scale(3)">${pattern(seed, hue, which)}</g>`);
  }
  if (view === 'angle') {
    // The same object foreshortened, as if lying on the floor (rugs) or turned on a shelf.
    const flat = ['rug', 'mat', 'play', 'round', 'runner'].includes(motif);
    const transform = flat ? 'matrix(0.9 0 -0.45 0.55 95 95)' : 'matrix(0.82 0.12 0 0.9 20 8)';
    return frame(
      `<ellipse cx="160" cy="${flat ? 250 : 288}" rx="${flat ? 130 : 90}" ry="${flat ? 26 : 10}" fill="hsl(${hue} 30% 60% / 0.35)"/><g transform="${transform}">${object}</g>`,
    );
  }
  return frame(`<ellipse cx="160" cy="285" rx="100" ry="12" fill="hsl(${hue} 30% 70% / 0.45)"/>${object}`);
}

/** A small icon in the store's accent colour. */
export function faviconSvg(accent: string, letter: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="${accent}"/><text x="16" y="22" font-family="sans-serif" font-size="18" font-weight="700" fill="#fff" text-anchor="middle">${esc(letter)}</text></svg>`;
}
