// Builds web/ into dist/web: the dashboard and embed pages, and the widget script /widgets/dvk.js as one
// self-contained file for portals. `npm install` runs it; `npm run web:build` after changing web/.
import { build } from 'vite';
import { projectPath } from '../src/db/datamodel.ts';

const root = projectPath('web');
const outDir = projectPath('dist/web');

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
console.log('Built web/ into dist/web');
