/**
 * A bar chart drawn by Chart.js on a canvas, with its figures as a table for screen
 * readers (the canvas itself is hidden from them) and each bar's value written at its
 * end, so nobody has to read a value off an axis.
 *
 * Only the bar chart's parts of Chart.js are registered (tree-shaken: ~60 KB gzipped of
 * the page, against ~200 KB for the whole library). No animation: the figures change
 * every few seconds, and a chart that moves each time is harder to read at a glance.
 */
import { BarController, BarElement, CategoryScale, Chart, LinearScale, type Plugin } from 'chart.js';
import { type CSSProperties, useEffect, useLayoutEffect, useRef } from 'react';
import { PAGE_FONT, pageFontFor } from '../../fonts.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale);
Chart.defaults.font.family = PAGE_FONT;
Chart.defaults.font.size = 13;
Chart.defaults.color = '#1a1a1a';

/** Seen by nobody, read by screen readers. */
export const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  margin: -1,
  padding: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
};

export interface BarChartProps {
  caption: string;
  labels: readonly string[];
  values: readonly number[];
  /** One colour for every bar, or one per bar. */
  colours: string | readonly string[];
  /** Bars from the left (categories down the side), for long names. */
  horizontal?: boolean;
  /** The table's headings: what the labels are, what the values are. */
  labelHeading: string;
  valueHeading: string;
  format(value: number): string;
  height: string;
}

interface Drawn {
  values: readonly number[];
  format(value: number): string;
  horizontal: boolean;
}

/** Each bar's figure at its end; the chart's current props are read from `drawn`. */
function valuesAtBars(drawn: { current: Drawn }): Plugin<'bar'> {
  return {
    id: 'valuesAtBars',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const { values, format, horizontal } = drawn.current;
      ctx.save();
      ctx.font = `600 13px ${PAGE_FONT}`;
      ctx.fillStyle = '#1a1a1a';
      ctx.textAlign = horizontal ? 'left' : 'center';
      ctx.textBaseline = horizontal ? 'middle' : 'bottom';
      chart.getDatasetMeta(0).data.forEach((bar, index) => {
        const value = values[index] ?? 0;
        if (value === 0) return;
        ctx.fillText(format(value), horizontal ? bar.x + 6 : bar.x, horizontal ? bar.y : bar.y - 3);
      });
      ctx.restore();
    },
  };
}

export function BarChart(props: BarChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'bar'> | undefined>(undefined);
  const drawn = useRef<Drawn>({ values: props.values, format: props.format, horizontal: props.horizontal === true });
  drawn.current = { values: props.values, format: props.format, horizontal: props.horizontal === true };

  // Chart.js's own responsiveness (observers on the document and the canvas's box, answered
  // a frame later) has thrown reading a canvas already gone (`ownerDocument` of null) as the
  // operator left the Today screen. So the chart is sized here instead, from one observer
  // that is disconnected, with the chart destroyed, while the canvas is still in the page
  // (a layout effect's clean-up runs before the screen's elements are removed).
  useLayoutEffect(() => {
    const drawnOn = canvas.current;
    const box = drawnOn?.parentElement;
    if (!drawnOn || !box) return;
    const made = new Chart(drawnOn, {
      type: 'bar',
      data: { labels: [], datasets: [{ data: [], backgroundColor: [] }] },
      options: {
        indexAxis: props.horizontal ? 'y' : 'x',
        animation: false,
        responsive: false,
        // Room at the bars' ends for their figures.
        layout: { padding: props.horizontal ? { right: 48 } : { top: 20 } },
        events: [],
        scales: {
          [props.horizontal ? 'x' : 'y']: { beginAtZero: true, ticks: { precision: 0 }, grace: '5%' },
          [props.horizontal ? 'y' : 'x']: { grid: { display: false } },
        },
      },
      plugins: [valuesAtBars(drawn)],
    });
    chart.current = made;
    let destroyed = false;
    const fitToBox = () => {
      if (!destroyed && drawnOn.isConnected && box.clientWidth > 0) made.resize(box.clientWidth, box.clientHeight);
    };
    fitToBox();
    const sizes = new ResizeObserver(fitToBox);
    sizes.observe(box);
    // The CJK font may still be loading when the chart first draws: draw again once it is here.
    void document.fonts.ready.then(() => {
      if (!destroyed) made.update();
    });
    return () => {
      destroyed = true;
      sizes.disconnect();
      made.destroy();
      chart.current = undefined;
    };
  }, [props.horizontal]);

  useEffect(() => {
    const made = chart.current;
    if (!made) return;
    let current = true;
    // Drawn once the labels' slices of the CJK font are here: a canvas asks for no font by
    // itself, and labels measured in a stand-in font would be cut off at the chart's edge.
    void pageFontFor(props.labels.join(''))
      .catch(() => {})
      .then(() => {
        if (!current || chart.current !== made) return;
        made.data.labels = [...props.labels];
        const dataset = made.data.datasets[0];
        if (dataset) {
          dataset.data = [...props.values];
          dataset.backgroundColor = typeof props.colours === 'string' ? props.colours : [...props.colours];
        }
        made.update();
      });
    return () => {
      current = false;
    };
  }, [props.labels, props.values, props.colours]);

  return (
    <figure style={{ margin: 0 }}>
      <figcaption style={{ fontWeight: 700, margin: '0 0 0.25rem' }}>{props.caption}</figcaption>
      {/* Hidden from screen readers, which read the table below instead. */}
      <div aria-hidden="true" style={{ position: 'relative', height: props.height }}>
        <canvas ref={canvas} />
      </div>
      <table style={visuallyHidden}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.labelHeading}</th>
            <th scope="col">{props.valueHeading}</th>
          </tr>
        </thead>
        <tbody>
          {props.labels.map((label, index) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{props.format(props.values[index] ?? 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
