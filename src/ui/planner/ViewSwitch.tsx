import type { MouseEvent } from 'react';
import { useAppStore } from '../use-app-store.ts';

/** The link to a view: the current address with `vue` set (or removed), so that it can be opened in a new tab too. */
function hrefFor(planner: boolean): string {
  if (typeof window === 'undefined') return planner ? '?vue=planifier' : '?';
  const q = new URLSearchParams(window.location.search);
  if (planner) q.set('vue', 'planifier');
  else q.delete('vue');
  const s = q.toString();
  return s ? `?${s}` : window.location.pathname;
}

/** The app's two views, in the header: the residents' map and the planners' workspace (`?vue=planifier`). */
export function ViewSwitch() {
  const planner = useAppStore((s) => s.plannerOpen);
  const setPlannerOpen = useAppStore((s) => s.setPlannerOpen);
  const go = (open: boolean) => (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    setPlannerOpen(open);
  };
  return (
    <span className="view-switch">
      <a href={hrefFor(false)} aria-current={planner ? undefined : 'page'} onClick={go(false)}>
        Trouver un service
      </a>
      <a href={hrefFor(true)} aria-current={planner ? 'page' : undefined} onClick={go(true)}>
        Espace planification
      </a>
    </span>
  );
}
