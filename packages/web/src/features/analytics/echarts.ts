// ECharts with only the parts the analytics pages draw: keeps the bundle small.
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import {
  AriaComponent, DataZoomComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, HeatmapSeriesOption, LineSeriesOption } from 'echarts/charts';
import type {
  AriaComponentOption, DataZoomComponentOption, GridComponentOption, LegendComponentOption, TooltipComponentOption,
  VisualMapComponentOption,
} from 'echarts/components';

echarts.use([
  BarChart, HeatmapChart, LineChart, AriaComponent, DataZoomComponent, GridComponent, LegendComponent, TooltipComponent,
  VisualMapComponent, CanvasRenderer,
]);

export type ChartOption = ComposeOption<
  | BarSeriesOption | HeatmapSeriesOption | LineSeriesOption | AriaComponentOption | DataZoomComponentOption
  | GridComponentOption | LegendComponentOption | TooltipComponentOption | VisualMapComponentOption
>;

export { echarts };

/** The app's palette (styles.css) for series. */
export const COLORS = {
  primary: '#0f766e',
  accent: '#c8922a',
  info: '#1d5fa8',
  danger: '#b42318',
  muted: '#627282',
  border: '#e1e6ea',
  text: '#16212b',
  heat: ['#f2f8f7', '#bfe1dc', '#5fb3a7', '#0f766e', '#0b2e33'],
};
