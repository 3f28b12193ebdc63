import { ProblemError } from './problem.ts';

/** Cursors are opaque to clients: base64url JSON of the last row's sort key. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined, isShape: (v: unknown) => v is T): T | null {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (isShape(value)) return value;
  } catch {
    // fall through to the error below
  }
  throw new ProblemError(422, 'validation_failed', 'The cursor is not one this API gave out', [
    { field: 'query.cursor', code: 'invalid_cursor', message: 'pass nextCursor from a previous page unchanged' },
  ]);
}
