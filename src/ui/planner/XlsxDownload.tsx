import { useState } from 'react';
import { coverageFileName, type CoverageExportContext } from '../../core/coverage/coverage-export.ts';
import type { CoverageTable } from '../../core/coverage/coverage-types.ts';
import { downloadBlob } from '../download-file.ts';

/**
 * « Classeur Excel (.xlsx) » : the canton table as a workbook (a « Cantons » sheet with typed
 * numbers, codes as text, frozen header and filters, and a « Lisez-moi » sheet), made by
 * `coverageToXlsx`, the same code as `coverage --format xlsx`. The workbook library is a chunk of
 * its own, fetched on the first click. The day shown and the scenario name the file and fill its
 * « Lisez-moi », as for the CSV.
 */
export function XlsxDownload({ table, context }: { table: CoverageTable; context: CoverageExportContext }) {
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const download = async () => {
    setState({ busy: true, error: null });
    try {
      const { coverageToXlsx } = await import('../../core/coverage/coverage-xlsx.ts');
      downloadBlob(coverageFileName(table, 'xlsx', context), await coverageToXlsx(table, new Date(), context));
      setState({ busy: false, error: null });
    } catch (err) {
      setState({ busy: false, error: `Le classeur n’a pas pu être créé : ${err instanceof Error ? err.message : String(err)}` });
    }
  };
  return (
    <>
      <button type="button" onClick={() => void download()} disabled={state.busy}>
        Classeur Excel (.xlsx)
      </button>{' '}
      (feuilles « Cantons » et « Lisez-moi » : codes conservés en texte, nombres et pourcentages typés)
      {state.busy && <span role="status"> — préparation…</span>}
      {state.error && <span role="alert"> — {state.error}</span>}
    </>
  );
}
