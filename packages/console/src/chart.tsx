import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

/** A palette that stays apart for the colour-blind (Okabe–Ito). */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

export interface LineSeries {
  label: string;
  values: (number | null)[];
}

/** A time-series chart (uPlot, canvas): `times` in ms, one line per series, values formatted by `unit`. */
export function LineChart({ title, times, series, unit, range }: { title: string; times: number[]; series: LineSeries[]; unit: (value: number) => string; range?: [number, number] }) {
  const target = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = target.current;
    if (!element) return;
    const plot = new uPlot(
      {
        width: Math.max(320, element.clientWidth),
        height: 240,
        series: [{}, ...series.map((line, index) => ({ label: line.label, stroke: PALETTE[index % PALETTE.length], width: 2, points: { show: true, size: 5 }, value: (_: uPlot, value: number | null) => (value === null ? '—' : unit(value)) }))],
        axes: [{}, { values: (_: uPlot, ticks: number[]) => ticks.map(unit), size: 64 }],
        scales: { x: { time: true }, y: { range: (_: uPlot, min: number, max: number) => range ?? [Math.min(0, min), Math.max(max, 1)] } },
        legend: { live: true },
      },
      [times.map((time) => time / 1000), ...series.map((line) => line.values)] as uPlot.AlignedData,
      element,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(320, element.clientWidth), height: 240 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [times, series, unit, range]);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div ref={target} role="img" aria-label={`${title}: ${series.map((line) => line.label).join(', ')}`} />
    </figure>
  );
}
