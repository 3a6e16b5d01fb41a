import { wrapLabel } from './wrap-label';

/** Room for the category axis of the dashboard's bar charts, and its text. */
export const AXIS_WIDTH = 190;
const FONT_SIZE = 12;
const LINE_HEIGHT = 14;

let canvas: CanvasRenderingContext2D | null | undefined;
/** Width of a label in the axis font (canvas measure; a generous estimate where there is no canvas). */
function measure(s: string): number {
  canvas ??= document.createElement('canvas').getContext('2d');
  if (!canvas) return s.length * FONT_SIZE * 0.62;
  canvas.font = `${FONT_SIZE}px ${getComputedStyle(document.body).fontFamily}`;
  return canvas.measureText(s).width;
}

/** The lines an axis label takes (the chart's row height follows the longest label). */
export function labelLines(text: string): { lines: string[]; truncated: boolean } {
  return wrapLabel(text, AXIS_WIDTH - 10, measure, 2);
}

/**
 * A category tick of a vertical bar chart: the label on up to two lines at its bar, an ellipsis only
 * past that, and the whole label as the tick's tooltip (SVG <title>). recharts' own tick wraps into
 * as many lines as it likes and clips them at the chart's edge.
 */
export function AxisTick(props: { x?: number | string; y?: number | string; payload?: { value?: unknown } }) {
  const text = String(props.payload?.value ?? '');
  const { lines, truncated } = labelLines(text);
  const top = -((lines.length - 1) * LINE_HEIGHT) / 2;
  return (
    <g transform={`translate(${props.x ?? 0},${props.y ?? 0})`} data-axis-label={text}>
      {truncated ? <title>{text}</title> : null}
      <text textAnchor="end" fontSize={FONT_SIZE} fill="var(--mantine-color-text)" dominantBaseline="central">
        {lines.map((l, i) => (
          <tspan key={i} x={-6} y={top + i * LINE_HEIGHT}>
            {l}
          </tspan>
        ))}
      </text>
    </g>
  );
}
