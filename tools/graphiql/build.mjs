// Bundles GraphiQL into dist/ (graphiql.js + graphiql.css); the API embeds dist/ and serves it at /graphql/ui.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/index.jsx'],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  outfile: 'dist/graphiql.js',
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl' },
  logLevel: 'warning',
  legalComments: 'external',
});
