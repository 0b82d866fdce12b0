// Bundles the site's scripts into dist/; the API embeds dist/ and serves it at /site/.
// chart.js carries only the ECharts parts the figures explorer uses (bars, lines, SVG renderer).
import { build } from 'esbuild';

await build({
  entryPoints: { site: 'src/site.js', chart: 'src/chart.js' },
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  outdir: 'dist',
  logLevel: 'warning',
  legalComments: 'external',
});
