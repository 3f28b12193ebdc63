// Market and competitors: segments with size and potential, competitors with SWOT and our win rate against each, referrals.
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/session';
import { Badge, ErrorNotice, Loading } from '../../app/ui';
import { useCompetitors, useReferrals, useSegments } from './api';
import { Money } from './parts';

export function MarketPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const competitors = useCompetitors();
  const segments = useSegments();
  const referrals = useReferrals();
  return (
    <div className="stack" data-testid="market">
      <section className="card card--flush" aria-labelledby="segments-title">
        <div className="card__head card__pad"><h2 id="segments-title" className="card__title">{t('accounts.market.segments')}</h2></div>
        {segments.isPending ? <Loading /> : segments.isError ? <ErrorNotice error={segments.error} /> : (
          <table className="table table--compact">
            <thead><tr><th scope="col">{t('accounts.market.segment')}</th><th scope="col" className="num">{t('accounts.market.size')}</th><th scope="col" className="num">{t('accounts.market.potential')}</th><th scope="col" className="num">{t('accounts.market.accounts')}</th><th scope="col" className="num">{t('accounts.col.pipeline')}</th></tr></thead>
            <tbody>
              {segments.data.items.map((s) => (
                <tr key={s.id}><td>{s.name}</td><td className="num">{s.sizeCompanies === null ? '—' : fmt.number(s.sizeCompanies)}</td><td className="num"><Money value={s.potential} /></td><td className="num">{fmt.number(s.accounts)}</td><td className="num">{fmt.money(s.pipelineMinor, s.potential.currency)}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="competitors-title">
        <h2 id="competitors-title" className="section-title">{t('accounts.market.competitors')}</h2>
        {competitors.isPending ? <Loading /> : competitors.isError ? <ErrorNotice error={competitors.error} /> : (
          <div className="kam-cards">
            {competitors.data.items.map((c) => (
              <article key={c.id} className="card" data-testid="competitor">
                <h3 className="card__title">{c.name} <Badge tone="neutral">{t(`accounts.pricePosition.${c.pricePosition}`)}</Badge></h3>
                <p className="small">{t('accounts.market.record', { won: c.dealsWon, lost: c.dealsLost, lostTo: c.lostTo })} · {t('accounts.market.winRate')}: <strong>{c.winRate === null ? '—' : fmt.percent(c.winRate)}</strong></p>
                <dl className="kam-swot">
                  <div><dt>{t('accounts.swot.strengths')}</dt><dd>{c.strengths.join('; ') || '—'}</dd></div>
                  <div><dt>{t('accounts.swot.weaknesses')}</dt><dd>{c.weaknesses.join('; ') || '—'}</dd></div>
                  <div><dt>{t('accounts.swot.opportunities')}</dt><dd>{c.opportunities.join('; ') || '—'}</dd></div>
                  <div><dt>{t('accounts.swot.threats')}</dt><dd>{c.threats.join('; ') || '—'}</dd></div>
                </dl>
              </article>
            ))}
          </div>
        )}
      </section>
      <section className="card card--flush" aria-labelledby="referrals-title">
        <div className="card__head card__pad"><h2 id="referrals-title" className="card__title">{t('accounts.market.referrals')}</h2></div>
        {referrals.isPending ? <Loading /> : referrals.isError ? <ErrorNotice error={referrals.error} /> : (
          <table className="table table--compact">
            <thead><tr><th scope="col">{t('accounts.market.referrer')}</th><th scope="col">{t('accounts.market.prospect')}</th><th scope="col">{t('accounts.market.status')}</th><th scope="col" className="num">{t('accounts.market.reward')}</th></tr></thead>
            <tbody>
              {referrals.data.items.map((r) => (
                <tr key={r.id}>
                  <td>{r.referrerName}</td><td>{r.prospectName}</td><td>{t(`accounts.referralStatus.${r.status}`)}</td>
                  <td className="num">{r.reward ? <><Money value={r.reward} /> · {t(`accounts.rewardStatus.${r.rewardStatus}`)}</> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
