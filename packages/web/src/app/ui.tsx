// Small shared building blocks: page header, form fields with errors, notices, dialogs.
import {
  createContext, useCallback, useContext, useEffect, useId, useRef, useState,
  type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { isApiError } from './api';

export function PageHeader({ title, subtitle, actions, back }: { title: ReactNode; subtitle?: ReactNode; actions?: ReactNode; back?: ReactNode }) {
  return (
    <header className="page-header">
      <div className="page-header__text">
        {back}
        <h1>{title}</h1>
        {subtitle ? <p className="page-header__subtitle">{subtitle}</p> : null}
      </div>
      {actions ? <div className="page-header__actions">{actions}</div> : null}
    </header>
  );
}

/** The words for an API error: a known code in the UI language, otherwise the server's own words. */
export function problemText(t: TFunction, error: unknown): string {
  if (isApiError(error)) {
    const p = error.problem;
    if (p.code === 'validation_failed' && p.errors?.length) {
      return p.errors.map((e) => t(`fieldError.${e.code}`, { defaultValue: e.message })).join(' ');
    }
    const fallback = p.detail ?? p.title;
    return t(`problem.${p.code}`, { defaultValue: fallback || t('problem.unknown') });
  }
  if (error instanceof Error && error.message) return error.message;
  return t('problem.unknown');
}

export function fieldErrorText(t: TFunction, err: { code: string; message: string } | string | undefined): string | undefined {
  if (!err) return undefined;
  if (typeof err === 'string') return err;
  return t(`fieldError.${err.code}`, { defaultValue: err.message });
}

export function ErrorNotice({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div className="notice notice--error" role="alert">
      <strong>{title ?? t('common.errorTitle')}</strong>
      <span>{problemText(t, error)}</span>
    </div>
  );
}

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'success' | 'warning'; children: ReactNode }) {
  return <div className={`notice notice--${kind}`} role={kind === 'warning' ? 'alert' : 'status'}>{children}</div>;
}

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}

export function EmptyState({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty__title">{title}</p>
      {children ? <div className="empty__body">{children}</div> : null}
    </div>
  );
}

interface FieldShellProps {
  id: string;
  label: ReactNode;
  error?: string | undefined;
  hint?: ReactNode;
  required?: boolean;
  className?: string;
  children: ReactNode;
}
export function FieldShell({ id, label, error, hint, required, className, children }: FieldShellProps) {
  const { t } = useTranslation();
  return (
    <div className={`field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id} className="field__label">
        {label}
        {required ? <span className="field__required" aria-hidden="true"> *</span> : null}
        {required ? <span className="visually-hidden"> ({t('common.required')})</span> : null}
      </label>
      {children}
      {hint && !error ? <p className="field__hint" id={`${id}-hint`}>{hint}</p> : null}
      {error ? <p className="field__error" id={`${id}-error`} role="alert">{error}</p> : null}
    </div>
  );
}

function describedBy(id: string, error?: string, hint?: ReactNode): string | undefined {
  if (error) return `${id}-error`;
  if (hint) return `${id}-hint`;
  return undefined;
}

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> & {
  label: ReactNode; value: string; onChange: (v: string) => void; error?: string | undefined; hint?: ReactNode; testId?: string;
};
export function TextField({ label, value, onChange, error, hint, testId, id: givenId, required, className, ...rest }: TextFieldProps) {
  const autoId = useId();
  const id = givenId ?? autoId;
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} required={required ?? false} className={className}>
      <input
        id={id} className="input" value={value} onChange={(e) => onChange(e.target.value)} required={required}
        aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} data-testid={testId} {...rest}
      />
    </FieldShell>
  );
}

type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange' | 'value'> & {
  label: ReactNode; value: string; onChange: (v: string) => void; error?: string | undefined; hint?: ReactNode; testId?: string;
};
export function TextAreaField({ label, value, onChange, error, hint, testId, id: givenId, required, className, ...rest }: TextAreaProps) {
  const autoId = useId();
  const id = givenId ?? autoId;
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} required={required ?? false} className={className}>
      <textarea
        id={id} className="input textarea" value={value} onChange={(e) => onChange(e.target.value)} required={required}
        aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} data-testid={testId} {...rest}
      />
    </FieldShell>
  );
}

type SelectFieldProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value'> & {
  label: ReactNode; value: string; onChange: (v: string) => void; error?: string | undefined; hint?: ReactNode; testId?: string;
  options: readonly { value: string; label: string }[];
};
export function SelectField({ label, value, onChange, error, hint, testId, options, id: givenId, required, className, ...rest }: SelectFieldProps) {
  const autoId = useId();
  const id = givenId ?? autoId;
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} required={required ?? false} className={className}>
      <select
        id={id} className="input select" value={value} onChange={(e) => onChange(e.target.value)} required={required}
        aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} data-testid={testId} {...rest}
      >
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </FieldShell>
  );
}

/** A switch (checkbox with role=switch) with a visible label. */
export function Switch({ checked, onChange, label, disabled, testId, describedById }: {
  checked: boolean; onChange: (v: boolean) => void; label: string; disabled?: boolean; testId?: string; describedById?: string;
}) {
  return (
    <label className={`switch${disabled ? ' switch--disabled' : ''}`}>
      <input
        type="checkbox" role="switch" checked={checked} disabled={disabled} aria-checked={checked}
        aria-describedby={describedById} onChange={(e) => onChange(e.target.checked)} data-testid={testId}
      />
      <span className="switch__track" aria-hidden="true"><span className="switch__thumb" /></span>
      <span className="visually-hidden">{label}</span>
    </label>
  );
}

// ---------------------------------------------------------------- confirm dialog

interface ConfirmOptions { title: string; body?: ReactNode; confirmLabel?: string; danger?: boolean }
type ConfirmFn = (o: ConfirmOptions) => Promise<boolean>;
const ConfirmContext = createContext<ConfirmFn | null>(null);

export function ConfirmProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const resolver = useRef<((v: boolean) => void) | null>(null);
  const [opts, setOpts] = useState<ConfirmOptions | null>(null);
  const titleId = useId();

  const confirm = useCallback<ConfirmFn>((o) => {
    setOpts(o);
    return new Promise<boolean>((resolve) => {
      resolver.current = resolve;
    });
  }, []);

  useEffect(() => {
    const d = dialogRef.current;
    if (opts && d && !d.open) {
      if (typeof d.showModal === 'function') d.showModal();
      else d.setAttribute('open', '');
    }
  }, [opts]);

  const close = (result: boolean) => {
    resolver.current?.(result);
    resolver.current = null;
    dialogRef.current?.close();
    setOpts(null);
  };

  return (
    <ConfirmContext.Provider value={confirm}>
      {children}
      <dialog ref={dialogRef} className="dialog" aria-labelledby={titleId} onCancel={(e) => { e.preventDefault(); close(false); }}>
        {opts ? (
          <form method="dialog" className="dialog__body" onSubmit={(e) => { e.preventDefault(); close(true); }}>
            <h2 id={titleId} className="dialog__title">{opts.title}</h2>
            {opts.body ? <div className="dialog__text">{opts.body}</div> : null}
            <div className="dialog__actions">
              <button type="button" className="btn btn--ghost" onClick={() => close(false)}>{t('common.cancel')}</button>
              <button type="submit" className={`btn ${opts.danger ? 'btn--danger' : 'btn--primary'}`} autoFocus data-testid="confirm-ok">
                {opts.confirmLabel ?? t('common.confirm')}
              </button>
            </div>
          </form>
        ) : null}
      </dialog>
    </ConfirmContext.Provider>
  );
}

export function useConfirm(): ConfirmFn {
  const c = useContext(ConfirmContext);
  if (!c) throw new Error('useConfirm outside ConfirmProvider');
  return c;
}

// ---------------------------------------------------------------- toasts

interface Toast { id: number; text: string; kind: 'success' | 'error' }
const ToastContext = createContext<((text: string, kind?: Toast['kind']) => void) | null>(null);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const push = useCallback((text: string, kind: Toast['kind'] = 'success') => {
    const id = next.current++;
    setToasts((ts) => [...ts, { id, text, kind }]);
    setTimeout(() => setToasts((ts) => ts.filter((x) => x.id !== id)), 4000);
  }, []);
  return (
    <ToastContext.Provider value={push}>
      {children}
      <div className="toasts" aria-live="polite" role="status">
        {toasts.map((x) => <div key={x.id} className={`toast toast--${x.kind}`}>{x.text}</div>)}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast() {
  const c = useContext(ToastContext);
  if (!c) throw new Error('useToast outside ToastProvider');
  return c;
}

/** A value that follows its input after a pause (search boxes). */
export function useDebounced<T>(value: T, ms = 250): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

export function Badge({ children, tone = 'neutral' }: { children: ReactNode; tone?: 'neutral' | 'success' | 'warning' | 'danger' | 'info' | 'accent' }) {
  return <span className={`badge badge--${tone}`}>{children}</span>;
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const a = parts[0]?.[0] ?? '';
  const b = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (a + b).toLocaleUpperCase();
}

export function Avatar({ name, size = 'md' }: { name: string; size?: 'sm' | 'md' | 'lg' }) {
  return <span className={`avatar avatar--${size}`} aria-hidden="true">{initials(name)}</span>;
}
