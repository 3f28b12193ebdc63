/**
 * Coupon and referral codes: Crockford base32 (no I, L, O, U, so nothing reads as
 * something else), random symbols from an injected byte source, and a final Luhn mod 32
 * check symbol that catches every single mistyped symbol and most swapped neighbours
 * before a database lookup. 12 random symbols give 60 bits: guessing one valid code
 * among a million issued takes ~10^12 tries.
 */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export type RandomBytes = (n: number) => Uint8Array;

const BASE = CODE_ALPHABET.length; // 32: a byte's low 5 bits map to a symbol without bias.

function valueOf(symbol: string): number {
  return CODE_ALPHABET.indexOf(symbol);
}

/** Luhn mod N over the code's symbols: the symbol that makes the whole code check out. */
export function checkSymbol(body: string): string {
  let sum = 0;
  let factor = 2;
  for (let i = body.length - 1; i >= 0; i--) {
    const v = valueOf(body.charAt(i));
    if (v < 0) throw new RangeError(`"${body.charAt(i)}" is not a code symbol`);
    const addend = factor * v;
    sum += Math.floor(addend / BASE) + (addend % BASE);
    factor = factor === 2 ? 1 : 2;
  }
  return CODE_ALPHABET.charAt((BASE - (sum % BASE)) % BASE);
}

/**
 * What a person typed, as the canonical code: upper case, without spaces and dashes,
 * and the look-alikes mapped (O → 0, I and L → 1), prefix included.
 */
export function normaliseCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export interface CodeOptions {
  readonly randomBytes: RandomBytes;
  /** Random symbols before the check symbol; at least 8. Default 12. */
  readonly length?: number;
  /** Letters/digits from the alphabet, e.g. "SPRING"; part of the checked code. */
  readonly prefix?: string;
}

export function generateCode(opts: CodeOptions): string {
  const length = opts.length ?? 12;
  if (!Number.isInteger(length) || length < 8 || length > 64) throw new RangeError('code length must be 8–64');
  const prefix = normaliseCode(opts.prefix ?? '');
  for (const ch of prefix) if (valueOf(ch) < 0) throw new RangeError(`prefix symbol "${ch}" is not in the code alphabet`);
  const bytes = opts.randomBytes(length);
  if (bytes.length < length) throw new RangeError('randomBytes returned too few bytes');
  let body = prefix;
  for (let i = 0; i < length; i++) body += CODE_ALPHABET.charAt((bytes[i] ?? 0) & 31);
  return body + checkSymbol(body);
}

/** Bulk generation of unique codes (a duplicate draw is simply drawn again). */
export function generateCodes(count: number, opts: CodeOptions): string[] {
  const codes = new Set<string>();
  let attempts = 0;
  while (codes.size < count) {
    if (++attempts > count * 2 + 100) throw new RangeError('too many duplicate codes: make them longer');
    codes.add(generateCode(opts));
  }
  return [...codes];
}

/** Check symbol and alphabet test, done before any lookup. Expects a normalised code. */
export function isWellFormedCode(code: string, minLength = 9): boolean {
  if (code.length < minLength) return false;
  for (const ch of code) if (valueOf(ch) < 0) return false;
  return checkSymbol(code.slice(0, -1)) === code.slice(-1);
}

/** Groups of four for printing and reading aloud: ABCD-EFGH-JKMN-P. */
export function formatCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1-');
}
