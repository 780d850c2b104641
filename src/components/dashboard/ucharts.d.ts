/** uCharts ships no types: the part of its API the dashboard uses (https://www.ucharts.cn/v2/#/document/index). */
declare module '@qiun/ucharts' {
  export interface UChartsOptions {
    type: 'column' | 'bar' | 'line' | 'ring' | 'pie' | 'mix';
    context: unknown;
    width: number;
    height: number;
    pixelRatio?: number;
    canvas2d?: boolean;
    categories?: string[];
    series: Array<Record<string, unknown>>;
    animation?: boolean;
    background?: string;
    color?: string[];
    padding?: number[];
    fontSize?: number;
    fontColor?: string;
    dataLabel?: boolean;
    dataPointShape?: boolean;
    legend?: Record<string, unknown>;
    xAxis?: Record<string, unknown>;
    yAxis?: Record<string, unknown>;
    extra?: Record<string, unknown>;
    title?: Record<string, unknown>;
    subtitle?: Record<string, unknown>;
  }
  export default class UCharts {
    constructor(options: UChartsOptions);
    updateData(data: Partial<UChartsOptions>): void;
  }
}
