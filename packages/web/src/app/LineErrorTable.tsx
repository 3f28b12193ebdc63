import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from './session';
import type { ImportLineError } from './types';

/** The words a file-import page uses for its error report, already translated by that page. */
export interface LineErrorLabels {
  title: string;
  line: string;
  column: string;
  value: string;
  expected: string;
  emptyValue: string;
}

/**
 * Every import shows bad lines the same way: line, column, the value found and
 * what was expected, a page at a time. Each import page passes its own words
 * and how to phrase an error code.
 */
export function LineErrorTable({ errors, labels, describe, testId, rowTestId }: {
  errors: ImportLineError[];
  labels: LineErrorLabels;
  describe: (error: ImportLineError) => string;
  testId: string;
  rowTestId: string;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [limit, setLimit] = useState(100);
  if (!errors.length) return null;
  return (
    <section className="stack" aria-label={labels.title}>
      <h3 className="section-title">{labels.title}</h3>
      <div className="table-wrap table-wrap--scroll">
        <table className="table table--compact" data-testid={testId}>
          <thead>
            <tr>
              <th scope="col" className="num">{labels.line}</th>
              <th scope="col">{labels.column}</th>
              <th scope="col">{labels.value}</th>
              <th scope="col">{labels.expected}</th>
            </tr>
          </thead>
          <tbody>
            {errors.slice(0, limit).map((e, i) => (
              <tr key={`${e.line}:${e.column}:${i}`} data-testid={rowTestId}>
                <td className="num">{fmt.number(e.line)}</td>
                <td className="mono">{e.column}</td>
                <td className="mono truncate">{e.value === '' ? <span className="muted">{labels.emptyValue}</span> : e.value}</td>
                <td>{describe(e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {errors.length > limit ? (
        <button type="button" className="btn btn--ghost" onClick={() => setLimit((l) => l + 200)}>{t('common.showMore')}</button>
      ) : null}
    </section>
  );
}
