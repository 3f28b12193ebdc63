import { defineConfig } from 'drizzle-kit';

// `npx drizzle-kit generate --config packages/server/drizzle.config.ts` writes
// a new versioned migration after a schema.ts changes; review the SQL, commit it.
export default defineConfig({
  dialect: 'postgresql',
  schema: './packages/server/src/platform/db/tables.ts',
  out: './packages/server/migrations',
});
