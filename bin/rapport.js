#!/usr/bin/env node
// The package's executable: runs the compiled CLI. `npm run build` (or `npm start`) compiles it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('Rapport is not built yet: run `npm run build` first (npm start does it for you).\n');
  process.exit(1);
}
await import(entry.href);
