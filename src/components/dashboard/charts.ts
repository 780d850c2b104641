import type { Dashboard } from '../../../types/dashboard';
import { PARTY_MODE_LABELS } from '../../../types/org-rules';
import type { ChartSpec } from './Chart';
import { axisName, monthShort } from './format';

/** Colours that stay apart for colour-blind readers (red, blue, amber, green, grey); every series is named in the legend too. */
export const CHART_COLORS = ['#c8161d', '#2f5d8a', '#b7791f', '#1c6b3a', '#7a7a7a'];

/** Type sizes of the charts: at least 14 px, larger in 长辈版. */
export const chartFont = (elder: boolean): number => (elder ? 17 : 14);
export const chartHeight = (elder: boolean, rows = 0): number => Math.max(elder ? 300 : 250, rows * (elder ? 40 : 32) + 90);

/** A round axis end and step count (0, 200, 400 … rather than 0, 122.50 …) that leaves room for the bar labels. */
export function niceAxis(top: number): { max: number; splitNumber: number } {
  if (top <= 0) return { max: 4, splitNumber: 4 };
  const power = 10 ** Math.floor(Math.log10(top / 4));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * power).find((s) => top / s <= 4) ?? 10 * power;
  const splitNumber = Math.max(1, Math.ceil(top / step));
  return { max: splitNumber * step, splitNumber };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const pct = (rate: number | null) => (rate === null ? null : Math.round(rate * 100));

function base(elder: boolean): Pick<ChartSpec, 'background' | 'color' | 'fontSize' | 'fontColor' | 'padding' | 'legend' | 'dataLabel'> {
  const fs = chartFont(elder);
  return {
    background: '#FFFFFF',
    color: CHART_COLORS,
    fontSize: fs,
    fontColor: '#333333',
    padding: [16, 12, 8, 8],
    // Numbers over every column overlap at 390 px; the table under the chart has them all.
    dataLabel: false,
    legend: { show: true, position: 'bottom', fontSize: fs, lineHeight: fs + 8, itemGap: 16, margin: 4 },
  };
}

const xAxis = (elder: boolean, labels: number) => ({
  fontSize: chartFont(elder),
  fontColor: '#333333',
  disableGrid: true,
  // Thin the month names out so none overlap at 390 px (the table names every month).
  labelCount: labels > 8 ? (elder ? 4 : 6) : labels,
});
const yValue = (elder: boolean, extra: Record<string, unknown> = {}) => ({ min: 0, fontSize: chartFont(elder), fontColor: '#333333', ...extra });

/** 场地使用: booked hours by month (columns) and the use rate (line, right axis in %). */
export function venueUseSpec(d: Dashboard, elder: boolean): ChartSpec {
  return {
    ...base(elder),
    type: 'mix',
    categories: d.months.map((m) => monthShort(m.month)),
    series: [
      { name: '预约时长（小时）', type: 'column', index: 0, data: d.months.map((m) => round1(m.bookedHours)) },
      { name: '使用率（%）', type: 'line', index: 1, style: 'straight', data: d.months.map((m) => pct(m.useRate)), color: CHART_COLORS[1] },
    ],
    xAxis: xAxis(elder, d.months.length),
    yAxis: {
      gridType: 'dash',
      data: [
        { position: 'left', ...yValue(elder), title: '小时', titleFontSize: chartFont(elder) },
        { position: 'right', ...yValue(elder, { max: 100 }), title: '%', titleFontSize: chartFont(elder) },
      ],
    },
    extra: { mix: { column: { width: elder ? 14 : 12 } } },
  };
}

/** Horizontal bars, one per name (streets, venues), with the value at the end of each bar. */
export function barSpec(names: string[], values: number[], series: string, elder: boolean): ChartSpec {
  const { max, splitNumber } = niceAxis(Math.max(0, ...values) * 1.25);
  return {
    ...base(elder),
    padding: [8, 16, 8, 8],
    type: 'bar',
    categories: names.map((n) => axisName(n, elder ? 5 : 6)),
    series: [{ name: series, data: values.map(round1) }],
    dataLabel: true,
    legend: { show: false },
    xAxis: { fontSize: chartFont(elder), fontColor: '#333333', boundaryGap: 'justify', min: 0, max, splitNumber, gridType: 'dash' },
    yAxis: { fontSize: chartFont(elder), fontColor: '#333333', disableGrid: true },
    extra: { bar: { type: 'group', width: elder ? 22 : 18, barBorderCircle: false } },
  };
}

/** Columns by category (hours of the day, months), one or more series side by side. */
export function columnSpec(categories: string[], series: Array<{ name: string; data: number[] }>, elder: boolean): ChartSpec {
  return {
    ...base(elder),
    type: 'column',
    categories,
    series: series.map((s) => ({ ...s, data: s.data.map(round1) })),
    xAxis: xAxis(elder, categories.length),
    yAxis: { gridType: 'dash', data: [yValue(elder)] },
    extra: { column: { type: 'group', width: series.length > 1 ? (elder ? 10 : 8) : elder ? 16 : 14, seriesGap: 2 } },
  };
}

/** A ring of parts with the total (or a share) in the middle. */
export function ringSpec(parts: Array<{ name: string; value: number; color?: string }>, centre: { big: string; small: string }, elder: boolean): ChartSpec {
  const fs = chartFont(elder);
  return {
    ...base(elder),
    type: 'ring',
    series: parts.map((p) => ({ name: `${p.name} ${p.value}`, data: p.value, ...(p.color ? { color: p.color } : {}) })),
    dataLabel: false,
    title: { name: centre.big, fontSize: fs * 1.7, color: '#1f1f1f' },
    subtitle: { name: centre.small, fontSize: fs, color: '#555555' },
    extra: { ring: { ringWidth: elder ? 34 : 30, activeOpacity: 0.5, offsetAngle: -90, labelWidth: 8, border: true, borderWidth: 2, borderColor: '#FFFFFF' } },
  };
}

/** The article's own / joint / none, in the same words as the tables. */
export const PARTY_SHORT = { own: '单独建', joint: '联合建', none: '未建' } as const;
export const partyParts = (d: Dashboard) => [
  { name: PARTY_SHORT.own, value: d.orgs.own, color: CHART_COLORS[0], label: PARTY_MODE_LABELS.own },
  { name: PARTY_SHORT.joint, value: d.orgs.joint, color: CHART_COLORS[2], label: PARTY_MODE_LABELS.joint },
  { name: PARTY_SHORT.none, value: d.orgs.none, color: CHART_COLORS[4], label: PARTY_MODE_LABELS.none },
];
