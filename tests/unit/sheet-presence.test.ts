import { describe, expect, it } from 'vitest';
import { TOAST_GAP, TOAST_MAX_WIDTH, toastPlacement } from '../../components/ui/sheet-presence';

// Toasts keep clear of an open sheet: beside it when there is room, else where they were.

describe('toastPlacement', () => {
  it('puts toasts left of the sheet, full width when there is room', () => {
    // A 736 px sheet on a 1440 px window: its left edge at 704.
    expect(toastPlacement({ left: 704, viewport: 1440 })).toEqual({ right: 1440 - 704 + TOAST_GAP, width: TOAST_MAX_WIDTH });
  });

  it('narrows them to fit a smaller gap', () => {
    const p = toastPlacement({ left: 300, viewport: 1036 })!;
    expect(p.width).toBe(300 - 2 * TOAST_GAP);
    // The toast's right edge stays a gap away from the sheet.
    expect(1036 - p.right).toBe(300 - TOAST_GAP);
  });

  it('leaves them in place with no sheet, or no room beside it', () => {
    expect(toastPlacement(null)).toBeNull();
    expect(toastPlacement({ left: 100, viewport: 836 })).toBeNull();
    expect(toastPlacement({ left: 0, viewport: 390 })).toBeNull();
  });
});
