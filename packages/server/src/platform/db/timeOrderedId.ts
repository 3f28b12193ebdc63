import { randomFillSync } from 'node:crypto';

const entropy = Buffer.alloc(16 * 512);
let offset = entropy.length;
let lastMs = 0;
let counter = 0;
const hex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A UUID version 7 (RFC 9562): 48 bits of milliseconds, a 12-bit counter, random bits.
 * Rows keyed by it land at the right-hand end of their indexes, so a million purchases
 * append to a few hot pages instead of touching random ones (far less I/O and WAL than
 * random UUIDs once the indexes outgrow memory).
 */
export function timeOrderedUuid(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else if (++counter > 0xfff) {
    lastMs += 1;
    counter = 0;
  }
  if (offset >= entropy.length) {
    randomFillSync(entropy);
    offset = 0;
  }
  const r = entropy.subarray(offset, offset + 16);
  offset += 16;
  const ms = lastMs;
  const b = [
    Math.floor(ms / 2 ** 40) & 0xff, Math.floor(ms / 2 ** 32) & 0xff, (ms >>> 24) & 0xff, (ms >>> 16) & 0xff, (ms >>> 8) & 0xff, ms & 0xff,
    0x70 | (counter >>> 8), counter & 0xff, 0x80 | ((r[8] ?? 0) & 0x3f), r[9] ?? 0, r[10] ?? 0, r[11] ?? 0, r[12] ?? 0, r[13] ?? 0, r[14] ?? 0, r[15] ?? 0,
  ].map((v) => hex[v] ?? '00');
  return `${b.slice(0, 4).join('')}-${b.slice(4, 6).join('')}-${b.slice(6, 8).join('')}-${b.slice(8, 10).join('')}-${b.slice(10).join('')}`;
}
