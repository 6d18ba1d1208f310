import { useEffect, useMemo, type ReactNode } from 'react';
import type { CoverageRow, CoverageTable } from '../../core/coverage/coverage-types.ts';
import { REASON_FR } from '../../core/coverage/coverage-export.ts';
import { CANTONS } from '../../layers/cantons.ts';
import { COMMUNES } from '../../layers/communes.ts';
import { FRANCE_SERVICES } from '../../layers/france-services.ts';
import { formatCountFr, formatNumberFr } from '../../layers/french-format.ts';
import { formatDateFr } from '../format-fr.ts';
import { useAppStore } from '../use-app-store.ts';
import type { AreaGeometry } from './canton-map-geometry.ts';
import { CantonMap, type MapCommune, type MapSite } from './CantonMap.tsx';

type Props = Record<string, unknown>;
type Feature = { geometry: { type: string; coordinates: unknown } | null; properties: Props | null };

const text = (p: Props | null, k: string) => (typeof p?.[k] === 'string' ? (p[k] as string) : null);
const isArea = (g: Feature['geometry']): g is AreaGeometry => g?.type === 'Polygon' || g?.type === 'MultiPolygon';
const km = (v: number | null) => (v === null ? 'non disponible' : `${formatNumberFr(v, 1)} km`);
const pct = (v: number | null) => (v === null ? '–' : `${formatNumberFr(v, 1)} %`);

/** The sources as lines, each once (two layers can come from the same file). */
function uniqueSources(sources: CoverageTable['sources']): string[] {
  return [...new Set(sources.map((s) => `${s.producer} — ${s.title} (${s.vintage}, ${s.licence})`))];
}

/** A France Services of the canton, as the sheet lists it. */
interface SheetSite {
  number: number;
  name: string;
  kind: 'fixed' | 'bus';
  address: string;
  labelledOn: string | null;
  phone: string | null;
  lngLat: readonly number[];
}

function Figure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The canton's figures from the planner's table, in French. */
function Figures({ row, table }: { row: CoverageRow; table: CoverageTable }) {
  return (
    <dl className="print-sheet__figures">
      <Figure label="Statut">{row.status === 'met' ? 'cible atteinte' : `écart : il manque ${row.gap} France Services`}</Figure>
      <Figure label="France Services">{`${row.franceServices} site(s) fixe(s)${row.franceServicesBuses ? `, ${row.franceServicesBuses} bus` : ''}`}</Figure>
      <Figure label="Cible">{`${row.target} France Services`}</Figure>
      <Figure label="Prioritaire">{row.priority ? `oui : ${row.priorityReasons.map((r) => REASON_FR[r]).join(', ')}` : 'non'}</Figure>
      {row.priorityTerritories.length > 0 && <Figure label="Territoire prioritaire">{row.priorityTerritories.join(', ')}</Figure>}
      <Figure label="Population">{`${formatCountFr(row.population)} habitants`}</Figure>
      <Figure label="Communes">
        {row.communes}
        {row.splitCommunes.length > 0 && ` (dont partagées : ${row.splitCommunes.join(', ')})`}
      </Figure>
      <Figure label="Habitants par France Services">
        {row.inhabitantsPerFranceServices === null ? '–' : formatCountFr(row.inhabitantsPerFranceServices)}
      </Figure>
      <Figure label="Distance à la France Services fixe la plus proche">{`moyenne ${km(row.meanDistanceKm)}, maximale ${km(row.maxDistanceKm)}`}</Figure>
      <Figure label="Population à moins de 5 / 10 / 15 km">
        {`${pct(row.populationWithin5KmPct)} / ${pct(row.populationWithin10KmPct)} / ${pct(row.populationWithin15KmPct)}`}
      </Figure>
      <Figure label="QPV">{`${row.qpvCount} (communes concernées : ${row.communesWithQpv})`}</Figure>
      <Figure label="Population rurale">{pct(row.ruralPopulationShare * 100)}</Figure>
      {table.healthMediatorYear && (
        <Figure label={`Postes adultes-relais (${table.healthMediatorYear})`}>{row.healthMediatorPosts ?? 'non chargé'}</Figure>
      )}
      {table.countedLayers
        .filter((l) => l.hasData)
        .map((l) => (
          <Figure key={l.id} label={l.title}>
            {row.layerCounts[l.id] ?? '–'}
          </Figure>
        ))}
    </dl>
  );
}

/** The canton's France Services from the bundle's layer (the canton each site was placed in at build time, the table's rule). */
function sitesOf(features: readonly Feature[] | undefined, code: string): { own: SheetSite[]; others: MapSite[] } {
  const own: Omit<SheetSite, 'number'>[] = [];
  const others: MapSite[] = [];
  for (const f of features ?? []) {
    if (f.geometry?.type !== 'Point') continue;
    const p = f.properties;
    const lngLat = f.geometry.coordinates as number[];
    const kind = text(p, 'kind') === 'bus' ? 'bus' : 'fixed';
    if (text(p, 'canton_code') !== code) {
      others.push({ lngLat, kind, number: null });
      continue;
    }
    own.push({
      name: text(p, 'name') ?? 'France Services',
      kind,
      address: [text(p, 'address'), [text(p, 'postcode'), text(p, 'commune_name')].filter(Boolean).join(' ')].filter(Boolean).join(', '),
      labelledOn: text(p, 'labelled_on'),
      phone: text(p, 'phone'),
      lngLat,
    });
  }
  own.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name, 'fr') : a.kind === 'fixed' ? -1 : 1));
  return { own: own.map((s, i) => ({ ...s, number: i + 1 })), others };
}

/**
 * The one-page canton sheet (A4 portrait), printed with « Imprimer la fiche du canton » or the
 * browser's own print command while a canton is selected: its map, figures, France Services with
 * their addresses, and the sources with their vintages. Hidden on screen; the print stylesheet
 * (styles/print.css) shows it alone.
 */
export function CantonSheet() {
  const code = useAppStore((s) => (s.selected?.layer === CANTONS.id ? s.selected.id : null));
  const table = useAppStore((s) => s.coverageTable);
  const cantons = useAppStore((s) => s.layerData[CANTONS.id]);
  const communes = useAppStore((s) => s.layerData[COMMUNES.id]);
  const franceServices = useAppStore((s) => s.layerData[FRANCE_SERVICES.id]);
  const ensureLayer = useAppStore((s) => s.ensureLayer);
  useEffect(() => {
    if (!code) return;
    for (const id of [CANTONS.id, COMMUNES.id, FRANCE_SERVICES.id]) void ensureLayer(id);
  }, [code, ensureLayer]);

  const canton = useMemo(
    () => (cantons?.features as Feature[] | undefined)?.find((f) => text(f.properties, 'code') === code) ?? null,
    [cantons, code],
  );
  const mapCommunes = useMemo<MapCommune[]>(
    () =>
      ((communes?.features ?? []) as Feature[]).flatMap((f) =>
        isArea(f.geometry)
          ? [{ code: text(f.properties, 'code') ?? '', geometry: f.geometry, inCanton: text(f.properties, 'canton_code') === code }]
          : [],
      ),
    [communes, code],
  );
  const sites = useMemo(() => sitesOf(franceServices?.features as Feature[] | undefined, code ?? ''), [franceServices, code]);
  const mapSites = useMemo<MapSite[]>(
    () => [...sites.others, ...sites.own.map((s) => ({ lngLat: s.lngLat, kind: s.kind, number: s.number }))],
    [sites],
  );

  if (!code) return null;
  const row = table?.rows.find((r) => r.cantonCode === code);
  const name = row?.cantonName ?? text(canton?.properties ?? null, 'name') ?? code;
  const rule = table?.rule;
  return (
    <article className="print-sheet" aria-labelledby="print-sheet-title">
      <header className="print-sheet__head">
        <h2 id="print-sheet-title">
          Canton de {name} ({code})
        </h2>
        <p>
          {table ? `${table.departement.name} (${table.departement.code})` : ''} — fiche imprimée le{' '}
          {formatDateFr(new Date().toISOString().slice(0, 10))}
          {rule &&
            ` — règle : ${rule.target} France Services par canton, ${rule.priorityTarget} par canton prioritaire${rule.countBuses ? ', bus compris' : ', bus non comptés'}`}
          {table?.scenario && ` — scénario « ${table.scenario.name || 'sans nom'} » (sites hypothétiques compris)`}
        </p>
      </header>
      <div className="print-sheet__top">
        {canton && isArea(canton.geometry) ? (
          <CantonMap
            canton={canton.geometry}
            communes={mapCommunes}
            sites={mapSites}
            title={`Carte du canton de ${name} : ses communes, ses ${sites.own.length} France Services numérotées comme dans la liste`}
          />
        ) : (
          <p>Carte indisponible : le contour du canton n’est pas chargé.</p>
        )}
        {row && table ? (
          <Figures row={row} table={table} />
        ) : (
          <p>Chiffres indisponibles : ouvrez « Couverture par canton » pour calculer le tableau, puis imprimez à nouveau.</p>
        )}
      </div>
      <p className="print-sheet__legend">
        Carte : contour du canton en bleu, ses communes en blanc ; France Services du canton numérotées (rond : site fixe ; losange : bus, à
        sa base) ; petits ronds : France Services des cantons voisins.
      </p>
      <h3>France Services du canton</h3>
      {sites.own.length === 0 ? (
        <p>Aucune France Services dans ce canton.</p>
      ) : (
        <table className="print-sheet__sites">
          <thead>
            <tr>
              <th scope="col">N°</th>
              <th scope="col">Nom</th>
              <th scope="col">Type</th>
              <th scope="col">Adresse</th>
              <th scope="col">Labellisation</th>
              <th scope="col">Téléphone</th>
            </tr>
          </thead>
          <tbody>
            {sites.own.map((s) => (
              <tr key={s.number}>
                <td>{s.number}</td>
                <td>{s.name}</td>
                <td>{s.kind === 'bus' ? 'bus itinérant' : 'site fixe'}</td>
                <td>{s.address || '–'}</td>
                <td>{s.labelledOn ? formatDateFr(s.labelledOn) : '–'}</td>
                <td>{s.phone ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Sources</h3>
      <ul className="print-sheet__sources">
        {uniqueSources(table?.sources ?? []).map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
      <p className="print-sheet__foot">
        Distances à vol d’oiseau depuis la grille de population de 1 km, vers les France Services fixes (départements voisins compris).
        Méthode complète : « Méthode et sources » de l’onglet « Couverture par canton » de Maillage.
      </p>
    </article>
  );
}
