// Earning rules of the programme: priority, stacking, what they give, when they apply, validity.
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat, useMe } from '../../app/session';
import { Badge, EmptyState, ErrorNotice, Loading, Switch, useToast } from '../../app/ui';
import { Icon } from '../../app/icons';
import { useRules, useSetRuleActive } from './api';
import { useProgramme } from './programme';
import { conditionTypes, effectText } from './ruleText';
import type { EarningRuleView } from './types';

export function RulesPage() {
  const { t } = useTranslation();
  const { can } = useMe();
  const { programme } = useProgramme();
  const q = useRules(programme?.id ?? '');
  if (!programme) return null;
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorNotice error={q.error} />;
  const rules = q.data.items;
  return (
    <section className="card card--flush" aria-labelledby="rules-title">
      <div className="card__head card__pad">
        <div>
          <h2 id="rules-title" className="card__title">{t('loyalty.rule.listTitle')}</h2>
          <p className="muted small">{t('loyalty.rule.listHelp')}</p>
        </div>
        {can('loyalty:manage') ? <Link className="btn btn--primary" to="/loyalty/rules/new" data-testid="loyalty-rule-new"><Icon name="plus" /> {t('loyalty.rule.new')}</Link> : null}
      </div>
      {rules.length ? (
        <div className="table-wrap">
          <table className="table table--compact" data-testid="loyalty-rules">
            <thead>
              <tr>
                <th scope="col">{t('loyalty.rule.name')}</th>
                <th scope="col" className="num">{t('loyalty.rule.priority')}</th>
                <th scope="col">{t('loyalty.rule.stacking')}</th>
                <th scope="col">{t('loyalty.rule.effect')}</th>
                <th scope="col">{t('loyalty.rule.conditions')}</th>
                <th scope="col">{t('loyalty.rule.validity')}</th>
                <th scope="col">{t('loyalty.rule.active')}</th>
              </tr>
            </thead>
            <tbody>{rules.map((r) => <RuleRow key={r.id} rule={r} currency={programme.currency} />)}</tbody>
          </table>
        </div>
      ) : <EmptyState title={t('loyalty.rule.none')}>{t('loyalty.rule.noneBody')}</EmptyState>}
    </section>
  );
}

function RuleRow({ rule, currency }: { rule: EarningRuleView; currency: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useMe();
  const toast = useToast();
  const setActive = useSetRuleActive();
  const r = rule.rule;
  const types = conditionTypes(r);
  const from = typeof r.validFrom === 'string' ? fmt.dateTime(r.validFrom) : '';
  const until = typeof r.validUntil === 'string' ? fmt.dateTime(r.validUntil) : '';
  return (
    <tr className={rule.active ? undefined : 'row--muted'} data-testid="loyalty-rule-row">
      <th scope="row">
        <Link to={`/loyalty/rules/${rule.id}`} className="cell-name__link">{rule.name}</Link>
        <span className="cell-sub">{t('loyalty.rule.version', { n: rule.version })}</span>
      </th>
      <td className="num">{fmt.number(rule.priority)}</td>
      <td><Badge tone={r.stacking === 'exclusive' ? 'warning' : 'neutral'}>{t(`loyalty.rule.stackingName.${r.stacking === 'exclusive' ? 'exclusive' : 'cumulative'}`)}</Badge></td>
      <td>{effectText(t, fmt, r.effect, currency)}</td>
      <td>{types.length ? types.map((c) => t(`loyalty.condition.${c}`, { defaultValue: c })).join(', ') : <span className="muted">{t('loyalty.rule.always')}</span>}</td>
      <td className="nowrap small">{from || until ? `${from || '…'} – ${until || '…'}` : <span className="muted">{t('loyalty.rule.noLimit')}</span>}</td>
      <td>
        <Switch
          checked={rule.active} disabled={!can('loyalty:manage') || setActive.isPending} label={t('loyalty.rule.activeToggle', { name: rule.name })}
          onChange={(active) => setActive.mutate({ id: rule.id, active }, { onSuccess: () => toast(active ? t('loyalty.rule.activated') : t('loyalty.rule.deactivated')) })}
        />
      </td>
    </tr>
  );
}
