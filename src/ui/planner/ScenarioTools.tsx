import { useState } from 'react';
import type { CommunePlace } from '../../state/slices/find.slice.ts';
import type { PlannerSiteRef, PlannerTool } from '../../state/app-state.ts';
import { CommuneCombobox } from '../CommuneCombobox.tsx';
import { useAppStore } from '../use-app-store.ts';
import { useExistingSites } from './use-place-names.ts';
import type { ScenarioOperation } from '../../core/coverage/scenario-types.ts';

/** One empty list for every render (a selector returning a new [] would re-render for ever). */
const NO_OPERATIONS: readonly ScenarioOperation[] = [];

const TOOLS: { tool: Exclude<PlannerTool, 'none'>; label: string; help: string }[] = [
  { tool: 'add', label: 'Ajouter', help: 'Cliquez sur la carte (ou Entrée sur la mire) pour placer une France Services hypothétique.' },
  {
    tool: 'move',
    label: 'Déplacer',
    help: 'Cliquez sur une France Services (ou faites-la glisser), puis à son nouvel emplacement. Un site ajouté se déplace aussi en le faisant glisser.',
  },
  { tool: 'close', label: 'Fermer', help: 'Cliquez sur une France Services pour la fermer dans le scénario.' },
];

/** What a click on the map does: add, move or close a France Services (Échap or the same button again stops). */
export function MapTools() {
  const tool = useAppStore((s) => s.plannerTool);
  const setTool = useAppStore((s) => s.setPlannerTool);
  const active = TOOLS.find((t) => t.tool === tool);
  return (
    <fieldset className="scenario-tools">
      <legend>Sur la carte</legend>
      <div className="scenario-tools__buttons">
        {TOOLS.map((t) => (
          <button key={t.tool} type="button" aria-pressed={tool === t.tool} onClick={() => setTool(tool === t.tool ? 'none' : t.tool)}>
            {t.label}
          </button>
        ))}
      </div>
      <p className="hint" aria-live="polite">
        {active ? active.help : 'Choisissez un outil, puis agissez sur la carte ; ou utilisez les champs ci-dessous, au clavier.'}
      </p>
    </fieldset>
  );
}

/** Adds a hypothetical France Services in a commune chosen with the forgiving commune search (at the commune's point). */
export function AddByCommune() {
  const add = useAppStore((s) => s.addScenarioSite);
  const [last, setLast] = useState<string | null>(null);
  const choose = (c: CommunePlace) => {
    add(c.lngLat, { communeCode: c.code, name: `France Services hypothétique — ${c.name}` });
    setLast(c.name);
  };
  return (
    <div className="scenario-form">
      <h4>Ajouter dans une commune</h4>
      <CommuneCombobox onChoose={choose} />
      {last && (
        <p className="hint" role="status">
          Site hypothétique ajouté à {last}.
        </p>
      )}
    </div>
  );
}

/** A site to move or close: an existing France Services, or (to move) a site the scenario adds. */
function SiteSelect({
  label,
  value,
  onChange,
  withAdded,
}: {
  label: string;
  value: string;
  onChange(v: string): void;
  withAdded: boolean;
}) {
  const sites = useExistingSites();
  const ops = useAppStore((s) => s.scenario?.operations ?? NO_OPERATIONS);
  return (
    <label className="scenario-form__field">
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">— choisir —</option>
        {withAdded &&
          ops.map((op, i) =>
            op.action === 'add' ? (
              <option key={`added-${op.name}-${op.lngLat.join(',')}`} value={`added:${i}`}>
                {op.name ?? `Site ajouté ${i + 1}`} (hypothétique)
              </option>
            ) : null,
          )}
        {sites.map((s) => (
          <option key={s.id} value={`existing:${s.id}`}>
            {s.name}
            {s.commune ? ` — ${s.commune}` : ''}
            {s.kind === 'bus' ? ' (bus)' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

function refOf(value: string): PlannerSiteRef | null {
  if (value.startsWith('existing:')) return { kind: 'existing', id: value.slice('existing:'.length) };
  if (value.startsWith('added:')) return { kind: 'added', operation: Number(value.slice('added:'.length)) };
  return null;
}

/** Closes an existing France Services chosen in a list. */
export function CloseForm() {
  const close = useAppStore((s) => s.closeScenarioSite);
  const [value, setValue] = useState('');
  const ref = refOf(value);
  return (
    <form
      className="scenario-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (ref?.kind === 'existing') close(ref.id);
        setValue('');
      }}
    >
      <h4>Fermer une France Services</h4>
      <SiteSelect label="France Services" value={value} onChange={setValue} withAdded={false} />
      <button type="submit" disabled={ref?.kind !== 'existing'}>
        Fermer ce site
      </button>
    </form>
  );
}

/** Moves a France Services (existing or added) to a commune chosen with the commune search. */
export function MoveForm() {
  const move = useAppStore((s) => s.moveScenarioSite);
  const [value, setValue] = useState('');
  const ref = refOf(value);
  return (
    <div className="scenario-form">
      <h4>Déplacer une France Services vers une commune</h4>
      <SiteSelect label="France Services à déplacer" value={value} onChange={setValue} withAdded />
      {ref ? (
        <CommuneCombobox
          onChoose={(c) => {
            move(ref, c.lngLat, c.code);
            setValue('');
          }}
        />
      ) : (
        <p className="hint">Choisissez d’abord le site, puis la commune.</p>
      )}
    </div>
  );
}
