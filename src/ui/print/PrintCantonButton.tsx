import { CANTONS } from '../../layers/cantons.ts';
import { useAppStore } from '../use-app-store.ts';

/**
 * « Imprimer la fiche du canton » : opens the browser's print dialog, which prints the selected
 * canton's one-page sheet (CantonSheet, shown alone by styles/print.css). Without a selected
 * canton it says how to choose one.
 */
export function PrintCantonButton() {
  const name = useAppStore((s) => {
    if (s.selected?.layer !== CANTONS.id) return null;
    const code = s.selected.id;
    return s.coverageTable?.rows.find((r) => r.cantonCode === code)?.cantonName ?? code;
  });
  return (
    <div className="print-canton">
      <h3>Fiche du canton</h3>
      {name ? (
        <button type="button" className="print-button" onClick={() => window.print()}>
          Imprimer la fiche du canton de {name}
        </button>
      ) : (
        <p className="hint">Choisissez un canton (son nom dans le tableau, ou sur la carte) pour imprimer sa fiche d’une page.</p>
      )}
    </div>
  );
}
