import { normalizeText } from '../text/normalize-text.ts';

/**
 * A France Services itinérante (a bus), as far as the data tells:
 * - `base`: the address the ANCT list gives for the bus (`format_fs` "Bus_équivalent" or
 *   "Itinérante"; the build's `kind: 'bus'`), or a copy of it in another directory named "Bus
 *   France services …" / "Bus itinérant …". It is where the bus is kept, not where it serves:
 *   never offered as a place to go, never with directions.
 * - `stop`: a place where the Département's "Camion bleu France Services" stops, as the
 *   lieux de médiation numérique 2023 list it (one record per stop, with its address).
 */
export interface ItinerantService {
  role: 'base' | 'stop';
  /** The schedule text of the source (the ANCT `commentaire`), or null: the lists give no timetable per stop. */
  scheduleText: string | null;
  /**
   * The territory the service names ("Avesnois", "Territoire du Douaisis"), read from its name;
   * null when the name names none (a stop named after its own commune).
   */
  territory: string | null;
  /** Directions may be offered: to a stop, never to a base. */
  directions: boolean;
}

const BUS_NAME = /^(bus|camion(?:\s+bleu)?)\s+(?:france[\s-]+services?|itin[ée]rant)\b\s*[-–,:]?\s*(.*)$/i;
const ARTICLE = /^(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+|d['’]\s*)/i;

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/**
 * Whether a site is an itinerant France Services, and what the data says about it; null for a
 * place one can walk into. `layer` is the bundle layer the site comes from.
 */
export function itinerantServiceOf(properties: Readonly<Record<string, unknown>>, layer: string): ItinerantService | null {
  const name = text(properties.name) ?? '';
  const m = BUS_NAME.exec(name);
  const isFranceServicesBus = (layer === 'france-services' || layer === 'france-services-nearby') && properties.kind === 'bus';
  if (!isFranceServicesBus && !m) return null;
  const role: ItinerantService['role'] = !isFranceServicesBus && m && m[1].toLowerCase() !== 'bus' ? 'stop' : 'base';
  let territory = m ? m[2].replace(ARTICLE, '').trim() || null : null;
  const commune = text(properties.commune_name);
  if (territory && role === 'stop' && commune && normalizeText(territory) === normalizeText(commune)) territory = null;
  return { role, scheduleText: text(properties.comment), territory, directions: role === 'stop' };
}

/**
 * The stops of a bus, from stop records whose territory is named in the bus's name
 * ("Camion bleu France Services Avesnois" stops serve "Bus France services de l'Avesnois");
 * stops named only after their commune cannot be told apart and are left out. Returns the
 * indexes of the matching stops, in input order.
 */
export function stopsOfBus(busName: string, stops: readonly { name: string; service: ItinerantService }[]): number[] {
  const busWords = new Set(normalizeText(busName).split(' '));
  const out: number[] = [];
  stops.forEach((s, i) => {
    if (s.service.role !== 'stop' || !s.service.territory) return;
    const words = normalizeText(s.service.territory)
      .split(' ')
      .filter((w) => w.length > 2);
    if (words.length > 0 && words.every((w) => busWords.has(w))) out.push(i);
  });
  return out;
}
