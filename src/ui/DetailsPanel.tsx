import type { ReactNode } from 'react';
import { selectSelectedFeature } from '../state/selectors.ts';
import type { AnyFeature } from '../layers/feature-props.ts';
import type { LayerManifest } from '../state/app-state.ts';
import { DAY_LABELS, DAY_ORDER, formatCountFr, formatDateFr, formatDayHoursFr, mailHref, telHref, webHref } from './format-fr.ts';
import { useAppStore } from './use-app-store.ts';

type Props = Record<string, unknown>;

function str(p: Props, key: string): string | null {
  const v = p[key];
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number') return String(v);
  return null;
}

function num(p: Props, key: string): number | null {
  const v = p[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

const KIND_LABELS: Record<string, string> = {
  fixed: 'Site fixe',
  bus: 'Bus itinérant (placé à sa base)',
  'msap-2018-2020': 'MSAP (enquête 2018–2020)',
  'france-services-2020': 'France Services labellisée en 2020',
  'lieu-mediation-numerique': 'Lieu de médiation numérique',
  'conseillers-numeriques-2021': 'Structure d’accueil de conseillers numériques (2021)',
  'conseillers-numeriques-2023': 'Structure d’accueil de conseillers numériques (2023)',
  'maison-de-quartier': 'Maison de quartier',
  'securite-sociale': 'Sécurité sociale',
  'centre-social': 'Centre social',
  'tiers-lieu': 'Tiers-lieu',
  'organisme-formation': 'Organisme de formation',
  intercommunalite: 'Intercommunalité',
  'mairie-ccas': 'Mairie ou CCAS',
  autre: 'Autre',
  mediatheque: 'Médiathèque',
  administration: 'Administration',
  'france-travail': 'France Travail',
  association: 'Association',
};

function titleOf(p: Props): string {
  return str(p, 'name') ?? str(p, 'qpv_names') ?? str(p, 'commune_name') ?? str(p, 'id') ?? str(p, 'code') ?? 'Sans nom';
}

/** Sources of the layer that the feature comes from (by `source` / `sources[].source`), else all of them. */
function sourcesOf(p: Props, layer: LayerManifest | undefined): LayerManifest['sources'] {
  if (!layer) return [];
  const ids = new Set<string>();
  const own = str(p, 'source');
  if (own) ids.add(own);
  const many = p.sources;
  if (Array.isArray(many))
    for (const s of many) if (s && typeof s === 'object' && typeof (s as Props).source === 'string') ids.add((s as Props).source as string);
  const matched = layer.sources.filter((s) => ids.has(s.id));
  return matched.length > 0 ? matched : layer.sources;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function ContactFields({ p }: { p: Props }) {
  const phone = str(p, 'phone');
  const mail = str(p, 'mail');
  const website = str(p, 'website');
  const tel = phone ? telHref(phone) : null;
  const mailto = mail ? mailHref(mail) : null;
  const web = website ? webHref(website) : null;
  return (
    <>
      {phone && <Field label="Téléphone">{tel ? <a href={tel}>{phone}</a> : phone}</Field>}
      {mail && <Field label="Courriel">{mailto ? <a href={mailto}>{mail}</a> : mail}</Field>}
      {website && (
        <Field label="Site web">
          {web ? (
            <a href={web} target="_blank" rel="noopener noreferrer">
              {website}
            </a>
          ) : (
            website
          )}
        </Field>
      )}
    </>
  );
}

function AddressField({ p }: { p: Props }) {
  const address = str(p, 'address');
  const town = [str(p, 'postcode'), str(p, 'commune_name')].filter(Boolean).join(' ');
  if (!address && !town) return null;
  return (
    <Field label="Adresse">
      {address}
      {address && town && <br />}
      {town}
    </Field>
  );
}

function HoursTable({ hours }: { hours: unknown }) {
  if (typeof hours !== 'object' || hours === null) return <p>Horaires non renseignés.</p>;
  const h = hours as Record<string, unknown>;
  const days = DAY_ORDER.filter((d) => d in h);
  return (
    <table className="hours">
      <caption>Horaires d’ouverture</caption>
      <tbody>
        {days.map((d) => (
          <tr key={d}>
            <th scope="row">{DAY_LABELS[d]}</th>
            <td>{formatDayHoursFr(h[d])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PostsTable({ p }: { p: Props }) {
  const years = Object.keys(p)
    .map((k) => /^posts_(\d{4})$/.exec(k)?.[1])
    .filter((y): y is string => Boolean(y))
    .sort();
  if (years.length === 0) return null;
  return (
    <table className="posts">
      <caption>Postes adultes-relais financés</caption>
      <thead>
        <tr>
          <th scope="col">Année</th>
          <th scope="col">Postes</th>
        </tr>
      </thead>
      <tbody>
        {years.map((y) => (
          <tr key={y}>
            <th scope="row">{y}</th>
            <td>{num(p, `posts_${y}`) ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const REASONS_FR: Record<string, string> = {
  qpv: 'au moins un QPV',
  rural: 'population rurale',
  territory: 'territoire prioritaire du SDAASP',
};
const fmtDec = (v: number | null, unit: string) =>
  v === null ? 'non disponible' : `${v.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} ${unit}`;

/** A canton's coverage figures, from the planner's table for the current rule. */
function CantonCoverage({ code }: { code: string }) {
  const table = useAppStore((s) => s.coverageTable);
  const openPlanner = useAppStore((s) => s.setPlannerOpen);
  const row = table?.rows.find((r) => r.cantonCode === code);
  if (!table || !row) {
    return (
      <p>
        <button type="button" className="link-button" onClick={() => openPlanner(true)}>
          Afficher la couverture par canton
        </button>{' '}
        pour voir les chiffres de ce canton.
      </p>
    );
  }
  return (
    <div className="details__coverage">
      <h3>Couverture France Services</h3>
      <dl className="details__fields">
        <Field label="Statut">{row.status === 'met' ? 'cible atteinte' : `il manque ${row.gap} France Services`}</Field>
        <Field label="France Services">{`${row.franceServices} site(s) fixe(s)${row.franceServicesBuses ? `, ${row.franceServicesBuses} bus` : ''}`}</Field>
        <Field label="Cible">{row.target}</Field>
        <Field label="Prioritaire">{row.priority ? `oui : ${row.priorityReasons.map((r) => REASONS_FR[r]).join(', ')}` : 'non'}</Field>
        {row.priorityTerritories.length > 0 && <Field label="Territoire prioritaire">{row.priorityTerritories.join(', ')}</Field>}
        <Field label="Population">{formatCountFr(row.population)}</Field>
        <Field label="Communes">{row.communes}</Field>
        {row.splitCommunes.length > 0 && (
          <Field label="Communes partagées">{`${row.splitCommunes.join(', ')} (population au prorata de la surface)`}</Field>
        )}
        <Field label="QPV">{row.qpvCount}</Field>
        <Field label="Population rurale">{`${Math.round(row.ruralPopulationShare * 100)} %`}</Field>
        <Field label="Habitants par France Services">
          {row.inhabitantsPerFranceServices === null ? '—' : formatCountFr(row.inhabitantsPerFranceServices)}
        </Field>
        <Field label="Distance moyenne">{fmtDec(row.meanDistanceKm, 'km')}</Field>
        <Field label="Distance maximale">{fmtDec(row.maxDistanceKm, 'km')}</Field>
        <Field label="À moins de 10 km">{fmtDec(row.populationWithin10KmPct, '%')}</Field>
        {table.healthMediatorYear && (
          <Field label={`Postes adultes-relais (${table.healthMediatorYear})`}>{row.healthMediatorPosts ?? 'non chargé'}</Field>
        )}
        {table.countedLayers.map((l) => (
          <Field key={l.id} label={l.title}>
            {row.layerCounts[l.id] ?? 'aucune donnée chargée'}
          </Field>
        ))}
      </dl>
      <p className="details__hint">Distances à vol d’oiseau. Méthode et sources : onglet « Couverture par canton ».</p>
    </div>
  );
}

function FeatureDetails({ feature, layer, layerId }: { feature: AnyFeature; layer: LayerManifest | undefined; layerId: string }) {
  const p = (feature.properties ?? {}) as Props;
  const kind = str(p, 'kind');
  const isFranceServices = layerId === 'france-services' || layerId === 'france-services-nearby';
  const appointment = p.appointment;
  const labelledOn = str(p, 'labelled_on');
  const comment = str(p, 'comment');
  const services = Array.isArray(p.services) ? p.services.filter((s): s is string => typeof s === 'string') : [];
  const population = num(p, 'population');
  const sources = sourcesOf(p, layer);

  return (
    <>
      <h2 id="details-title" className="details__title" tabIndex={-1}>
        {titleOf(p)}
      </h2>
      <p className="details__layer">
        {layer?.title ?? layerId}
        {kind && ` — ${KIND_LABELS[kind] ?? kind}`}
      </p>
      <dl className="details__fields">
        <AddressField p={p} />
        {str(p, 'qpv_names') && str(p, 'name') === null && <Field label="Commune">{str(p, 'commune_name')}</Field>}
        {num(p, 'qpv_count') !== null && <Field label="Quartiers prioritaires">{num(p, 'qpv_count')}</Field>}
        {population !== null && <Field label="Population">{formatCountFr(population)}</Field>}
        {num(p, 'communes') !== null && <Field label="Communes">{num(p, 'communes')}</Field>}
        {isFranceServices && (
          <Field label="Prise de rendez-vous">{appointment === true ? 'oui' : appointment === false ? 'non' : 'non renseigné'}</Field>
        )}
        <ContactFields p={p} />
        {labelledOn && <Field label="Labellisation">{`le ${formatDateFr(labelledOn)}`}</Field>}
        {comment && <Field label="Commentaire">{comment}</Field>}
        {p.approximate === true && <Field label="Position">approximative</Field>}
      </dl>
      {isFranceServices && <HoursTable hours={p.hours} />}
      {services.length > 0 && (
        <div className="details__services">
          <h3>Services</h3>
          <ul>
            {services.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        </div>
      )}
      <PostsTable p={p} />
      {layerId === 'cantons' && str(p, 'code') && <CantonCoverage code={str(p, 'code')!} />}
      {sources.length > 0 && (
        <div className="details__sources">
          <h3>Source</h3>
          <ul>
            {sources.map((s) => (
              <li key={`${s.id}-${s.vintage}`}>
                {s.title}, {s.vintage}
                <br />
                <span className="details__producer">{s.producer}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

/** Details of the selected feature, as plain React text. */
export function DetailsPanel() {
  const selected = useAppStore((s) => s.selected);
  const feature = useAppStore(selectSelectedFeature);
  // an imported layer has no bundle manifest entry: its own says where it comes from
  const layer = useAppStore((s) =>
    s.selected ? (s.manifest?.layers[s.selected.layer] ?? s.imports.find((l) => l.id === s.selected!.layer)?.manifest) : undefined,
  );
  const clearSelection = useAppStore((s) => s.clearSelection);

  return (
    <div className="details">
      <p className="visually-hidden" role="status">
        {feature ? `Détails affichés : ${titleOf((feature.properties ?? {}) as Props)}` : ''}
      </p>
      {selected && feature ? (
        <>
          <button type="button" className="details__close" onClick={clearSelection}>
            Fermer<span className="visually-hidden"> les détails</span>
          </button>
          <FeatureDetails feature={feature} layer={layer} layerId={selected.layer} />
        </>
      ) : (
        <>
          <h2>Détails</h2>
          <p className="details__hint">
            Cliquez sur un lieu de la carte, ou choisissez une France Services dans la liste, pour afficher ses horaires et ses coordonnées.
          </p>
        </>
      )}
    </div>
  );
}
