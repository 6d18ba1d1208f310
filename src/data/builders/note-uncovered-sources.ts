import type { SourceDescription } from '../sources/source-description.ts';
import type { BuiltLayer } from './build-types.ts';

/** The note a layer's source use carries where the source does not cover the département. */
export function uncoveredNote(desc: Pick<SourceDescription, 'covers'>, dept: string): string | null {
  if (!desc.covers || desc.covers.includes(dept)) return null;
  return `source absente pour le département ${dept} : le fichier ne couvre que ${desc.covers.join(', ')} (donnée manquante, pas zéro)`;
}

/**
 * Says, on every layer fed by a regional extract that leaves the département out (`covers`), that the
 * source is missing there: a note on the source use, and a caveat on the layer. Returns the ids of the
 * sources so noted. Mutates the layers' manifests (called once, by buildBundle, on layers it made).
 */
export function noteUncoveredSources(layers: BuiltLayer[], sources: ReadonlyMap<string, SourceDescription>, dept: string): string[] {
  const noted = new Set<string>();
  for (const layer of layers) {
    for (const use of layer.manifest.sources) {
      const desc = sources.get(use.id);
      const note = desc ? uncoveredNote(desc, dept) : null;
      if (!note) continue;
      noted.add(use.id);
      use.notes = [...(use.notes ?? []), note];
      layer.manifest.caveats = [...layer.manifest.caveats, `${use.title} : ${note}.`];
    }
  }
  return [...noted];
}
