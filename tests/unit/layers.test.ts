// The layers of src/ import one way, down: the server (HTTP) reads the schema, the schema reads the domain
// (units, indicators, records, access, import, analytics), the domain reads the database, and everything
// may read the helpers that know nothing of the domain. `npm run cycles` finds import cycles; this finds an
// import that points up, which a cycle check does not (one import up is no cycle yet).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/db/datamodel.ts';

/** Each part of src/ and its layer, lowest first; a file of a layer imports only from its own or lower. */
const LAYERS: [layer: number, parts: string[]][] = [
  [0, ['lib', 'generated', 'errors.ts', 'turns.ts']],
  // The process's configuration (which names the database), its log, and its database.
  [1, ['db', 'config.ts', 'log.ts']],
  [2, ['units', 'indicators', 'entry', 'access', 'import', 'analytics', 'embed', 'demo', 'threads.ts']],
  [3, ['context.ts', 'schema']],
  [4, ['server']],
  [5, ['main.ts']],
];
const layerOf = (file: string): number => {
  const part = relative(projectPath('src'), file).split('/')[0]!;
  const found = LAYERS.find(([, parts]) => parts.includes(part));
  if (!found) throw new Error(`${file} is in no layer: add its part of src/ to LAYERS`);
  return found[0];
};
/** The web pages run in a browser: of src/ they may read only what needs no server nor database. */
const WEB_MAY_READ = 2;

function sources(folder: string): string[] {
  return readdirSync(projectPath(folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.parentPath.includes('generated'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The files of src/ a file imports (types too: a type from above is a dependency on above). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)[^;]*?from '(\.[^']+)'/gms)]
    .map((match) => resolve(dirname(file), match[1]!))
    .filter((target) => target.startsWith(projectPath('src')));
}

describe('the layers of src/', () => {
  it('import down, never up: server → schema → domain → database → helpers', () => {
    const upward = sources('src').flatMap((file) =>
      importsOf(file)
        .filter((target) => layerOf(target) > layerOf(file))
        .map((target) => `${relative(projectPath(''), file)} → ${relative(projectPath(''), target)}`),
    );
    expect(upward).toEqual([]);
  });

  it('give the web pages only what runs in a browser: no schema, server nor database', () => {
    const reached = sources('web').flatMap((file) =>
      importsOf(file)
        .filter((target) => layerOf(target) > WEB_MAY_READ || layerOf(target) === 1)
        .map((target) => `${relative(projectPath(''), file)} → ${relative(projectPath(''), target)}`),
    );
    expect(reached).toEqual([]);
  });
});
