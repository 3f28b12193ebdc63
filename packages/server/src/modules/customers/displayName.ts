import { foldForSearch, nameSearchKey } from '@vefa/domain';

interface NameParts {
  kind: string;
  firstName?: string | null;
  lastName?: string | null;
  companyName?: string | null;
  email?: string | null;
  phone?: string | null;
}

/** What lists show: the person's name, the company's name, or the contact detail we have. */
export function displayNameOf(parts: NameParts): string {
  if (parts.kind === 'company' && parts.companyName) return parts.companyName;
  const name = [parts.firstName, parts.lastName].filter(Boolean).join(' ');
  return name || parts.companyName || parts.email || parts.phone || '—';
}

/** nameSearchKey of the display name (displayName.test.ts holds the two equal). */
export function nameKeyOf(parts: NameParts): string {
  const name = displayNameOf(parts);
  const folded = foldWords(name);
  if (!/[əƏ]/.test(name)) return folded;
  return `${folded} ${foldWords(name.replace(/ə/g, 'a').replace(/Ə/g, 'A'))}`;
}

/**
 * foldForSearch word by word, remembering each word: an import of a million
 * customers folds a few thousand distinct first and last names, and folding
 * every name afresh cost more than writing the row.
 */
const foldedWords = new Map<string, string>();
const MAX_REMEMBERED_WORDS = 50_000;

function foldWords(name: string): string {
  let out = '';
  for (const word of name.split(/\s+/)) {
    let folded = foldedWords.get(word);
    if (folded === undefined) {
      if (foldedWords.size >= MAX_REMEMBERED_WORDS) foldedWords.clear();
      folded = foldForSearch(word);
      foldedWords.set(word, folded);
    }
    if (folded !== '') out = out === '' ? folded : `${out} ${folded}`;
  }
  return out;
}

/** For tests: the key as the domain defines it, without the word memory. */
export const definedNameKeyOf = (parts: NameParts) => nameSearchKey(displayNameOf(parts));
