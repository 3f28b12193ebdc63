// Subject normalisation: reply and forward prefixes in the languages our
// customers' mail clients speak (Re, Fwd, Fw; German AW/WG; Nordic SV/VS;
// Turkish Ynt/Cvp/İlt; Azerbaijani Cav), repeated or numbered ("Re[2]:").
import { matchingForm } from '../classifier/textNormalisation.ts';

const PREFIX = /^\s*(?:re|fwd?|aw|wg|sv|vs|antw|rv|ynt|cvp|ilt|İlt|cav|ответ|отв)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*/iu;
const CASE_HOOK = /\[\s*[A-Za-z][A-Za-z0-9]{0,9}-\d{4}-\d{6,15}(?:#[a-z0-9]+)?\s*\]\s*/g;

/** "RE: Fwd: Ynt: [VF-2026-000123] Kart" → "Kart": the subject a person would recognise. */
export function normaliseSubject(subject: string): string {
  let s = subject.replace(CASE_HOOK, ' ').replace(/\s+/g, ' ').trim();
  for (;;) {
    const next = s.replace(PREFIX, '').replace(CASE_HOOK, ' ').trim();
    if (next === s) return s;
    s = next;
  }
}

/** Comparison key: normalised, Turkic lower case, diacritics folded. */
export function subjectKey(subject: string): string {
  return matchingForm(normaliseSubject(subject));
}
