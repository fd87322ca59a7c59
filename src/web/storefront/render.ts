import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';

/** Renders a page component to a complete HTML document. Preact escapes every interpolated value. */
export function renderPage(node: VNode): string {
  return `<!doctype html>${render(node)}`;
}
