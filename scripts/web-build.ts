// Builds web/ into dist/web: the dashboard and embed pages, and the widget script /widgets/dvk.js as one
// self-contained file for portals. `npm install` and `npm test` run it; `npm run web:build` after changing
// web/. A build from the same sources as the last one is skipped: `npm test` after `npm install` built twice.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { projectPath } from '../src/db/datamodel.ts';
import { sourcesDigest } from './sources-digest.ts';

const root = projectPath('web');
const outDir = projectPath('dist/web');
const digestFile = `${outDir}/.sources-digest`;
// The pages import the API's own rules and words from src/; the lock file holds Vite's and the libraries' versions.
const digest = sourcesDigest(['web', 'src', 'scripts/web-build.ts', 'scripts/sources-digest.ts', 'package-lock.json'].map(projectPath), {
  except: [projectPath('src/generated')],
});
if (existsSync(digestFile) && readFileSync(digestFile, 'utf8') === digest) {
  console.log('dist/web is built from these sources already');
  process.exit(0);
}
// Loaded only for a build: Vite alone takes a second to load.
const { build } = await import('vite');

await build({
  root,
  base: '/',
  logLevel: 'warn',
  // The officers' app is Preact components (web/app); the dashboard and the widgets are plain TypeScript.
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir,
    emptyOutDir: true,
    rollupOptions: {
      input: { dashboard: `${root}/dashboard/index.html`, embed: `${root}/embed/chart.html`, app: `${root}/app/index.html` },
      // zod's sources carry comments Rollup cannot place (and removes): harmless, and noise in every install.
      onwarn: (warning, warn) => warning.code === 'INVALID_ANNOTATION' || warn(warning),
    },
  },
});

await build({
  root,
  logLevel: 'warn',
  // The widget script runs on other sites' pages: no process.env, no shared chunks, one file.
  define: { 'process.env.NODE_ENV': '"production"' },
  build: {
    outDir: `${outDir}/widgets`,
    emptyOutDir: false,
    lib: { entry: `${root}/widgets/dvk.ts`, name: 'DvkWidgets', formats: ['iife'], fileName: () => 'dvk.js' },
  },
});
writeFileSync(digestFile, digest);
console.log('Built web/ into dist/web');
