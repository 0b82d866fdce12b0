// Draws the chart the server prepared: the data are the rows of the table on the page
// (tr[data-value]), so the chart can never disagree with the table, and without JS the table remains.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, SVGRenderer]);

const color = '#1f5f8b';
// 1.2e11 reads as 1200亿 on Chinese pages and 120B on English ones.
const compact = new Intl.NumberFormat(document.documentElement.lang, { notation: 'compact', maximumFractionDigits: 2 });

document.querySelectorAll('[data-chart]').forEach((element) => {
  const table = document.getElementById(element.dataset.chart);
  if (!table) return;
  const rows = [...table.querySelectorAll('tr[data-value]')];
  if (rows.length === 0) return;
  const type = element.dataset.chartType === 'line' ? 'line' : 'bar';
  element.hidden = false; // before init: ECharts sizes the chart from the element's box
  const chart = echarts.init(element, null, { renderer: 'svg' });
  chart.setOption({
    animation: false,
    color: [color],
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.dataset.label),
      axisLabel: { interval: 0, rotate: rows.length > 4 ? 30 : 0, width: 120, overflow: 'truncate' },
    },
    yAxis: { type: 'value', name: element.dataset.unit || '', axisLabel: { formatter: (v) => compact.format(v) } },
    series: [{ type, data: rows.map((r) => Number(r.dataset.value)), itemStyle: { color } }],
  });
  window.addEventListener('resize', () => chart.resize());
});
