import { memo, useEffect, useRef, type ChangeEvent } from 'react';
import classes from './data-grid.module.css';

/**
 * The grid's selection box: a native checkbox styled by data-grid.module.css (theme colour, focus ring,
 * both schemes through `color-scheme`). One per row scrolled into view, so it must cost one element:
 * a Mantine Checkbox is a dozen elements and several hooks per row (bench:browser gridtrace). Named
 * by its label; the grid handles the keyboard (Space on the active row), so it stays out of the Tab
 * order. `indeterminate` is a DOM property only: set through a ref, and shown as
 * `data-indeterminate` as Mantine's does.
 */
export const GridCheckbox = memo(function GridCheckbox(p: {
  label: string;
  checked: boolean;
  indeterminate?: boolean;
  disabled?: boolean;
  onChange: (e: ChangeEvent<HTMLInputElement>) => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  const mixed = !!p.indeterminate;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = mixed;
  }, [mixed]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className={classes.check}
      tabIndex={-1}
      aria-label={p.label}
      checked={p.checked}
      disabled={p.disabled}
      data-indeterminate={mixed || undefined}
      onChange={p.onChange}
    />
  );
});
