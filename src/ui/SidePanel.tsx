import type { ReactNode } from 'react';
import { useTabs } from './use-tabs.ts';
import { ImportPanel } from './lazy-panels.tsx';
import { LayerPanel } from './LayerPanel.tsx';

interface Tab {
  id: string;
  label: string;
  render(): ReactNode;
}

/** The side panel's tabs, in order (the canton coverage lives in the planner's workspace, `?vue=planifier`). */
const TABS: Tab[] = [
  { id: 'layers', label: 'Couches', render: () => <LayerPanel /> },
  { id: 'import', label: 'Importer', render: () => <ImportPanel /> },
];

const TAB_IDS = TABS.map((t) => t.id);

/** Tabs (WAI-ARIA tabs pattern: arrow keys, Home, End) over the layer list and the import panel. */
export function SidePanel() {
  const { active, choose, onKeyDown, buttonRef } = useTabs(TAB_IDS, 'layers');

  return (
    <div className="side-panel">
      <div role="tablist" aria-label="Panneau latéral" className="side-panel__tabs" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={buttonRef(t.id)}
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
