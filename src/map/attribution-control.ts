import type { IControl } from 'maplibre-gl';

export interface AttributionEntry {
  /** Layer title, e.g. "France Services". */
  layer: string;
  /** The layer's attribution string(s) from the manifest. */
  attribution: string;
}

/**
 * A map control listing the attribution of each loaded layer, folded behind a
 * "Sources" disclosure so it does not hide the map on small screens. Plain text
 * only (textContent), never HTML from the data.
 */
export class LayerAttributionControl implements IControl {
  private container: HTMLDetailsElement | null = null;
  private list: HTMLUListElement | null = null;
  private summary: HTMLElement | null = null;
  private last = '';

  onAdd(): HTMLElement {
    const container = document.createElement('details');
    container.className = 'maplibregl-ctrl maillage-attrib';
    const summary = document.createElement('summary');
    summary.textContent = 'Sources des données';
    const list = document.createElement('ul');
    container.append(summary, list);
    this.container = container;
    this.summary = summary;
    this.list = list;
    this.last = '';
    this.container.hidden = true;
    return container;
  }

  onRemove(): void {
    this.container?.remove();
    this.container = null;
    this.list = null;
    this.summary = null;
  }

  getDefaultPosition(): 'bottom-right' {
    return 'bottom-right';
  }

  /** Replaces the listed entries (no DOM work when they did not change). */
  update(entries: AttributionEntry[]): void {
    if (!this.container || !this.list || !this.summary) return;
    const key = JSON.stringify(entries);
    if (key === this.last) return;
    this.last = key;
    const items = entries.map((e) => {
      const li = document.createElement('li');
      const name = document.createElement('strong');
      name.textContent = e.layer;
      li.append(name, ` : ${e.attribution}`);
      return li;
    });
    this.list.replaceChildren(...items);
    this.summary.textContent = `Sources des données (${entries.length} couche${entries.length > 1 ? 's' : ''})`;
    this.container.hidden = entries.length === 0;
  }
}
