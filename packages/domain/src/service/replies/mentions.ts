// @mentions in internal notes: "@aysel", "@aysel.kerimova" or "@agent@firma.az".
// Returns the handles as written (lower-cased); the server resolves them to
// people by e-mail, e-mail local part or a name's first word.

const MENTION = /(^|[^\p{L}\p{N}_.@])@([\p{L}\p{N}_][\p{L}\p{N}_.-]*(?:@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)?)/gu;

export function mentionHandles(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(MENTION)) {
    const handle = (m[2] ?? '').replace(/[.-]+$/, '').toLocaleLowerCase('tr');
    if (handle && !out.includes(handle)) out.push(handle);
  }
  return out;
}

export interface MentionCandidate {
  readonly id: string;
  readonly name: string;
  readonly email: string;
}

/** People a handle names: a full e-mail, an e-mail's local part, or a first name when only one person has it. */
export function resolveMentions(handles: readonly string[], people: readonly MentionCandidate[]): MentionCandidate[] {
  const lower = (s: string): string => s.toLocaleLowerCase('tr');
  const found: MentionCandidate[] = [];
  for (const h of handles) {
    const byEmail = people.filter((p) => lower(p.email) === h || lower(p.email.split('@')[0] ?? '') === h);
    const byName = byEmail.length > 0 ? byEmail : people.filter((p) => lower(p.name.split(/\s+/)[0] ?? '') === h || lower(p.name).replace(/\s+/g, '.') === h);
    if (byName.length === 1 && byName[0] && !found.includes(byName[0])) found.push(byName[0]);
  }
  return found;
}
