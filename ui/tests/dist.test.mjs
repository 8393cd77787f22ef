// The committed ui/dist/ is what the Go binary embeds: it must be what
// ui/src/ builds to, or the explorer people run is not the one in review.
// Builds into a temporary folder and compares file by file (esbuild's output
// and its content-hashed names are deterministic).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ui = join(dirname(fileURLToPath(import.meta.url)), '..');

test('ui/dist is the build of ui/src (run ui/build.sh after changing the source)', { timeout: 120000 }, () => {
  const out = mkdtempSync(join(tmpdir(), 'explorer-dist-'));
  try {
    execFileSync(process.execPath, [join(ui, 'build.mjs'), '--outdir', out], { stdio: 'pipe' });
    // Recursive: GraphiQL's page is in dist/graphiql/.
    const files = (dir) => readdirSync(dir, { recursive: true }).filter((f) => statSync(join(dir, f)).isFile()).sort();
    const built = files(out);
    const committed = files(join(ui, 'dist'));
    assert.deepEqual(committed, built, 'ui/dist holds other files than a fresh build');
    for (const f of built) assert.ok(readFileSync(join(out, f)).equals(readFileSync(join(ui, 'dist', f))), `ui/dist/${f} differs from a fresh build`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
