import { defineConfig } from 'drizzle-kit';

// drizzle-kit reads every module's tables from its *.schema.ts file; the generated SQL lives in
// src/db/migrations and is committed. Generating needs no database connection.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/modules/**/*.schema.ts',
  out: './src/db/migrations',
  casing: 'snake_case',
});
