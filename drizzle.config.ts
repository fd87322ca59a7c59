import { defineConfig } from 'drizzle-kit';

// drizzle-kit reads every module's tables from its *.schema.ts file (and the platform's own, in
// src/db/platform.schema.ts); the generated SQL lives in
// src/db/migrations and is committed. Generating needs no database connection.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/modules/**/*.schema.ts', './src/db/*.schema.ts'],
  out: './src/db/migrations',
  casing: 'snake_case',
});
