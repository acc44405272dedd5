// A digest of the files something is made from (folders read whole, in a fixed order): the same digest, the
// same result, so the making can be skipped. The demo the tests seed and the web build use it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function sourcesDigest(paths: string[], { except = [] }: { except?: string[] } = {}): string {
  const hash = createHash('sha256');
  const files = paths
    .flatMap((path) =>
      statSync(path).isDirectory()
        ? readdirSync(path, { recursive: true, withFileTypes: true })
            .filter((entry) => entry.isFile())
            .map((entry) => join(entry.parentPath, entry.name))
        : [path],
    )
    .filter((file) => !except.some((folder) => file.startsWith(folder)))
    .sort();
  for (const file of files) hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 16);
}
