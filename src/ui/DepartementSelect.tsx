import { useEffect, useId } from 'react';
import { useAppStore } from './use-app-store.ts';

/** URL parameters kept when switching département: the view and the layers shown (not the map's place or the selection). */
const KEPT_PARAMS = ['vue', 'couches'];

/** The address of the same page for another département. */
export function departementHref(search: string, code: string): string {
  const from = new URLSearchParams(search);
  const to = new URLSearchParams();
  to.set('dept', code);
  for (const key of KEPT_PARAMS) {
    const value = from.get(key);
    if (value !== null) to.set(key, value);
  }
  return `?${to.toString()}`;
}

/**
 * The header's département selector: the départements whose bundle is built on this site
 * (`data/index.json`, written by `data`). Choosing one opens the same view for it (a page load: every
 * layer, table and worker starts from that département's bundle). Hidden while only one is built.
 */
export function DepartementSelect() {
  const id = useId();
  const list = useAppStore((s) => s.builtDepartements);
  const status = useAppStore((s) => s.builtDepartementsStatus);
  const current = useAppStore((s) => s.dept);
  const load = useAppStore((s) => s.loadBuiltDepartements);
  useEffect(() => {
    void load();
  }, [load]);
  if (status !== 'loaded' || !list || !current) return null;
  const others = list.filter((d) => d.code !== current);
  if (!others.length) return null;
  const options = list.some((d) => d.code === current) ? list : [{ code: current, name: `département ${current}`, built_at: '' }, ...list];
  return (
    <div className="dept-select">
      <label htmlFor={id}>Département</label>
      <select
        id={id}
        value={current}
        onChange={(e) => {
          window.location.assign(departementHref(window.location.search, e.target.value));
        }}
      >
        {options.map((d) => (
          <option key={d.code} value={d.code}>
            {d.code} — {d.name}
          </option>
        ))}
      </select>
    </div>
  );
}
