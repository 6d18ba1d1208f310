import type { IControl, Map as MapLibreMap } from 'maplibre-gl';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A "frame" icon: four corners around a dot (built with DOM calls, no HTML string). */
function frameIcon(): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 20 20');
  svg.setAttribute('width', '20');
  svg.setAttribute('height', '20');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', 'M3 8V3h5M12 3h5v5M17 12v5h-5M8 17H3v-5');
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', '#1a1a1a');
  path.setAttribute('stroke-width', '2');
  const dot = document.createElementNS(SVG_NS, 'circle');
  dot.setAttribute('cx', '10');
  dot.setAttribute('cy', '10');
  dot.setAttribute('r', '2.2');
  dot.setAttribute('fill', '#1a1a1a');
  svg.append(path, dot);
  return svg;
}

/**
 * A map button "Recentrer sur le département": fits the view to the département's extent
 * (given by `extent()`, null while the manifest is not loaded: the button is then disabled).
 */
export class FitDepartementControl implements IControl {
  private container: HTMLDivElement | null = null;
  private button: HTMLButtonElement | null = null;
  private map: MapLibreMap | null = null;

  constructor(private readonly extent: () => readonly [number, number, number, number] | null) {}

  onAdd(map: MapLibreMap): HTMLElement {
    this.map = map;
    const container = document.createElement('div');
    container.className = 'maplibregl-ctrl maplibregl-ctrl-group maillage-fit';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'maillage-fit__button';
    button.title = 'Recentrer sur le département';
    button.setAttribute('aria-label', 'Recentrer sur le département');
    button.append(frameIcon());
    button.addEventListener('click', this.fit);
    container.append(button);
    this.container = container;
    this.button = button;
    this.update();
    return container;
  }

  onRemove(): void {
    this.button?.removeEventListener('click', this.fit);
    this.container?.remove();
    this.container = null;
    this.button = null;
    this.map = null;
  }

  /** Enables the button once the département's extent is known. */
  update(): void {
    if (this.button) this.button.disabled = this.extent() === null;
  }

  private readonly fit = () => {
    const e = this.extent();
    if (!this.map || !e) return;
    const reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
    this.map.fitBounds(
      [
        [e[0], e[1]],
        [e[2], e[3]],
      ],
      { padding: 16, animate: !reduced, duration: 500 },
    );
  };
}
