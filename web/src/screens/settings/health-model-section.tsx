import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { healthModelsQuery, keys } from '../../api/queries';
import { fieldErrorsOf, isMissingRoute } from '../../api/client';
import { COMPONENT_KEYS, type ComponentKey, type HealthModel, type VersionedModel } from '../../api/types';
import { useSession } from '../../session';
import { Field } from '../../components/field';
import { FormError } from '../../components/form-error';
import { useRevealFirstError } from '../../components/save-form';
import { COMPONENT_LABELS, formatDate, formatPercent } from '../../format';
import { TableScroll } from '../../components/table-scroll';

/** A number as typed; the text itself when it does not read as one (the server names the field). */
const toNumber = (text: string): number => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : (text as unknown as number));

/**
 * The health model: how much each component weighs and where the bands start. Everyone sees the
 * version in force; admins save a new version (every open account is then recomputed with it) and
 * compare any two in the backtest.
 */
export function HealthModelSection() {
  const { canAdmin } = useSession();
  const models = useQuery(healthModelsQuery);
  const current = models.data?.items.find((m) => m.version === models.data?.current) ?? models.data?.items[0];
  // Kept here: the form starts afresh on the new version once it is saved.
  const [saved, setSaved] = useState<{ version: number; previous: number } | null>(null);
  return (
    <section className="card health-model" aria-labelledby="health-model-title" id="health-model">
      <h2 id="health-model-title">Health model</h2>
      {models.isPending && <p role="status">Loading…</p>}
      {models.isError &&
        (isMissingRoute(models.error) ? <p className="alert alert--info">This server does not compute health scores yet.</p> : <FormError error={models.error} />)}
      {current && models.data && (
        <>
          <p className="muted">
            In force: {current.version === 0 ? 'the built-in default (version 0)' : `version ${current.version}`}
            {current.createdAt ? `, saved ${formatDate(current.createdAt.slice(0, 10))}` : ''}. Only the ratios of the weights matter; a component without data for
            an account drops out and the others share its weight.
          </p>
          {saved && (
            <div className="alert alert--success" role="status">
              Saved as version {saved.version}. Every open account is being recomputed with it.{' '}
              <Link to={`/losses/backtest?model=${saved.version}&compare=${saved.previous}`}>Compare it with version {saved.previous} in the backtest</Link>
            </div>
          )}
          {canAdmin ? (
            <ModelForm key={current.version} current={current} onSaved={(version) => setSaved({ version, previous: current.version })} onEdit={() => setSaved(null)} />
          ) : (
            <ModelSummary model={current.model} />
          )}
          {models.data.items.length > 1 && <Versions items={models.data.items} current={models.data.current} />}
        </>
      )}
    </section>
  );
}

function shares(weights: Record<ComponentKey, number>): Record<ComponentKey, number> {
  const total = COMPONENT_KEYS.reduce((sum, k) => sum + (Number.isFinite(weights[k]) ? weights[k] : 0), 0);
  return Object.fromEntries(COMPONENT_KEYS.map((k) => [k, total > 0 && Number.isFinite(weights[k]) ? weights[k] / total : 0])) as Record<ComponentKey, number>;
}

function ModelSummary({ model }: { model: HealthModel }) {
  const share = shares(model.weights);
  return (
    <dl className="details__list">
      {COMPONENT_KEYS.map((k) => (
        <div key={k} className="health-model__row">
          <dt>{COMPONENT_LABELS[k]}</dt>
          <dd>
            {model.weights[k]} <span className="muted">({formatPercent(share[k])})</span>
          </dd>
        </div>
      ))}
      <dt>Bands</dt>
      <dd>
        Healthy from {model.bands.healthy}, at risk below {model.bands.watch}
      </dd>
    </dl>
  );
}

/** Weights and bands as typed; the windows, component shapes and alert thresholds are kept as they are. */
function ModelForm({ current, onSaved, onEdit }: { current: VersionedModel; onSaved: (version: number) => void; onEdit: () => void }) {
  const queryClient = useQueryClient();
  const [weights, setWeights] = useState<Record<ComponentKey, string>>(
    () => Object.fromEntries(COMPONENT_KEYS.map((k) => [k, String(current.model.weights[k] ?? 0)])) as Record<ComponentKey, string>,
  );
  const [healthy, setHealthy] = useState(String(current.model.bands.healthy));
  const [watch, setWatch] = useState(String(current.model.bands.watch));
  const [note, setNote] = useState('');
  const save = useMutation({
    mutationFn: () => {
      const model: HealthModel = {
        ...current.model,
        weights: Object.fromEntries(COMPONENT_KEYS.map((k) => [k, toNumber(weights[k])])) as Record<ComponentKey, number>,
        bands: { healthy: toNumber(healthy), watch: toNumber(watch) },
      };
      return api.health.saveModel(model, note.trim());
    },
    onSuccess: async (version) => {
      onSaved(version.version);
      // Every score is recomputed with the new model.
      await Promise.all([queryClient.invalidateQueries({ queryKey: keys.healthModel }), queryClient.invalidateQueries({ queryKey: keys.health }), queryClient.invalidateQueries({ queryKey: keys.alerts })]);
    },
  });
  const error = save.error;
  // Once the refusal's messages are drawn, the first field in error takes the focus, as on every form.
  const formRef = useRevealFirstError(error);
  const errors = (path: string) => fieldErrorsOf(error, `model.${path}`) ?? fieldErrorsOf(error, path);
  const share = shares(Object.fromEntries(COMPONENT_KEYS.map((k) => [k, Number(weights[k])])) as Record<ComponentKey, number>);
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    onEdit();
    if (!save.isPending) save.mutate();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  };
  return (
    <form ref={formRef} className="health-model__form" onSubmit={submit} onKeyDown={onKeyDown} noValidate aria-label="Health model">
      <FormError error={error} fields={['model.weights', 'model.bands', 'note', 'weights', 'bands']} />
      <fieldset className="subform">
        <legend>Weights</legend>
        <div className="health-model__weights">
          {COMPONENT_KEYS.map((k) => (
            <Field key={k} label={COMPONENT_LABELS[k]} hint={`${formatPercent(share[k])} of the score`} errors={errors(`weights.${k}`)}>
              {(p) => <input {...p} type="number" min={0} max={100} step={1} inputMode="numeric" value={weights[k]} onChange={(e) => setWeights((w) => ({ ...w, [k]: e.target.value }))} />}
            </Field>
          ))}
        </div>
        {errors('weights')?.length ? (
          <p className="field__error" data-field-error="">
            {errors('weights')?.join(' · ')}
          </p>
        ) : null}
      </fieldset>
      <div className="form-grid">
        <Field label="Healthy from" hint="A score at or above this is healthy" errors={errors('bands.healthy')}>
          {(p) => <input {...p} type="number" min={1} max={100} step={1} value={healthy} onChange={(e) => setHealthy(e.target.value)} />}
        </Field>
        <Field label="At risk below" hint="Between the two is watch" errors={errors('bands.watch')}>
          {(p) => <input {...p} type="number" min={0} max={99} step={1} value={watch} onChange={(e) => setWatch(e.target.value)} />}
        </Field>
      </div>
      <Field label="What changed, and why" errors={fieldErrorsOf(error, 'note')}>
        {(p) => <input {...p} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} placeholder="e.g. Delivery weighs more after the Q3 losses" />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={save.isPending} aria-keyshortcuts="Control+Enter Meta+Enter">
          {save.isPending ? 'Saving…' : 'Save as a new version'}
        </button>
        <span className="form-actions__note muted">Every open account is recomputed with it; earlier versions stay for the backtest.</span>
      </div>
    </form>
  );
}

function Versions({ items, current }: { items: VersionedModel[]; current: number }) {
  return (
    <details className="health-model__versions">
      <summary>Every version ({items.length})</summary>
      <TableScroll label="Table of health model versions" sideways>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Saved</th>
              <th scope="col">Note</th>
              <th scope="col">
                <span className="visually-hidden">Backtest</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((v) => (
              <tr key={v.version}>
                <th scope="row">
                  {v.version === 0 ? 'Built-in default' : `Version ${v.version}`}
                  {v.version === current && <span className="badge badge--current">In force</span>}
                </th>
                <td>{v.createdAt ? formatDate(v.createdAt.slice(0, 10)) : '—'}</td>
                <td className="muted">{v.note || '—'}</td>
                <td className="table__actions">
                  {v.version !== current && <Link to={`/losses/backtest?compare=${v.version}`}>Backtest against the one in force</Link>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </details>
  );
}
