import type { LegendSymbol } from '../layers/layer-types.ts';

/** A small legend symbol drawn with CSS (decorative: the label carries the meaning). */
export function LegendSwatch({ symbol, colour }: { symbol: LegendSymbol; colour: string }) {
  const style =
    symbol === 'ring' || symbol === 'outline' || symbol === 'dashed'
      ? { borderColor: colour }
      : symbol === 'area'
        ? { borderColor: colour, backgroundColor: `${colour}55` }
        : { backgroundColor: colour };
  return <span className={`swatch swatch--${symbol}`} style={style} aria-hidden="true" />;
}
