import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { login, ME_KEY } from '../../app/session';
import { problemText, TextField } from '../../app/ui';

export function LoginPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!email.trim() || !password) {
      setError(t('auth.missingFields'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const me = await login(email.trim(), password);
      qc.setQueryData(ME_KEY, me);
    } catch (err) {
      if (isApiError(err) && err.status === 401) setError(t('auth.invalidCredentials'));
      else if (isApiError(err) && err.status === 429) setError(t('auth.throttled'));
      else setError(problemText(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login">
      <div className="login__lang"><LanguageSwitch /></div>
      <div className="login__panel">
        <div className="login__brand">
          <span className="brand__mark brand__mark--lg" aria-hidden="true">V</span>
          <div>
            <p className="login__name">{t('app.name')}</p>
            <p className="login__tagline">{t('app.tagline')}</p>
          </div>
        </div>
        <form className="card login__card" onSubmit={submit} noValidate aria-labelledby="login-title">
          <h1 id="login-title" className="login__title">{t('auth.title')}</h1>
          <p className="login__subtitle">{t('auth.subtitle')}</p>
          {error ? <div className="notice notice--error" role="alert" data-testid="login-error">{error}</div> : null}
          <TextField
            label={t('auth.email')} type="email" autoComplete="username" value={email} onChange={setEmail}
            required autoFocus testId="login-email"
          />
          <TextField
            label={t('auth.password')} type="password" autoComplete="current-password" value={password}
            onChange={setPassword} required testId="login-password"
          />
          <button type="submit" className="btn btn--primary btn--block btn--lg" disabled={busy} data-testid="login-submit">
            {busy ? t('auth.signingIn') : t('auth.submit')}
          </button>
          <p className="login__demo">{t('auth.demoHint', { email: 'demo@vefa.local', password: 'vefa-demo' })}</p>
        </form>
      </div>
      <div className="login__art" aria-hidden="true">
        <div className="login__art-inner">
          <p className="login__quote">{t('auth.artQuote')}</p>
          <p className="login__quote-sub">{t('auth.artSub')}</p>
        </div>
      </div>
    </div>
  );
}
