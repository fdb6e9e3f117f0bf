/**
 * Focuses a field and brings it to the middle of the window: focus's own scrolling stops at the
 * edge, where a sticky header can cover the field.
 */
export function focusField(el: HTMLElement) {
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: 'center', behavior: 'instant' });
}

/** After the next paint (the error marks are rendered by then), focuses the first invalid field of `root`. */
export function focusFirstInvalid(root: HTMLElement | null) {
  requestAnimationFrame(() => {
    const el = root?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (el) focusField(el);
  });
}
