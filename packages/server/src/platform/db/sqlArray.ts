import { sql, type SQL } from 'drizzle-orm';

function arrayElement(v: string | null): string {
  return v === null ? 'NULL' : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A PostgreSQL array literal of the values (cast it: `${pgArray(ids)}::uuid[]`): one bind value for a whole list. */
export function pgArray(values: readonly string[]): string {
  return `{${values.map(arrayElement).join(',')}}`;
}

/**
 * A list as ONE array parameter (`= any(${anyOf(ids, 'uuid')})`): a thousand ids cost one
 * bind value, not a thousand, and the statement text stays the same for every batch size.
 */
export function anyOf(values: readonly string[], type: 'uuid' | 'text'): SQL {
  const literal = pgArray(values);
  return type === 'uuid' ? sql`any(${literal}::uuid[])` : sql`any(${literal}::text[])`;
}
