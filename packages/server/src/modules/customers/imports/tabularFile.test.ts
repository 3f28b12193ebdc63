import { describe, expect, it } from 'vitest';
import { countCsvRecords, inspectTabular, readTabular } from './tabularFile.ts';

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
