// The pipeline as a kanban (drag a card to another stage; keyboard: the stage menu on each card) or as a table.
import { useState, type DragEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat, useMe } from '../../app/session';
import { ErrorNotice, Loading, SelectField } from '../../app/ui';
import { useBoard, useDeals, useMoveDeal, usePipelines } from './api';
import { Money, MoneyList, useStageLabel } from './parts';
import type { Board, Deal } from './types';

export function BoardPage() {
  const { t } = useTranslation();
  const pipelines = usePipelines();
  const [pipelineId, setPipelineId] = useState<string | undefined>(undefined);
  const [view, setView] = useState<'board' | 'table'>('board');
  const board = useBoard(pipelineId);
  return (
    <div className="stack">
      <div className="kam-toolbar">
        {pipelines.data && pipelines.data.items.length > 1 ? (
          <SelectField label={t('accounts.board.pipeline')} value={pipelineId ?? pipelines.data.items[0]?.id ?? ''} onChange={setPipelineId}
            options={pipelines.data.items.map((p) => ({ value: p.id, label: p.name }))} />
        ) : null}
        <div className="segmented" role="group" aria-label={t('accounts.board.viewLabel')}>
          <button type="button" className={`btn btn--ghost${view === 'board' ? ' is-active' : ''}`} aria-pressed={view === 'board'} onClick={() => setView('board')} data-testid="view-board">{t('accounts.board.kanban')}</button>
          <button type="button" className={`btn btn--ghost${view === 'table' ? ' is-active' : ''}`} aria-pressed={view === 'table'} onClick={() => setView('table')} data-testid="view-table">{t('accounts.board.table')}</button>
        </div>
      </div>
      {board.isPending ? <Loading /> : board.isError ? <ErrorNotice error={board.error} /> : view === 'board'
        ? <Kanban board={board.data} pipelineId={pipelineId} />
        : <DealTable board={board.data} />}
    </div>
  );
}

function Kanban({ board, pipelineId }: { board: Board; pipelineId: string | undefined }) {
  const { t } = useTranslation();
  const { can } = useMe();
  const stageLabel = useStageLabel();
  const move = useMoveDeal(pipelineId);
  const [over, setOver] = useState<string | null>(null);
  const editable = can('accounts:write');
  const onDrop = (stageId: string) => (e: DragEvent) => {
    e.preventDefault();
    setOver(null);
    const dealId = e.dataTransfer.getData('text/x-deal') || e.dataTransfer.getData('text/plain');
    const card = board.columns.flatMap((c) => c.deals).find((d) => d.id === dealId);
    if (card && card.stageId !== stageId) move.mutate({ dealId, stageId });
  };
  return (
    <>
      {move.isError ? <ErrorNotice error={move.error} /> : null}
      <div className="kanban" data-testid="kanban">
        {board.columns.map((column) => {
          const stage = board.pipeline.stages.find((s) => s.id === column.stageId);
          return (
            <section
              key={column.stageId} className={`kanban__col${over === column.stageId ? ' kanban__col--over' : ''}`} aria-label={stage ? stageLabel(stage) : ''}
              data-testid={`stage-${stage?.key ?? column.stageId}`}
              onDragOver={(e) => { if (editable) { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; setOver(column.stageId); } }}
              onDragLeave={() => setOver((o) => (o === column.stageId ? null : o))}
              onDrop={onDrop(column.stageId)}
            >
              <header className="kanban__head">
                <span className="kanban__name">{stage ? stageLabel(stage) : ''}</span>
                <span className="count" data-testid="stage-count">{column.count}</span>
                <span className="small muted kanban__total"><MoneyList values={column.totals} /></span>
              </header>
              <ol className="kanban__cards">
                {column.deals.map((deal) => (
                  <li
                    key={deal.id} className="kanban__card" draggable={editable} data-testid="deal-card" data-deal={deal.id}
                    onDragStart={(e) => { e.dataTransfer.setData('text/x-deal', deal.id); e.dataTransfer.setData('text/plain', deal.id); e.dataTransfer.effectAllowed = 'move'; }}
                  >
                    <Link to={`/accounts/deals/${deal.id}`} className="kanban__title">{deal.title}</Link>
                    <span className="small muted">{deal.accountName}</span>
                    <span className="small"><Money value={deal.value} /> · {deal.probability}%</span>
                    {deal.nextStep ? <span className="small kanban__next">{t('accounts.deal.next')}: {deal.nextStep}</span> : null}
                    {editable ? (
                      <label className="kanban__move">
                        <span className="visually-hidden">{t('accounts.board.moveTo')}</span>
                        <select className="input select" value={deal.stageId} onChange={(e) => move.mutate({ dealId: deal.id, stageId: e.target.value })}>
                          {board.pipeline.stages.map((s) => <option key={s.id} value={s.id}>{stageLabel(s)}</option>)}
                        </select>
                      </label>
                    ) : null}
                  </li>
                ))}
              </ol>
              {column.count > column.deals.length ? (
                <p className="small muted" data-testid="stage-more">{t('accounts.board.more', { count: column.count - column.deals.length })}</p>
              ) : null}
            </section>
          );
        })}
      </div>
    </>
  );
}

function DealTable({ board }: { board: Board }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const stageLabel = useStageLabel();
  const deals = useDeals({ pipelineId: board.pipeline.id, status: 'open' });
  if (deals.isPending) return <Loading />;
  if (deals.isError) return <ErrorNotice error={deals.error} />;
  const stageOf = (d: Deal) => board.pipeline.stages.find((s) => s.id === d.stageId);
  return (
    <section className="card card--flush">
      <div className="table-wrap">
        <table className="table table--compact" data-testid="deals-table">
          <thead>
            <tr>
              <th scope="col">{t('accounts.col.deal')}</th><th scope="col">{t('accounts.col.account')}</th><th scope="col">{t('accounts.col.stage')}</th>
              <th scope="col" className="num">{t('accounts.col.value')}</th><th scope="col" className="num">{t('accounts.col.probability')}</th>
              <th scope="col">{t('accounts.col.expectedClose')}</th><th scope="col">{t('accounts.deal.nextStep')}</th><th scope="col">{t('accounts.col.inStage')}</th>
            </tr>
          </thead>
          <tbody>
            {deals.data.items.map((d) => {
              const stage = stageOf(d);
              return (
                <tr key={d.id}>
                  <td><Link to={`/accounts/deals/${d.id}`}>{d.title}</Link></td>
                  <td><Link to={`/accounts/${d.accountId}`}>{d.accountName}</Link></td>
                  <td>{stage ? stageLabel(stage) : d.stageName}</td>
                  <td className="num"><Money value={d.value} /></td>
                  <td className="num">{d.probability}%</td>
                  <td>{fmt.plainDate(d.expectedCloseOn)}</td>
                  <td>{d.nextStep ?? '—'}</td>
                  <td>{fmt.relative(d.stageEnteredAt)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
