import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { ImportPanel } from './ImportPanel.tsx';
import { LayerPanel } from './LayerPanel.tsx';
import { PlannerPanel } from './PlannerPanel.tsx';
import { useAppStore } from './use-app-store.ts';

interface Tab {
  id: string;
  label: string;
  render(): ReactNode;
}

/** The side panel's tabs, in order. The planner tab shows the canton choropleth on the map while it is open. */
const TABS: Tab[] = [
  { id: 'layers', label: 'Couches', render: () => <LayerPanel /> },
  { id: 'planner', label: 'Couverture par canton', render: () => <PlannerPanel /> },
  { id: 'import', label: 'Importer', render: () => <ImportPanel /> },
];

/** Tabs (WAI-ARIA tabs pattern: arrow keys, Home, End) over the layer list and the planner view. */
export function SidePanel() {
  const plannerOpen = useAppStore((s) => s.plannerOpen);
  const setPlannerOpen = useAppStore((s) => s.setPlannerOpen);
  const [localTab, setLocalTab] = useState('layers');
  const active = plannerOpen ? 'planner' : localTab === 'planner' ? 'layers' : localTab;
  const buttons = useRef<Record<string, HTMLButtonElement | null>>({});

  const choose = (id: string, focus = false) => {
    setPlannerOpen(id === 'planner');
    if (id !== 'planner') setLocalTab(id);
    if (focus) buttons.current[id]?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const i = TABS.findIndex((t) => t.id === active);
    const next =
      e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    choose(TABS[(next + TABS.length) % TABS.length].id, true);
  };

  return (
    <div className="side-panel">
      <div role="tablist" aria-label="Panneau latéral" className="side-panel__tabs" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              buttons.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={active === t.id}
            // only the shown panel exists: point to it from its own tab alone
            aria-controls={active === t.id ? `tabpanel-${t.id}` : undefined}
            tabIndex={active === t.id ? 0 : -1}
            onClick={() => choose(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {TABS.filter((t) => t.id === active).map((t) => (
        <div key={t.id} role="tabpanel" id={`tabpanel-${t.id}`} aria-labelledby={`tab-${t.id}`} className="side-panel__panel">
          {t.render()}
        </div>
      ))}
    </div>
  );
}
