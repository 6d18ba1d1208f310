import { STRAIGHT_LINE_ESTIMATE_FR, roadNetworkMethodFr } from '../roads/road-network-info.ts';
import type { CoverageRow, CoverageTable } from './coverage-types.ts';

/** The drive-time columns of the canton table, as the exports describe them (coverage-export.ts lists them after the distances). */
export interface DriveTimeColumn {
  name: string;
  titleFr: string;
  datatype: 'decimal';
  unit: '%' | 'min';
  description: string;
  value(row: CoverageRow): number | null;
}

const BANDS = [10, 20, 30] as const;
const WITHOUT = "Vide quand aucun réseau routier n'est chargé (les temps sont alors une estimation en ligne droite, non publiée ici).";

/** Population within 10 / 20 / 30 minutes by car (%), then the mean and largest drive time (minutes). */
export function driveTimeColumns(): DriveTimeColumn[] {
  const within = (r: CoverageRow) => [r.populationWithin10MinPct, r.populationWithin20MinPct, r.populationWithin30MinPct];
  return [
    ...BANDS.map(
      (min, i): DriveTimeColumn => ({
        name: `population_within_${min}_min_drive_pct`,
        titleFr: `Population à moins de ${min} min en voiture (%)`,
        datatype: 'decimal',
        unit: '%',
        description: `Part (en %) de la population à moins de ${min} minutes en voiture, sur le réseau routier chargé, d'une France Services fixe (y compris hors département). ${WITHOUT}`,
        value: (r) => within(r)[i],
      }),
    ),
    {
      name: 'mean_drive_time_min',
      titleFr: 'Temps moyen en voiture (min)',
      datatype: 'decimal',
      unit: 'min',
      description: `Temps en voiture moyen, pondéré par la population, jusqu'à la France Services fixe la plus proche, sur le réseau routier chargé. ${WITHOUT}`,
      value: (r) => r.meanDriveMinutes,
    },
    {
      name: 'max_drive_time_min',
      titleFr: 'Temps maximal en voiture (min)',
      datatype: 'decimal',
      unit: 'min',
      description: `Plus grand temps en voiture d'un lieu habité relié au réseau jusqu'à la France Services fixe la plus proche. ${WITHOUT}`,
      value: (r) => r.maxDriveMinutes,
    },
  ];
}

/** The method line of the drive-time columns, in French: the road file and its date, or the estimate named when there is none. */
export function driveTimeMethodText(table: CoverageTable): string {
  const d = table.method.driveTime;
  if (!d) {
    return `Temps en voiture : aucun réseau routier chargé, colonnes vides ; méthode : ${STRAIGHT_LINE_ESTIMATE_FR}. Pour des temps réels : npm run -s cli -- roads --file FICHIER (docs/drive-time.md).`;
  }
  const { connector } = d.network;
  const lost = [
    d.populationOffNetwork > 0 ? `${Math.round(d.populationOffNetwork)} habitants à plus de ${connector.maxKm} km de toute route` : null,
    d.populationNoPath > 0 ? `${Math.round(d.populationNoPath)} habitants sans chemin vers une France Services` : null,
    d.sitesOffNetwork > 0 ? `${d.sitesOffNetwork} France Services hors réseau` : null,
  ].filter(Boolean);
  return `Temps en voiture : ${roadNetworkMethodFr(d.network)}, graphe de ${d.network.nodes} nœuds et ${d.network.edges} arcs ; depuis les mêmes lieux habités que les distances, jusqu'à la France Services fixe la plus proche (un seul calcul depuis tous les sites) ; vitesses par classe de route (docs/drive-time.md), sans embouteillages ; raccordement à la route en ligne droite à ${connector.speedKmh} km/h, au plus ${connector.maxKm} km ; seuils ${d.bandsMinutes.join(', ')} min ; ${lost.length ? `comptés hors des seuils : ${lost.join(', ')}` : 'tous les habitants sont reliés'}.`;
}
