import { createHmac, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { CaseTokenSigner } from '@vefa/domain';
import type { Queryable } from '../../../platform/db/database.ts';
import { mailSettings } from './schema.ts';

const hmac = (key: string, data: string) => createHmac('sha256', key).update(data).digest('hex');

// A workspace's secret never changes once made, so one read per process is enough.
const signers = new Map<string, CaseTokenSigner>();

/** The signer of a workspace's case tokens; the secret is made on first use and kept in the database. */
export async function caseTokenSigner(db: Queryable, workspaceId: string): Promise<CaseTokenSigner> {
  const cached = signers.get(workspaceId);
  if (cached) return cached;
  await db.insert(mailSettings).values({ workspaceId, tokenSecret: randomBytes(32).toString('base64url') }).onConflictDoNothing();
  const [row] = await db.select({ secret: mailSettings.tokenSecret }).from(mailSettings).where(eq(mailSettings.workspaceId, workspaceId));
  if (!row) throw new Error('mail settings row missing after insert');
  const signer = { secret: row.secret, hmac };
  signers.set(workspaceId, signer);
  return signer;
}
