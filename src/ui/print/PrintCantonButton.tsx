/** « Imprimer la fiche du canton » : the browser's print dialog, which prints the canton's one-page sheet (CantonSheet). */
export function PrintCantonButton() {
  return (
    <button type="button" className="print-button" onClick={() => window.print()}>
      Imprimer la fiche du canton
    </button>
  );
}
