// Pieces the settings forms share: comma lists, checkbox groups, a section frame with its list and form.
import type { ReactNode } from 'react';
import { useId } from 'react';

export const splitList = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);
export const joinList = (a: readonly string[] | undefined) => (a ?? []).join(', ');

/** Several checkboxes for the values of one enumeration. */
export function CheckGroup<T extends string>({ legend, values, selected, onChange, labelOf, testId }: {
  legend: string; values: readonly T[]; selected: readonly T[]; onChange: (v: T[]) => void; labelOf: (v: T) => string; testId?: string;
}) {
  return (
    <fieldset className="check-group" data-testid={testId}>
      <legend className="field__label">{legend}</legend>
      <div className="check-grid">
        {values.map((v) => (
          <label key={v} className="check">
            <input type="checkbox" checked={selected.includes(v)} onChange={(e) => onChange(e.target.checked ? [...selected, v] : selected.filter((x) => x !== v))} />
            <span>{labelOf(v)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function Check({ label, checked, onChange, testId }: { label: string; checked: boolean; onChange: (v: boolean) => void; testId?: string }) {
  const id = useId();
  return (
    <label className="check" htmlFor={id}>
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />
      <span>{label}</span>
    </label>
  );
}

export function Section({ title, intro, actions, children, testId }: { title: string; intro?: string; actions?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <section className="card settings-section" data-testid={testId}>
      <div className="card__head">
        <h2 className="card__title">{title}</h2>
        {actions}
      </div>
      {intro ? <p className="muted settings-section__intro">{intro}</p> : null}
      {children}
    </section>
  );
}
