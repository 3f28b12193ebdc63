// The case classifier: when it was trained, on how many cases, its held-out macro-F1 and per-label F1; retrain.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../app/session';
import { Badge, Loading } from '../../../app/ui';
import { Kpi } from '../../analytics/parts';
import { analyticsFormat } from '../../analytics/fmt';
import { useClassifier, useTrainClassifier } from '../api';
import { ServiceError } from '../parts';
import { Section } from './form';

export function ClassifierSection() {
  const { t } = useTranslation();
  const fmt = useFormat();
  // The weekly retraining keeps a job queued, so "queued" alone does not mean a run is under way:
  // we follow a run we asked for until its trainedAt moves past the moment we asked (or five minutes).
  const [askedAt, setAskedAt] = useState<number | null>(null);
  const q = useClassifier(askedAt !== null);
  const train = useTrainClassifier();
  const s = q.data;
  const trainedAt = s?.trainedAt ? Date.parse(s.trainedAt) : 0;
  const waiting = askedAt !== null && trainedAt < askedAt;
  useEffect(() => {
    if (askedAt === null) return;
    if (!waiting) { setAskedAt(null); return; }
    const h = setTimeout(() => setAskedAt(null), Math.max(0, askedAt + 5 * 60_000 - Date.now()));
    return () => clearTimeout(h);
  }, [askedAt, waiting]);
  const start = () => train.mutate(undefined, { onSuccess: () => setAskedAt(Date.now()) });
  const af = analyticsFormat(fmt);
  const score = (v: number | null) => (v === null ? '—' : af.decimal(v, 2));
  return (
    <Section title={t('service.settings.section.classifier')} intro={t('service.classifier.intro')} testId="service-classifier"
      actions={<button type="button" className="btn btn--primary" onClick={start} disabled={train.isPending || waiting} data-testid="service-classifier-train">{t('service.classifier.train')}</button>}>
      {q.isPending ? <Loading /> : q.isError ? <ServiceError error={q.error} /> : s ? (
        <div className="stack">
          <p>
            <Badge tone={waiting ? 'info' : s.trainedAt ? 'success' : 'warning'}>
              {waiting ? t('service.classifier.status.queued') : t(`service.classifier.status.${s.status === 'queued' && s.trainedAt ? 'ready' : s.status}`)}
            </Badge>{' '}
            {s.trainedAt ? <span className="muted">{t('service.classifier.trainedAt', { date: fmt.dateTime(s.trainedAt) })}</span> : null}
          </p>
          <div className="kpis">
            <Kpi testId="service-classifier-f1" label={t('service.classifier.macroF1')} value={score(s.macroF1)} />
            <Kpi label={t('service.classifier.accuracy')} value={s.accuracy === null ? '—' : fmt.percent(s.accuracy)} />
            <Kpi label={t('service.classifier.training')} value={fmt.number(s.trainingCases)} sub={t('service.classifier.heldOut', { n: fmt.number(s.heldOutCases) })} />
          </div>
          {s.labels.length ? (
            <table className="table table--compact">
              <thead><tr><th scope="col">{t('service.field.category')}</th><th scope="col" className="num">{t('service.classifier.f1')}</th><th scope="col" className="num">{t('service.classifier.support')}</th></tr></thead>
              <tbody>{s.labels.map((l) => <tr key={l.label}><td>{l.label}</td><td className="num">{af.decimal(l.f1, 2)}</td><td className="num">{fmt.number(l.support)}</td></tr>)}</tbody>
            </table>
          ) : null}
        </div>
      ) : null}
      {train.isError ? <ServiceError error={train.error} /> : null}
    </Section>
  );
}
