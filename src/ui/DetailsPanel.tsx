import type { ReactNode } from 'react';
import { selectSelectedFeature } from '../state/selectors.ts';
import { readProps, type AnyFeature, type DisplayProperties, type PropsReader } from '../layers/feature-props.ts';
import { kindLabelOf, layerDef } from '../layers/layer-registry.ts';
import type { LayerManifest } from '../state/app-state.ts';
import { DAY_LABELS, DAY_ORDER, formatDateFr, formatDayHoursFr, mailHref, telHref, webHref } from './format-fr.ts';
import { formatCountFr } from '../layers/french-format.ts';
import { useAppStore } from './use-app-store.ts';
import { CantonSites } from './planner/CantonSites.tsx';

type Props = PropsReader<DisplayProperties>;

function titleOf(p: Props): string {
  return p.text('name') ?? p.text('qpv_names') ?? p.text('commune_name') ?? p.text('id') ?? p.text('code') ?? 'Sans nom';
}

/** Sources of the layer that the feature comes from (by `source` / `sources[].source`), else all of them. */
function sourcesOf(p: Props, layer: LayerManifest | undefined): LayerManifest['sources'] {
  if (!layer) return [];
  const ids = new Set<string>();
  const own = p.text('source');
  if (own) ids.add(own);
  const many = p.raw('sources');
  if (Array.isArray(many))
    for (const s of many)
      if (s && typeof s === 'object' && typeof (s as { source?: unknown }).source === 'string') ids.add((s as { source: string }).source);
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
  const phone = p.text('phone');
  const mail = p.text('mail');
  const website = p.text('website');
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
  const address = p.text('address');
  const town = [p.text('postcode'), p.text('commune_name')].filter(Boolean).join(' ');
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
  const years = Object.keys(p.json)
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
            <td>{postsOf(p, y) ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Posts of one year (`posts_YYYY`, a key made from the year). */
function postsOf(p: Props, year: string): number | null {
  const v = p.json[`posts_${year}`];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
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
          Ouvrir l’espace planification
        </button>{' '}
        pour voir la couverture de ce canton.
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
          <Field label="Communes partagées">{`${row.splitCommunes.join(', ')} (population répartie selon la grille de population de 1 km)`}</Field>
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
      <p className="details__hint">Distances à vol d’oiseau. Méthode et sources : espace planification, onglet « Tableau ».</p>
      <CantonSites code={code} />
    </div>
  );
}

function FeatureDetails({ feature, layer, layerId }: { feature: AnyFeature; layer: LayerManifest | undefined; layerId: string }) {
  const p = readProps<DisplayProperties>(feature.properties);
  const details = layerDef(layerId)?.details;
  const kind = p.text('kind');
  const appointment = p.raw('appointment');
  const labelledOn = p.text('labelled_on');
  const comment = p.text('comment');
  const services = p.texts('services');
  const population = p.number('population');
  const code = p.text('code');
  const sources = sourcesOf(p, layer);

  return (
    <>
      <h2 id="details-title" className="details__title" tabIndex={-1}>
        {titleOf(p)}
      </h2>
      <p className="details__layer">
        {layer?.title ?? layerId}
        {kind && ` — ${kindLabelOf(kind) ?? kind}`}
      </p>
      <dl className="details__fields">
        <AddressField p={p} />
        {p.text('qpv_names') && p.text('name') === null && <Field label="Commune">{p.text('commune_name')}</Field>}
        {p.number('qpv_count') !== null && <Field label="Quartiers prioritaires">{p.number('qpv_count')}</Field>}
        {population !== null && <Field label="Population">{formatCountFr(population)}</Field>}
        {p.number('communes') !== null && <Field label="Communes">{p.number('communes')}</Field>}
        {details?.appointment && (
          <Field label="Prise de rendez-vous">{appointment === true ? 'oui' : appointment === false ? 'non' : 'non renseigné'}</Field>
        )}
        <ContactFields p={p} />
        {labelledOn && <Field label="Labellisation">{`le ${formatDateFr(labelledOn)}`}</Field>}
        {comment && <Field label="Commentaire">{comment}</Field>}
        {p.raw('approximate') === true && <Field label="Position">approximative</Field>}
      </dl>
      {details?.hours && <HoursTable hours={p.raw('hours')} />}
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
      {details?.cantonCoverage && code && <CantonCoverage code={code} />}
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
        {feature ? `Détails affichés : ${titleOf(readProps<DisplayProperties>(feature.properties))}` : ''}
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
