import { useMemo } from 'react';
import { OKABE_ITO } from '../../layers/palettes.ts';
import { type AreaGeometry, boundsOverlap, fitProjection, geometryBounds, pathOf, scaleBar } from './canton-map-geometry.ts';

/** A site drawn on the sheet's map: numbered when it is one of the canton's (the number of the sheet's list). */
export interface MapSite {
  lngLat: readonly number[];
  kind: 'fixed' | 'bus';
  /** Number in the sheet's list; null: a France Services of another canton, drawn as context. */
  number: number | null;
}

export interface MapCommune {
  code: string;
  geometry: AreaGeometry;
  inCanton: boolean;
}

const SIZE = 400;
const PADDING = 16;

/**
 * The canton as an SVG map for print: its communes (and the neighbouring ones, lighter), its
 * outline, its France Services numbered as in the list (buses as diamonds), other France Services
 * as small rings, a scale bar; north is up. Drawn from the bundle's geometry: prints offline.
 */
export function CantonMap({
  canton,
  communes,
  sites,
  title,
}: {
  canton: AreaGeometry;
  communes: readonly MapCommune[];
  sites: readonly MapSite[];
  title: string;
}) {
  const drawing = useMemo(() => {
    const bounds = geometryBounds(canton);
    const projection = fitProjection(bounds, SIZE, SIZE, PADDING);
    const [w, s, e, n] = bounds;
    // what shows around the canton: the box the map covers, in degrees
    const view = [w - (e - w), s - (n - s), e + (e - w), n + (n - s)];
    const inView = (p: readonly number[]) => p[0] >= view[0] && p[0] <= view[2] && p[1] >= view[1] && p[1] <= view[3];
    return {
      projection,
      around: communes
        .filter((c) => !c.inCanton && boundsOverlap(geometryBounds(c.geometry), view))
        .map((c) => ({ code: c.code, d: pathOf(c.geometry, projection) })),
      inside: communes.filter((c) => c.inCanton).map((c) => ({ code: c.code, d: pathOf(c.geometry, projection) })),
      outline: pathOf(canton, projection),
      sites: sites.filter((x) => x.number !== null || inView(x.lngLat)).map((x) => ({ ...x, xy: projection.project(x.lngLat) })),
      scale: scaleBar(projection, SIZE / 3),
    };
  }, [canton, communes, sites]);
  const { scale } = drawing;
  return (
    <svg className="canton-map" viewBox={`0 0 ${SIZE} ${SIZE}`} role="img" aria-label={title}>
      <rect x="0" y="0" width={SIZE} height={SIZE} fill="#ffffff" />
      {drawing.around.map((c) => (
        <path key={c.code} d={c.d} fill="#f1efe9" stroke="#bdb8ad" strokeWidth="0.6" fillRule="evenodd" />
      ))}
      {drawing.inside.map((c) => (
        <path key={c.code} d={c.d} fill="#ffffff" stroke="#8a857b" strokeWidth="0.7" fillRule="evenodd" />
      ))}
      <path d={drawing.outline} fill="none" stroke={OKABE_ITO.blue} strokeWidth="3" strokeLinejoin="round" fillRule="evenodd" />
      {drawing.sites
        .filter((x) => x.number === null)
        .map((x) => (
          <circle
            key={`o${x.lngLat[0]},${x.lngLat[1]}`}
            cx={x.xy[0]}
            cy={x.xy[1]}
            r="3.5"
            fill="#ffffff"
            stroke="#4d4d4d"
            strokeWidth="1.2"
          />
        ))}
      {drawing.sites
        .filter((x) => x.number !== null)
        .map((x) => (
          <g key={`n${x.number}`} transform={`translate(${x.xy[0].toFixed(1)} ${x.xy[1].toFixed(1)})`}>
            {x.kind === 'bus' ? (
              <rect
                x="-8"
                y="-8"
                width="16"
                height="16"
                transform="rotate(45)"
                fill={OKABE_ITO.vermillion}
                stroke="#000000"
                strokeWidth="1.2"
              />
            ) : (
              <circle r="9" fill={OKABE_ITO.vermillion} stroke="#000000" strokeWidth="1.2" />
            )}
            <text y="4.5" textAnchor="middle" fontSize="12" fontWeight="700" fill="#ffffff">
              {x.number}
            </text>
          </g>
        ))}
      <g transform={`translate(${PADDING} ${SIZE - PADDING})`}>
        <rect x="-4" y="-22" width={scale.units + 8} height="26" fill="#ffffff" opacity="0.85" />
        <path d={`M0 -6V0H${scale.units.toFixed(1)}V-6`} fill="none" stroke="#000000" strokeWidth="1.5" />
        <text x="0" y="-10" fontSize="12" fill="#000000">
          {scale.km.toLocaleString('fr-FR')} km
        </text>
      </g>
      <text x={SIZE - PADDING} y={PADDING + 12} textAnchor="end" fontSize="12" fill="#000000">
        ↑ Nord
      </text>
    </svg>
  );
}
