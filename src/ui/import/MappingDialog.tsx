import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type RefObject } from 'react';
import { importFields, importTarget } from '../../state/import-files.ts';
import { useAppStore } from '../use-app-store.ts';

/**
 * Which column holds each missing field: asked when the headers name nothing the synonyms know.
 * A non-modal dialog named by its heading: focus moves to its first field when it opens; Escape
 * or « Annuler » cancels and gives focus back to the file control.
 */
export function MappingDialog({ fileControl }: { fileControl: RefObject<HTMLInputElement | null> }) {
  const job = useAppStore((s) => s.importJob);
  const continueImport = useAppStore((s) => s.continueImport);
  const cancel = useAppStore((s) => s.cancelImport);
  const target = importTarget(job.target ?? '');
  const [choice, setChoice] = useState<Record<string, string>>({});
  const titleId = useId();
  const introId = useId();
  const firstField = useRef<HTMLSelectElement>(null);
  const open = job.status === 'needs-mapping' && job.mapping !== null && target !== null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new file opens a new dialog, focused again
  useEffect(() => {
    if (open) firstField.current?.focus();
  }, [open, job.fileName]);
  if (!open || !job.mapping || !target) return null;
  const fields = importFields(target);
  const asked = job.mapping.missing.flatMap((m) => (m === 'name' ? ['name'] : m === 'code' ? ['code'] : ['lat', 'lng', 'commune_code']));
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const mapping = Object.fromEntries(Object.entries(choice).filter(([, v]) => v !== ''));
    void continueImport({ ...job.mapping!.recognised, ...mapping });
  };
  const onCancel = () => {
    cancel();
    fileControl.current?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    onCancel();
  };
  return (
    <form
      className="import-mapping"
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      aria-describedby={introId}
      onSubmit={onSubmit}
      onKeyDown={onKeyDown}
    >
      <h4 id={titleId}>Associer les colonnes de « {job.fileName} »</h4>
      <p id={introId}>
        Certaines colonnes n’ont pas été reconnues : {job.mapping.unknown.map((u) => `« ${u} »`).join(', ')}. Indiquez celle qui contient
        chaque information (au moins le nom, et une position : latitude et longitude, ou code INSEE).
      </p>
      {asked.map((fieldId, i) => {
        const field = fields.find((f) => f.id === fieldId)!;
        const id = `map-${fieldId}`;
        return (
          <div key={fieldId} className="import-mapping__row">
            <label htmlFor={id}>{field.label}</label>
            <select
              id={id}
              ref={i === 0 ? firstField : undefined}
              value={choice[fieldId] ?? ''}
              onChange={(e) => setChoice({ ...choice, [fieldId]: e.currentTarget.value })}
            >
              <option value="">— aucune —</option>
              {job.mapping!.headers.map((h) => (
                <option key={h} value={h}>
                  {h}
                </option>
              ))}
            </select>
          </div>
        );
      })}
      <p>
        <button type="submit">Continuer l’import</button>{' '}
        <button type="button" onClick={onCancel}>
          Annuler
        </button>
      </p>
    </form>
  );
}
