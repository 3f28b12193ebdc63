import { z } from 'zod';
import { IsoDateTime, Uuid } from '../platform/common.ts';

export const ImportFile = z.object({
  id: Uuid, fileName: z.string(), format: z.enum(['csv', 'xlsx']), rowCount: z.number().int(),
  columns: z.array(z.string()), preview: z.array(z.record(z.string(), z.string())),
  suggestedMapping: z.record(z.string(), z.string()),
});

export const ImportMapping = z.record(z.string(), z.string()).describe('Column header → field (external_id, email, custom:<key>, ...)');

export const ImportStart = z.strictObject({
  fileId: Uuid,
  mapping: ImportMapping,
  dryRun: z.boolean().default(false),
  matchBy: z.enum(['external_id', 'email']).default('external_id'),
  saveMappingAs: z.string().trim().min(1).max(80).optional(),
});

export const ImportLineError = z.object({
  line: z.number().int().describe('Line in the file, header is line 1'),
  column: z.string(), value: z.string(), code: z.string(), expected: z.string(),
});

export const ImportRun = z.object({
  id: Uuid, fileName: z.string(), status: z.enum(['queued', 'running', 'done', 'failed']),
  dryRun: z.boolean(), total: z.number().int(), processed: z.number().int(),
  inserted: z.number().int(), updated: z.number().int(), failed: z.number().int(),
  errors: z.array(ImportLineError), createdAt: IsoDateTime, finishedAt: IsoDateTime.nullable(),
});
export type ImportRun = z.infer<typeof ImportRun>;

export const SavedMapping = z.object({ id: Uuid, name: z.string(), mapping: ImportMapping, createdAt: IsoDateTime });
