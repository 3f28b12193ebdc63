import { describe, expect, it } from 'vitest';
import { countCsvRecords, inspectTabular, parsedCsvRows, plainLineBreak, readTabular } from './tabularFile.ts';

async function parsedRows(text: string) {
  let rows = 0;
  for await (const _row of readTabular(new TextEncoder().encode(text), 'csv')) rows++;
  return rows;
}

describe('countCsvRecords', () => {
  const files = [
    'a,b\n1,2\n3,4\n',
    'a,b\r\n1,2\r\n3,4',
    'a,b\n"line\nbreak",2\n\n3,"x,""y"""\n\n',
    'a;b\r1;2\r3;4\r',
    'a,b\n',
  ];
  it.each(files)('counts what the parser reads: %j', async (text) => {
    expect(countCsvRecords(text)).toBe(await parsedRows(text));
  });

  it('sizes the progress bar without reading every row', async () => {
    const text = ['id,name', ...Array.from({ length: 12 }, (_, i) => `${i},Ad ${i}`)].join('\n');
    const inspected = await inspectTabular(new TextEncoder().encode(text), 'csv');
    expect(inspected.rowCount).toBe(12);
    expect(inspected.preview).toHaveLength(5);
    expect(inspected.columns).toEqual(['id', 'name']);
  });
});

async function outcome(rows: AsyncIterable<unknown>) {
  const out: unknown[] = [];
  try {
    for await (const row of rows) out.push(row);
    return out;
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

describe('the plain CSV reader', () => {
  const files = [
    'a,b\n1,"x\ny"\n2,z\n', 'a,b,c\n1\n2,3\n', 'a,b\n1,2,3\n4,5\n', 'a,a,b\n1,2,3\n', 'a,b\n\n1,2\n   \n\n3,4',
    'a,b\r\n1,2\r\n\r\n3,4\r\n', 'a,b\n"x""y",2\n"",3\n', 'a,,b\n1,2,3\n', 'a,b\n1,2,\n', ' a , b \n1,2\n', 'a,b\n',
    'a,b\r\n1,"x\r\ny"\r\n2,z\r\n', 'a,b\n1,"x\ry"\n2,z\n', 'a,b\n,\n1,2\n', '\n\na,b\n1,2\n', '"a","b c"\n"1","2"\n',
    'a,b\n""\n1,2\n', 'a,b\n1,""\n',
  ];
  it.each(files)('reads what csv-parse reads: %j', async (text) => {
    expect(plainLineBreak(text, ',')).not.toBeNull();
    expect(await outcome(readTabular(new TextEncoder().encode(text), 'csv'))).toEqual(await outcome(parsedCsvRows(text, ',')));
  });

  it('leaves odd files to csv-parse, and agrees with it on random ones', async () => {
    for (const odd of ['a,b\n1,2\r\n3,4\n', 'a,b\r1,2\r', 'a,b\nab"c,2\n', 'a,b\n"ab"c,2\n', 'a,b\n"ab,2\n']) {
      expect(plainLineBreak(odd, ',')).toBeNull();
    }
    let seed = 7;
    const random = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
    const alphabet = ['a', 'b', ',', ',', '"', '\n', '\n', '\r', ' ', 'ə'];
    let plain = 0;
    for (let n = 0; n < 2000; n++) {
      const length = 3 + Math.floor(random() * 20);
      let text = n % 2 === 0 ? 'x,y\n' : 'x,y\r\n';
      for (let k = 0; k < length; k++) text += alphabet[Math.floor(random() * alphabet.length)];
      if (plainLineBreak(text, ',')) plain++;
      expect(await outcome(readTabular(new TextEncoder().encode(text), 'csv')), JSON.stringify(text)).toEqual(await outcome(parsedCsvRows(text, ',')));
    }
    expect(plain).toBeGreaterThan(200);
  });
});
