import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';

/** Renders a page component to a complete HTML document. Preact escapes every interpolated value. */
export function renderPage(node: VNode): string {
  return `<!doctype html>${render(node)}`;
}

/** Renders a fragment (what an htmx request swaps into a page), not a whole document. */
export function renderFragment(node: VNode): string {
  return render(node);
}
