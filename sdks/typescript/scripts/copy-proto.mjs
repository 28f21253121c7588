// Copies the wire contract (the repository's proto/ directory) into the package, which loads it
// at run time; the published package carries its own copy.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, '..', '..', '..', 'proto', 'aether');
const target = join(here, '..', 'proto', 'aether');
if (!existsSync(source)) {
  throw new Error(`proto sources not found at ${source}`);
}
rmSync(target, { recursive: true, force: true });
cpSync(source, target, { recursive: true });
