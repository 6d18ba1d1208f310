import { openStatusOf, type FindItem } from '../../state/slices/find.slice.ts';
import { weekSchedule } from '../../core/hours/week-schedule.ts';
import type { WeekHoursInput } from '../../core/hours/open-status.ts';
import { readProps, type DisplayProperties, type PlaceSourceRecord } from '../../layers/feature-props.ts';
import { layerDef } from '../../layers/layer-registry.ts';
import { mailHref, telHref } from '../format-fr.ts';
import { departementLabelFr, formatDistanceFr, formatMinutesFr } from '../find-format-fr.ts';
import { useAppStore } from '../use-app-store.ts';

/** Whole minutes shown for a road time: rounded up, at least 1 (as the estimates). */
export const shownRoadMinutes = (minutes: number): number => Math.max(1, Math.ceil(minutes - 1e-9));

/**
 * Where the place is, as far as the data tells: a straight-line distance and a car time, by road
 * (`roadMinutes`, measured on the bundle's road graph) or else the straight-line estimate, each
 * naming its method; for a site known only by its commune, the commune and nothing that would
 * read as a distance to the place (its point is the commune's centre).
 */
export function TravelLine({ item, roadMinutes }: { item: FindItem; roadMinutes?: number }) {
  if (item.precision === 'commune')
    return (
      <p className="find-result__distance find-result__distance--commune">
        Dans la commune de <strong>{item.communeName ?? 'sa commune'}</strong> (adresse précise non connue)
      </p>
    );
  const t = item.travel;
  return (
    <p className="find-result__distance">
      <strong>{formatDistanceFr(item.distanceKm)}</strong> à vol d’oiseau ·{' '}
      {roadMinutes !== undefined ? (
        <span data-travel-method="road">≈ {formatMinutesFr(shownRoadMinutes(roadMinutes))} en voiture par la route</span>
      ) : (
        <span data-travel-method="estimate">≈ {formatMinutesFr(t.carMinutes)} en voiture, estimation (ligne droite)</span>
      )}
      {t.walkMinutes !== undefined && <> · ≈ {formatMinutesFr(t.walkMinutes)} à pied</>}
    </p>
  );
}

/** "Ouvert" / "Fermé · ouvre à …", today's hours, and the whole week (Monday to Sunday) folded below. */
function Hours({ item, now }: { item: FindItem; now: Date }) {
  const p = readProps<DisplayProperties>(item.site.properties);
  const hours = p.raw('hours');
  const week = weekSchedule(typeof hours === 'object' && hours !== null ? (hours as WeekHoursInput) : null);
  const osmHours = p.text('opening_hours_osm');
  if (!week) {
    return osmHours ? (
      <p className="find-result__today">Horaires déclarés : {osmHours}</p>
    ) : (
      <p className="find-result__today find__hint">Horaires non renseignés dans la source.</p>
    );
  }
  const status = openStatusOf(item, now);
  const today = week.find((d) => d.weekDay === status.weekDay);
  return (
    <>
      <p className={`find-result__open find-result__open--${status.state}`}>
        {status.label.charAt(0).toUpperCase() + status.label.slice(1)}
      </p>
      <details className="find-result__week">
        <summary>
          Aujourd’hui ({today?.dayFr}) : {today?.textFr}
          <span className="find-result__week-more"> · toute la semaine</span>
        </summary>
        <table className="find-result__week-table">
          <caption className="visually-hidden">Horaires de la semaine</caption>
          <tbody>
            {week.map((d) => (
              <tr key={d.weekDay} className={d.weekDay === status.weekDay ? 'is-today' : undefined}>
                <th scope="row">
                  {d.dayFr.charAt(0).toUpperCase() + d.dayFr.slice(1)}
                  {d.weekDay === status.weekDay && <span className="visually-hidden"> (aujourd’hui)</span>}
                </th>
                <td>
                  {d.textFr}
                  {!d.fromSource && <span className="find__hint"> (non indiqué par la source)</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}

/** Every source that lists this place (the build merged their records into one card). */
function SourcesLine({ sources }: { sources: PlaceSourceRecord[] }) {
  const titles = [...new Set(sources.map((s) => s.source_title || s.source))];
  if (titles.length === 0) return null;
  return (
    <p className="find-result__sources">
      {titles.length > 1 ? `Listé par ${titles.length} sources : ` : 'Source : '}
      {titles.join(' ; ')}
    </p>
  );
}

/** Large "Appeler", "Itinéraire" and mail links (44 px high at least). */
function Actions({ item, name }: { item: FindItem; name: string }) {
  const p = readProps<DisplayProperties>(item.site.properties);
  const phone = p.text('phone');
  const mail = p.text('mail');
  const tel = phone ? telHref(phone) : null;
  const mailto = mail ? mailHref(mail) : null;
  if (!tel && !mailto && !item.directionsUrl) return null;
  return (
    <ul className="find-result__actions">
      {tel && (
        <li>
          <a className="find-result__action" href={tel}>
            Appeler<span className="visually-hidden"> {name}</span> <span className="find-result__action-detail">{phone}</span>
          </a>
        </li>
      )}
      {item.directionsUrl && (
        <li>
          <a className="find-result__action" href={item.directionsUrl} target="_blank" rel="noopener noreferrer">
            Itinéraire<span className="visually-hidden"> vers {name} (OpenStreetMap, nouvel onglet)</span>
          </a>
        </li>
      )}
      {mailto && (
        <li>
          <a className="find-result__action find-result__action--secondary" href={mailto}>
            Écrire<span className="visually-hidden"> à {name}</span> <span className="find-result__action-detail">{mail}</span>
          </a>
        </li>
      )}
    </ul>
  );
}

/** One place of the results: name (selects it on the map), where it is, hours, appointment, sources, actions. */
export function ResultCard({
  item,
  now,
  selected,
  onSelect,
  roadMinutes,
}: {
  item: FindItem;
  now: Date;
  selected: boolean;
  onSelect: () => void;
  /** Minutes by road from the searched point (the road graph), when measured. */
  roadMinutes?: number;
}) {
  const p = readProps<DisplayProperties>(item.site.properties);
  const name = p.text('name') ?? 'Sans nom';
  const showsAppointment = layerDef(item.site.layer)?.details?.appointment === true;
  const address = [p.text('address'), [p.text('postcode'), p.text('commune_name')].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const dept = p.text('dept');
  const homeDept = useAppStore((st) => st.dept);
  const comment = p.text('comment');
  const nature = p.text('nature');
  const sources = Array.isArray(item.site.properties.sources) ? (item.site.properties.sources as PlaceSourceRecord[]) : [];

  return (
    <article className={selected ? 'find-result is-selected' : 'find-result'} aria-current={selected ? 'true' : undefined}>
      <h4 className="find-result__title">
        <button
          type="button"
          className="find-result__name"
          data-find-result=""
          onClick={onSelect}
          aria-describedby={`find-${item.key}-distance`}
        >
          <span className={`find-result__rank find-result__rank--${item.group}`} aria-hidden="true">
            {item.rank}
          </span>
          <span className="find-result__label">{name}</span>
          <span className="visually-hidden"> — voir sur la carte et le détail</span>
        </button>
      </h4>
      <div id={`find-${item.key}-distance`}>
        <TravelLine item={item} roadMinutes={roadMinutes} />
      </div>
      {nature && <p className="find-result__kind">{nature}</p>}
      {address && (
        <p className="find-result__address">
          {address}
          {dept && dept !== homeDept && <span className="find-result__dept"> — {departementLabelFr(dept)}</span>}
        </p>
      )}
      <Hours item={item} now={now} />
      {showsAppointment && (
        <p className="find-result__appointment">
          Prise de rendez-vous : {p.raw('appointment') === true ? 'oui' : p.raw('appointment') === false ? 'non' : 'non renseignée'}
        </p>
      )}
      {comment && <p className="find-result__comment">{comment}</p>}
      <SourcesLine sources={sources} />
      <Actions item={item} name={name} />
    </article>
  );
}

/**
 * A France Services itinérante at its base: what the list says (the territory it serves, its
 * schedule text, its phone); never directions, never a distance to the depot as a place to go.
 */
export function BusCard({ item }: { item: FindItem }) {
  const p = readProps<DisplayProperties>(item.site.properties);
  const name = p.text('name') ?? 'Bus France Services';
  const service = item.itinerant;
  if (service?.role === 'stop') {
    const address = [p.text('address'), p.text('commune_name') ?? item.communeName].filter(Boolean).join(', ');
    return (
      <article className="find-result find-result--bus">
        <h4 className="find-result__title find-result__title--plain">{name}</h4>
        <p className="find-result__kind">
          Arrêt d’un bus France Services{service.territory ? ` (${service.territory})` : ''} : jours de passage non publiés
        </p>
        <TravelLine item={item} />
        {address && <p className="find-result__address">{address}</p>}
        <Actions item={item} name={name} />
      </article>
    );
  }
  return (
    <article className="find-result find-result--bus">
      <h4 className="find-result__title find-result__title--plain">{name}</h4>
      <p className="find-result__kind">France Services itinérante (un bus qui se déplace)</p>
      <p>Secteur desservi : {service?.territory ?? 'non précisé par la liste nationale'}</p>
      <p className="find-result__bus">
        {service?.scheduleText
          ? `Passages : ${service.scheduleText}`
          : 'Les lieux et jours de passage ne figurent pas dans la liste nationale : appelez pour les connaître.'}
      </p>
      <p className="find__hint">
        Le bus est rattaché à {p.text('commune_name') ?? item.communeName ?? 'sa base'} (son lieu de stationnement, pas un lieu d’accueil).
      </p>
      <Actions item={item} name={name} />
    </article>
  );
}
