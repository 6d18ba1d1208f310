import type { ChangedSite, NetworkChanges } from '../../core/changes/network-changes.ts';
import type { UpdatedSource } from '../../data/bundle/bundle-changes.ts';

/** The short French summary `data --update` prints: the resources taken, the totals, then each canton's changes. */

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('fr-FR')} ${n > 1 ? many : one}`;
const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' }) : 'date inconnue');
const STATUS = { met: 'règle tenue', gap: 'écart', null: 'absent' } as const;

function siteText(s: ChangedSite): string {
  return `${s.name}${s.communeName ? ` (${s.communeName})` : ''}`;
}

export function updateSummary(sources: readonly UpdatedSource[], changes: NetworkChanges | null, maxCantons = 15): string {
  const lines = ['mise à jour depuis data.gouv.fr :'];
  for (const s of sources) {
    lines.push(
      `  ${s.id} : « ${s.resource_title} », modifiée le ${day(s.last_modified)}, ${plural(s.bytes, 'octet', 'octets')}, ${plural(s.rows, 'ligne', 'lignes')}${s.checksum ? `, empreinte ${s.checksum.split(':')[0]} vérifiée` : ''}`,
    );
  }
  if (!changes) {
    lines.push('premier bundle du département : rien à comparer (pas de changes.json)');
    return lines.join('\n');
  }
  const t = changes.totals;
  lines.push(`Nouveautés depuis la mise à jour du ${day(changes.previousBuiltAt)} :`);
  if (t.added + t.closed + t.moved + t.renamed + t.statusChanged === 0) {
    lines.push('  aucun changement : mêmes sites, mêmes noms, mêmes positions, mêmes statuts de canton');
    return lines.join('\n');
  }
  lines.push(
    `  ${plural(t.added, 'ouverture', 'ouvertures')}, ${plural(t.closed, 'fermeture', 'fermetures')}, ${plural(t.moved, 'déplacement', 'déplacements')} (plus de ${changes.movedThresholdM} m), ${plural(t.renamed, 'changement de nom', 'changements de nom')} ; ${plural(t.statusChanged, 'canton change', 'cantons changent')} de statut`,
  );
  for (const c of changes.cantons.slice(0, maxCantons)) {
    const parts = [
      ...c.added.map((s) => `+ ${siteText(s)}`),
      ...c.closed.map((s) => `− ${siteText(s)}`),
      ...c.moved.map((s) => `déplacé de ${s.movedM} m : ${siteText(s)}`),
      ...c.renamed.map((s) => `renommé « ${s.previousName} » → « ${s.name} »`),
    ];
    if (c.status) parts.push(`statut : ${STATUS[c.status.before ?? 'null']} → ${STATUS[c.status.after ?? 'null']}`);
    lines.push(`  ${c.cantonName ?? 'hors canton'}${c.cantonCode ? ` (${c.cantonCode})` : ''} : ${parts.join(' ; ')}`);
  }
  if (changes.cantons.length > maxCantons) lines.push(`  … et ${changes.cantons.length - maxCantons} autres cantons (voir changes.json)`);
  return lines.join('\n');
}
