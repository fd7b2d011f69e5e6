import { useRef } from 'preact/hooks';
import { html } from 'natter/render';
import type { StatusFilter } from './admin-api';
import { FILTER_LABELS } from './admin-messages';

/** The tabs in order. */
export const FILTERS: readonly StatusFilter[] = ['pending', 'approved', 'spam', 'deleted', 'all'];

/** Id of the tab of a filter (the list panel is labelled by it). */
export function tabId(filter: StatusFilter): string {
  return `natter-admin-tab-${filter}`;
}

/** Props of {@link StatusTabs}. */
export interface StatusTabsProps {
  selected: StatusFilter;
  onSelect(filter: StatusFilter): void;
  /** Id of the panel the tabs control. */
  panelId: string;
}

/**
 * The status tabs (WAI-ARIA tabs pattern): one tab stop, arrow keys, Home and
 * End move between tabs and select them.
 */
export function StatusTabs({ selected, onSelect, panelId }: StatusTabsProps) {
  const list = useRef<HTMLDivElement>(null);

  const move = (event: KeyboardEvent) => {
    const index = FILTERS.indexOf(selected);
    const next =
      event.key === 'ArrowRight' ? (index + 1) % FILTERS.length
      : event.key === 'ArrowLeft' ? (index - 1 + FILTERS.length) % FILTERS.length
      : event.key === 'Home' ? 0
      : event.key === 'End' ? FILTERS.length - 1
      : -1;
    const filter = FILTERS[next];
    if (filter === undefined) return;
    event.preventDefault();
    onSelect(filter);
    list.current?.querySelector<HTMLElement>(`#${tabId(filter)}`)?.focus();
  };

  return html`<div class="natter-admin-tabs" role="tablist" aria-label="Comments by status" ref=${list} onKeyDown=${move}>
    ${FILTERS.map((filter) => html`<button type="button" role="tab" id=${tabId(filter)} key=${filter}
        aria-selected=${filter === selected ? 'true' : 'false'} aria-controls=${panelId}
        tabindex=${filter === selected ? 0 : -1} onClick=${() => onSelect(filter)}>${FILTER_LABELS[filter]}</button>`)}
  </div>`;
}
