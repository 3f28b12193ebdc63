// The analytics area's enumerations follow the contract, and each value has a name in az, tr and en.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as contract from '@vefa/contract';
import { toCsv } from './csv';
import { analyticsFormat } from './fmt';
import { createFormatter } from '../../app/format';
import {
  CHURN_BANDS, RFM_SEGMENTS, RUN_STAGES, RUN_STATUSES, TIME_UNITS, TRANSACTION_ERROR_CODES, TRANSACTION_FIELDS, TREND_PERIODS,
} from './types';

const here = dirname(fileURLToPath(import.meta.url));
type Tree = { [k: string]: string | Tree };
const load = (lang: string) => JSON.parse(readFileSync(join(here, 'locales', `${lang}.json`), 'utf8')) as Tree;
const get = (tree: Tree, key: string): unknown => key.split('.').reduce<unknown>((n, k) => (n && typeof n === 'object' ? (n as Tree)[k] : undefined), tree);

describe('analytics enumerations', () => {
  it('equal the contract', () => {
    expect([...RFM_SEGMENTS]).toEqual(contract.RfmSegmentName.options);
    expect([...CHURN_BANDS]).toEqual(contract.ChurnRiskBandName.options);
    expect([...TIME_UNITS]).toEqual(contract.AnalyticsTimeUnit.options);
    expect([...TREND_PERIODS]).toEqual(contract.TrendsQuery.shape.period.unwrap().options);
    expect([...RUN_STATUSES]).toEqual(contract.AnalyticsRun.shape.status.options);
    expect([...TRANSACTION_FIELDS].sort()).toEqual(Object.keys(contract.TransactionColumns.shape).sort());
  });

  it('are named in every language', () => {
    const families: [string, readonly string[]][] = [
      ['analytics.segment', RFM_SEGMENTS], ['analytics.segmentHelp', RFM_SEGMENTS], ['analytics.churn', CHURN_BANDS],
      ['analytics.churnRisk', CHURN_BANDS], ['analytics.unit', TIME_UNITS], ['analytics.unitPlural', TIME_UNITS],
      ['analytics.trends.by', TREND_PERIODS], ['analytics.stage', RUN_STAGES], ['analytics.runStatus', RUN_STATUSES],
      ['analytics.import.field', TRANSACTION_FIELDS], ['analytics.importError', TRANSACTION_ERROR_CODES],
      ['analytics.import.format', contract.TransactionFile.shape.format.options],
      ['analytics.trigger', contract.AnalyticsRun.shape.trigger.options],
    ];
    const missing: string[] = [];
    for (const lang of ['az', 'tr', 'en']) {
      const tree = load(lang);
      for (const [family, values] of families) {
        for (const v of values) if (typeof get(tree, `${family}.${v}`) !== 'string') missing.push(`${lang}: ${family}.${v}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('keeps every analytics key under analytics.', () => {
    for (const lang of ['az', 'tr', 'en']) expect(typeof get(load(lang), 'analytics.nav')).toBe('string');
  });
});

describe('analytics formats', () => {
  it('writes changes with a sign and the percent where each language puts it', () => {
    expect(analyticsFormat(createFormatter('en')).change(0.1234)).toBe('+12.3%');
    expect(analyticsFormat(createFormatter('en')).change(-0.05)).toBe('−5%');
    expect(analyticsFormat(createFormatter('en')).change(null)).toBe('—');
    expect(analyticsFormat(createFormatter('tr')).change(0.1234)).toBe('+%12,3');
    expect(analyticsFormat(createFormatter('az')).change(0.1234)).toBe('+12,3%');
  });

  it('gives compact money for chart labels', () => {
    expect(analyticsFormat(createFormatter('en')).compactMoney(13811914, 'AZN')).toMatch(/^₼138\.1[kK]$/);
    expect(analyticsFormat(createFormatter('az')).compactMoney(13811914, 'AZN')).toMatch(/^138,1\s?\S+ ₼$/);
  });

  it('exports CSV with quoting and formula guarding', () => {
    expect(toCsv([['a', 'b,c', 'say "hi"'], [1, null, '=SUM(A1)'], ['-3', -3, '-x']])).toBe(
      'a,"b,c","say ""hi"""\r\n1,,\'=SUM(A1)\r\n-3,-3,\'-x\r\n',
    );
  });
});
