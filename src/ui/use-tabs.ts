import { useRef, useState, type KeyboardEvent } from 'react';

/**
 * The WAI-ARIA tabs pattern's keyboard and focus for a tab list: arrow keys move to the
 * previous or next tab (wrapping), Home and End to the first and last; the tab moved to is
 * chosen and focused. `ids` are the tabs in order.
 */
export function useTabs(ids: readonly string[], initial: string) {
  const [active, setActive] = useState(initial);
  const buttons = useRef<Record<string, HTMLButtonElement | null>>({});
  const choose = (id: string, focus = false) => {
    setActive(id);
    if (focus) buttons.current[id]?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const i = ids.indexOf(active);
    const next =
      e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? ids.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    choose(ids[(next + ids.length) % ids.length], true);
  };
  /** The ref callback of a tab's button (kept to focus it). */
  const buttonRef = (id: string) => (el: HTMLButtonElement | null) => {
    buttons.current[id] = el;
  };
  return { active, choose, onKeyDown, buttonRef };
}
