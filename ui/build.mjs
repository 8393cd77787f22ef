// Builds ui/dist/ from ui/src/: one bundled, minified script and stylesheet
// with content hashes in their names (so the Go handler can let browsers
// cache them for good) and index.html pointing at them; the same for
// GraphiQL (React and GraphiQL from node_modules) into dist/graphiql/, so
// that the IDE at / needs no CDN. dist/ is wiped first so old hashed files
// do not pile up in the repository.
import * as esbuild from 'esbuild';
import { readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// --outdir DIR builds elsewhere: tests/dist.test.mjs compares such a build
// with the committed dist/ to catch a dist/ left stale after a src/ change.
const at = process.argv.indexOf('--outdir');
const dist = at > 0 ? process.argv[at + 1] : join(here, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

/** Bundles one page's entry points into outdir and writes its index.html. */
async function page(src, outdir, entryPoints, extra = {}) {
const result = await esbuild.build({
  entryPoints,
  // Paths in the output (and so the hashed names) are relative to this:
  // the same bytes whichever folder the build is started from.
  absWorkingDir: here,
  bundle: true,
  minify: true,
  sourcemap: false,
  format: 'iife',
  target: ['es2020'],
  outdir,
  entryNames: '[name]-[hash]',
  metafile: true,
  legalComments: 'linked',
  logLevel: 'warning',
  ...extra,
});

const outs = Object.keys(result.metafile.outputs).map((p) => basename(p));
const js = outs.find((f) => /\.js$/.test(f));
const css = outs.find((f) => /\.css$/.test(f));
if (!js || !css) throw new Error(`build: expected one script and one stylesheet, got ${outs.join(', ')}`);
const html = readFileSync(join(here, src), 'utf8').replace('{{JS}}', js).replace('{{CSS}}', css);
writeFileSync(join(outdir, 'index.html'), html);
console.log(`${outdir}: index.html ${js} ${css}`);
}

await page('src/index.html', dist, { app: join(here, 'src/main.ts'), style: join(here, 'src/style.css') });
// React picks its production build from process.env.NODE_ENV; GraphiQL's
// stylesheet is imported by its script and comes out beside it.
await page('src/graphiql/index.html', join(dist, 'graphiql'), { graphiql: join(here, 'src/graphiql/main.ts') }, {
  define: { 'process.env.NODE_ENV': '"production"' },
});
