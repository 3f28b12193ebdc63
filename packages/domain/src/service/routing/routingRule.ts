// Routing rules: conditions on an incoming case that set its department,
// priority, assignee and tags.
//
// Evaluation: rules run in their listed order (the admin's order is the
// priority). In 'first_match' mode the first matching rule decides
// everything and the rest are skipped. In 'accumulate' mode every matching
// rule contributes: a field set by an earlier rule is not overwritten by a
// later one, tags add up, and a rule with `stop: true` ends evaluation after
// itself. Within a rule, all given conditions must hold (AND); within one
// condition, any listed value may match (OR).
import { matchingWords } from '../classifier/tokenise.ts';
import { matchingForm } from '../classifier/textNormalisation.ts';
import type { CaseChannel, CasePriority } from '../workflow/case.ts';

export interface RoutingInput {
  readonly channel: CaseChannel;
  readonly mailbox?: string | null;
  readonly subject: string;
  readonly body: string;
  readonly customerTier?: string | null;
  readonly customerSegments?: readonly string[];
  readonly language?: string | null;
  readonly category?: string | null;
}

export interface RoutingConditions {
  readonly channels?: readonly CaseChannel[];
  /** Mailbox addresses, compared without case. */
  readonly mailboxes?: readonly string[];
  /**
   * Words or phrases, matched on whole words without case or diacritics
   * ("sikayet" matches "Şikayət"); a trailing * matches a prefix ("kart*"
   * matches "kartımdan"), which suits Turkish and Azerbaijani endings.
   */
  readonly anyWords?: readonly string[];
  /** Words that must all be present. */
  readonly allWords?: readonly string[];
  /** Words that must not be present. */
  readonly noneWords?: readonly string[];
  /** Where words are looked for; default both. */
  readonly wordsIn?: 'subject' | 'body' | 'both';
  readonly customerTiers?: readonly string[];
  /** Matches when the customer is in any of these segments. */
  readonly customerSegments?: readonly string[];
  readonly languages?: readonly string[];
  readonly categories?: readonly string[];
}

export interface RoutingActions {
  readonly department?: string;
  readonly priority?: CasePriority;
  readonly assigneeId?: string;
  readonly tags?: readonly string[];
}

export interface RoutingRule {
  readonly id: string;
  readonly name: string;
  readonly enabled?: boolean;
  readonly conditions: RoutingConditions;
  readonly actions: RoutingActions;
  /** In accumulate mode, stop after this rule when it matches. */
  readonly stop?: boolean;
}

export type RoutingMode = 'first_match' | 'accumulate';

export interface RoutingDecision {
  readonly department: string | null;
  readonly priority: CasePriority | null;
  readonly assigneeId: string | null;
  readonly tags: readonly string[];
  /** Ids of the rules that applied, in order: shown on the case as "why". */
  readonly matchedRuleIds: readonly string[];
}

function phraseMatches(words: readonly string[], phrase: string): boolean {
  const parts = matchingForm(phrase).split(/\s+/).filter(Boolean);
  if (parts.length === 0) return false;
  const eq = (word: string | undefined, part: string): boolean =>
    word !== undefined && (part.endsWith('*') ? word.startsWith(part.slice(0, -1)) : word === part);
  for (let i = 0; i + parts.length <= words.length; i++) {
    if (parts.every((p, j) => eq(words[i + j], p))) return true;
  }
  return false;
}

function anyOf<T>(list: readonly T[] | undefined, test: (value: T) => boolean): boolean {
  return !list || list.length === 0 || list.some(test);
}

const lower = (s: string | null | undefined): string => (s ?? '').trim().toLowerCase();

/** Words of the input, computed once per evaluation. */
function wordsOf(input: RoutingInput): Record<'subject' | 'body' | 'both', string[]> {
  const subject = matchingWords(input.subject);
  const body = matchingWords(input.body);
  // A separator keeps a phrase from spanning the subject's end and the body's start.
  return { subject, body, both: [...subject, '\u0000', ...body] };
}

export function routingRuleMatches(rule: RoutingRule, input: RoutingInput, words = wordsOf(input)): boolean {
  if (rule.enabled === false) return false;
  const c = rule.conditions;
  const w = words[c.wordsIn ?? 'both'];
  return (
    anyOf(c.channels, (ch) => ch === input.channel) &&
    anyOf(c.mailboxes, (m) => lower(m) === lower(input.mailbox)) &&
    anyOf(c.anyWords, (p) => phraseMatches(w, p)) &&
    (c.allWords ?? []).every((p) => phraseMatches(w, p)) &&
    !(c.noneWords ?? []).some((p) => phraseMatches(w, p)) &&
    anyOf(c.customerTiers, (t) => lower(t) === lower(input.customerTier)) &&
    anyOf(c.customerSegments, (s) => (input.customerSegments ?? []).some((x) => lower(x) === lower(s))) &&
    anyOf(c.languages, (l) => lower(l) === lower(input.language)) &&
    anyOf(c.categories, (k) => lower(k) === lower(input.category))
  );
}

export function evaluateRoutingRules(
  rules: readonly RoutingRule[],
  input: RoutingInput,
  mode: RoutingMode = 'first_match',
): RoutingDecision {
  const words = wordsOf(input);
  let department: string | null = null;
  let priority: CasePriority | null = null;
  let assigneeId: string | null = null;
  const tags: string[] = [];
  const matchedRuleIds: string[] = [];
  for (const rule of rules) {
    if (!routingRuleMatches(rule, input, words)) continue;
    matchedRuleIds.push(rule.id);
    const a = rule.actions;
    department ??= a.department ?? null;
    priority ??= a.priority ?? null;
    assigneeId ??= a.assigneeId ?? null;
    for (const t of a.tags ?? []) if (!tags.includes(t)) tags.push(t);
    if (mode === 'first_match' || rule.stop === true) break;
  }
  return { department, priority, assigneeId, tags, matchedRuleIds };
}
