import type { StyleSpecification } from 'maplibre-gl';

/**
 * The offline base style: a paper-coloured background only. No remote tiles,
 * sprites or glyphs: every other layer comes from the département bundle.
 */
export function baseStyle(): StyleSpecification {
  return {
    version: 8,
    name: 'Maillage (hors ligne)',
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#e9e5dc' } }],
  };
}
