// @ts-check
// Local lint rules for Pledge's modular monolith (see ARCHITECTURE.md, "The folder is the API").
import path from 'node:path';

const SRC = path.resolve(import.meta.dirname, '..', 'src');
const MODULES = path.join(SRC, 'modules');

/** The module folder a file lies in (`cart` for src/modules/cart/…), or undefined. */
function moduleOf(file) {
  const rel = path.relative(MODULES, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep)[0];
}

/** Every import-like node with a literal source: import, export … from, import(). */
function sources(context, check) {
  const visit = (node) => {
    if (node.source && node.source.type === 'Literal' && typeof node.source.value === 'string')
      check(node, node.source.value);
  };
  return {
    ImportDeclaration: visit,
    ExportNamedDeclaration: visit,
    ExportAllDeclaration: visit,
    ImportExpression: visit,
  };
}

/** A relative path may not leave the module it is written in for another module's files. */
const noRelativeCrossModule = {
  meta: {
    type: 'problem',
    docs: { description: "Relative imports may not reach into another module's folder." },
    schema: [],
    messages: {
      cross: "'{{source}}' reaches into module '{{target}}': import it through '#modules/{{target}}'.",
    },
  },
  create(context) {
    const file = context.filename;
    const own = moduleOf(file);
    return sources(context, (node, source) => {
      if (!source.startsWith('.')) return;
      const target = moduleOf(path.resolve(path.dirname(file), source));
      if (target !== undefined && target !== own)
        context.report({ node: node.source, messageId: 'cross', data: { source, target } });
    });
  },
};

/** SQL lives in repositories: Drizzle only in *.repository.ts, *.schema.ts and src/db/. */
const drizzleOnlyInRepositories = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Drizzle and hand-written statements (SQL) only in repositories, schemas and src/db.',
    },
    schema: [],
    messages: {
      outside:
        "'{{source}}' is imported outside a repository: SQL belongs in a *.repository.ts (or a *.schema.ts, or src/db/).",
    },
  },
  create(context) {
    const file = context.filename;
    const allowed =
      /\.(repository|schema)\.ts$/.test(file) || !path.relative(path.join(SRC, 'db'), file).startsWith('..');
    if (allowed) return {};
    return sources(context, (node, source) => {
      if (source === 'drizzle-orm' || source.startsWith('drizzle-orm/') || source === '#db/statement.ts')
        context.report({ node: node.source, messageId: 'outside', data: { source } });
    });
  },
};

export default {
  meta: { name: 'pledge' },
  rules: {
    'no-relative-cross-module': noRelativeCrossModule,
    'drizzle-only-in-repositories': drizzleOnlyInRepositories,
  },
};
