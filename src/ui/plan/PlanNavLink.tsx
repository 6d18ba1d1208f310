import type { MouseEvent } from 'react';
import { useAppStore } from '../use-app-store.ts';

/** The header's link between the map and the Plan view (`?vue=plan`); a plain link without JavaScript's help. */
export function PlanNavLink() {
  const open = useAppStore((s) => s.planViewOpen);
  const setOpen = useAppStore((s) => s.setPlanViewOpen);
  const follow = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    setOpen(!open);
  };
  return open ? (
    <a href="?" onClick={follow}>
      Retour à la carte
    </a>
  ) : (
    <a href="?vue=plan" onClick={follow}>
      Le plan d’actions (SDAASP)
    </a>
  );
}
