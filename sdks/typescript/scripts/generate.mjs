// Generates the TypeScript types of the gRPC contract (proto/aether/v1) into src/generated/ with
// proto-loader-gen-types, which ships with the @grpc/proto-loader the SDK loads the protos with
// at run time. The options below must match that loader's (src/transport.ts), so that the types
// describe the objects it really produces.
//
//   node scripts/generate.mjs           regenerates src/generated/
//   node scripts/generate.mjs --check   fails if regenerating would change src/generated/
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const sdk = join(dirname(fileURLToPath(import.meta.url)), '..');
const committed = join(sdk, 'src', 'generated');
const protos = ['client', 'worker', 'admin', 'workspace', 'approvals', 'schedules'].map((name) => `aether/v1/${name}.proto`);
/** Written by hand, kept when regenerating. */
const README = 'README.md';

function generate(outDir) {
  const loader = dirname(createRequire(import.meta.url).resolve('@grpc/proto-loader/package.json'));
  rmSync(outDir, { recursive: true, force: true });
  // Run from the package directory: the generated files name their proto by a path relative to it.
  execFileSync(
    process.execPath,
    [
      join(loader, 'build', 'bin', 'proto-loader-gen-types.js'),
      '--longs=Number',
      '--enums=String',
      '--defaults',
      '--oneofs',
      '--includeComments',
      '--grpcLib=@grpc/grpc-js',
      '--importFileExtension=.js',
      '--includeDirs=../../proto',
      `--outDir=${outDir}`,
      ...protos,
    ],
    { cwd: sdk, stdio: 'inherit' },
  );
}

function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((path) => path !== README && statSync(join(dir, path)).isFile())
    .sort();
}

const fresh = mkdtempSync(join(tmpdir(), 'aether-generated-'));
try {
  if (process.argv.includes('--check')) {
    generate(fresh);
    const want = files(fresh);
    const have = files(committed);
    const changed = [
      ...want.filter((path) => !have.includes(path)).map((path) => `missing: ${path}`),
      ...have.filter((path) => !want.includes(path)).map((path) => `stale: ${path}`),
      ...want
        .filter((path) => have.includes(path))
        .filter((path) => !readFileSync(join(fresh, path)).equals(readFileSync(join(committed, path))))
        .map((path) => `differs: ${path}`),
    ];
    if (changed.length > 0) {
      console.error(
        `${relative(process.cwd(), committed) || committed} is out of date with proto/ ` +
          `(run \`npm run generate\` and commit the result):\n  ${changed.join('\n  ')}`,
      );
      process.exitCode = 1;
    } else {
      console.log(`${want.length} generated files match proto/`);
    }
  } else {
    generate(fresh);
    for (const path of files(committed)) rmSync(join(committed, path));
    cpSync(fresh, committed, { recursive: true });
  }
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
