// Builds ui/dist/ from ui/src/: one bundled, minified script and stylesheet
// with content hashes in their names (so the Go handler can let browsers
// cache them for good) and index.html pointing at them. dist/ is wiped
// first so old hashed files do not pile up in the repository.
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

const result = await esbuild.build({
  entryPoints: { app: join(here, 'src/main.ts'), style: join(here, 'src/style.css') },
  bundle: true,
  minify: true,
  sourcemap: false,
  format: 'iife',
  target: ['es2020'],
  outdir: dist,
  entryNames: '[name]-[hash]',
  metafile: true,
  legalComments: 'linked',
  logLevel: 'warning',
});

const outs = Object.keys(result.metafile.outputs).map((p) => basename(p));
const js = outs.find((f) => /^app-.*\.js$/.test(f));
const css = outs.find((f) => /^style-.*\.css$/.test(f));
if (!js || !css) throw new Error(`build: expected app-*.js and style-*.css, got ${outs.join(', ')}`);
const html = readFileSync(join(here, 'src/index.html'), 'utf8').replace('{{JS}}', js).replace('{{CSS}}', css);
writeFileSync(join(dist, 'index.html'), html);
console.log(`${dist}: index.html ${js} ${css}`);
