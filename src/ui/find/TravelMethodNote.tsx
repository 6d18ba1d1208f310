import { TRAVEL_ASSUMPTIONS } from '../../core/nearest/estimate-travel.ts';
import type { ResultsRoadTimes } from './use-road-times.ts';

const comma = (n: number) => String(n).replace('.', ',');

/** What the road times stand on: the road file, its date, the speeds and the connector. */
function RoadMethod({ road }: { road: ResultsRoadTimes }) {
  const t = road.times;
  if (!t) return null;
  if (t.status === 'loading') return <>Calcul des temps par la route… </>;
  if (t.status === 'error') return <>Temps par la route indisponibles ({t.error}) : temps estimés. </>;
  if (!t.network) return null;
  const n = t.network;
  return (
    <>
      Temps « par la route » : calculés sur le réseau routier du fichier {n.sourceFile} (date {n.sourceDate ?? 'inconnue'}), vitesses par
      type de route, sans embouteillages ; raccordement à la route en ligne droite à {n.connector.speedKmh} km/h (au plus{' '}
      {comma(n.connector.maxKm)} km).{' '}
      {!t.originOnNetwork && (
        <>Le point de recherche est à plus de {comma(n.connector.maxKm)} km de toute route du fichier : temps estimés. </>
      )}
    </>
  );
}

/** The note under the results: how their distances and times were obtained (road graph or straight-line estimate). */
export function TravelMethodNote({ road }: { road: ResultsRoadTimes }) {
  return (
    <p className="find__assumption">
      <RoadMethod road={road} />
      Distances à vol d’oiseau. Temps « estimation (ligne droite) », sans calcul d’itinéraire : distance ×{' '}
      {comma(TRAVEL_ASSUMPTIONS.detourFactor)} (détours des routes), à {TRAVEL_ASSUMPTIONS.carSpeedKmh} km/h en voiture et{' '}
      {TRAVEL_ASSUMPTIONS.walkSpeedKmh} km/h à pied (à pied sous {TRAVEL_ASSUMPTIONS.walkMaxKm} km).
    </p>
  );
}
