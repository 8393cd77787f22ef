// Loads one of the explorer's TypeScript modules in node: esbuild bundles it
// (with what it imports from src/, Cytoscape left out: the pure pieces only
// import its types) into a temporary ES module, which the test imports.

import * as esbuild from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');
const out = mkdtempSync(join(tmpdir(), 'explorer-unit-'));

export async function load(file) {
  const outfile = join(out, basename(file).replace(/\.ts$/, '.mjs'));
  await esbuild.build({
    entryPoints: [join(src, file)],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    outfile,
    external: ['cytoscape', 'cytoscape-fcose'],
    // platform neutral reads no package.json entry field by default; the
    // map's topojson-client names its ES module in "module".
    mainFields: ['module', 'main'],
    logLevel: 'error',
  });
  return import(pathToFileURL(outfile).href);
}
