import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { findCommunes, type CommunePlace } from '../state/slices/find.slice.ts';
import { useAppStore } from './use-app-store.ts';
import { COMMUNES } from '../layers/communes.ts';

const MAX_OPTIONS = 8;

function optionLabel(c: CommunePlace): string {
  return c.postcodes.length ? `${c.name} (${c.postcodes.join(', ')})` : c.name;
}

/**
 * A commune or postcode field with suggestions from the bundle's communes (offline), following
 * the WAI-ARIA combobox pattern: the focus stays in the text field, ↓/↑ move through the list
 * (announced through aria-activedescendant), Entrée chooses, Échap closes then clears.
 */
export function CommuneCombobox({ onChoose, disabled }: { onChoose: (commune: CommunePlace) => void; disabled?: boolean }) {
  const id = useId();
  const listId = `${id}-list`;
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const communesStatus = useAppStore((s) => s.layerStatus.communes ?? 'idle');
  const hasCommunes = useAppStore((s) => s.manifest?.layers[COMMUNES.id]?.status === 'ok');
  const ensureLayer = useAppStore((s) => s.ensureLayer);
  const communesData = useAppStore((s) => s.layerData[COMMUNES.id]);
  // the finder is built once per communes layer (in the store); each query scans it
  const matches = useMemo(() => (query.trim() === '' ? [] : findCommunes(communesData, query, MAX_OPTIONS)), [communesData, query]);
  const expanded = open && matches.length > 0;
  const noMatch = open && query.trim().length >= 2 && communesData !== undefined && matches.length === 0;

  const choose = (c: CommunePlace) => {
    setQuery(optionLabel(c));
    setOpen(false);
    setActive(-1);
    onChoose(c);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (matches.length === 0) return;
      e.preventDefault();
      setOpen(true);
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => (!open ? (step === 1 ? 0 : matches.length - 1) : (a + step + matches.length) % matches.length));
    } else if (e.key === 'Enter') {
      if (matches.length === 0) return;
      e.preventDefault();
      choose(matches[expanded && active >= 0 ? active : 0].item);
    } else if (e.key === 'Escape') {
      if (expanded) {
        e.preventDefault();
        setOpen(false);
        setActive(-1);
      } else if (query !== '') {
        e.preventDefault();
        setQuery('');
      }
    } else if ((e.key === 'Home' || e.key === 'End') && expanded && active >= 0) {
      e.preventDefault();
      setActive(e.key === 'Home' ? 0 : matches.length - 1);
    }
  };

  return (
    <div className="combobox">
      <label htmlFor={`${id}-input`}>Commune ou code postal</label>
      <input
        id={`${id}-input`}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${id}-opt-${active}` : undefined}
        aria-describedby={`${id}-hint`}
        autoComplete="off"
        spellCheck={false}
        disabled={disabled}
        value={query}
        placeholder="ex. Maubeuge, 59600"
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => {
          if (hasCommunes) void ensureLayer(COMMUNES.id);
        }}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <p id={`${id}-hint`} className="find__hint">
        {communesStatus === 'loading' ? 'Chargement des communes…' : 'Fonctionne sans connexion. ↓ ↑ pour parcourir, Entrée pour choisir.'}
      </p>
      <ul id={listId} role="listbox" aria-label="Communes proposées" className="combobox__list" hidden={!expanded}>
        {matches.map((m, i) => (
          <li
            key={m.item.code}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'combobox__option is-active' : 'combobox__option'}
            // mousedown, not click: the input must not lose focus (and close the list) first
            onMouseDown={(e) => {
              e.preventDefault();
              choose(m.item);
            }}
          >
            <span className="combobox__name">{m.item.name}</span>{' '}
            <span className="combobox__postcodes">{m.postcode ?? m.item.postcodes.join(', ')}</span>
          </li>
        ))}
      </ul>
      <p className="visually-hidden" role="status">
        {expanded
          ? `${matches.length} commune${matches.length > 1 ? 's' : ''} proposée${matches.length > 1 ? 's' : ''}`
          : noMatch
            ? 'Aucune commune ne correspond'
            : ''}
      </p>
      {noMatch && <p className="find__hint">Aucune commune du département ne correspond à « {query.trim()} ».</p>}
    </div>
  );
}
