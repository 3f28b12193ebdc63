import type { StoredQuestion } from './schema.ts';

/** All free text of an answer (the comment first, then text questions), for the feedback analysis. */
export function textOf(questions: StoredQuestion[], answers: Record<string, string | string[] | number>, comment: string | null) {
  const parts = questions.filter((q) => q.kind === 'text').map((q) => answers[q.id]).filter((a): a is string => typeof a === 'string' && a.trim() !== '');
  if (comment) parts.unshift(comment);
  return parts.join('. ');
}
