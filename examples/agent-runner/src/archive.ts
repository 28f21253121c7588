// A directory as a tar.gz archive, the form in which a session can be created from files
// (`ctx.workspace.create({ from: { tarGz } })`). Written out here (ustar headers, gzip from
// node:zlib) so that the example needs no archive package. Regular files only, in path order,
// with no times or owners: the same directory always gives the same bytes.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const BLOCK = 512;

/** Every regular file under `dir`, as paths relative to it with `/` separators, sorted. */
function filesUnder(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return filesUnder(path, root);
      return entry.isFile() ? [relative(root, path).split(sep).join('/')] : [];
    })
    .sort();
}

/** An octal number field of `width` bytes: digits, then NUL. */
function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(path: string, size: number, mode: number): Buffer {
  const name = Buffer.from(path, 'utf8');
  if (name.length > 100) throw new Error(`${path}: paths over 100 bytes are not supported here`);
  const block = Buffer.alloc(BLOCK);
  name.copy(block, 0);
  block.write(octal(mode, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii'); // uid
  block.write(octal(0, 8), 116, 'ascii'); // gid
  block.write(octal(size, 12), 124, 'ascii');
  block.write(octal(0, 12), 136, 'ascii'); // mtime
  block.write(' '.repeat(8), 148, 'ascii'); // the checksum counts its own field as spaces
  block.write('0', 156, 'ascii'); // a regular file
  block.write('ustar\0' + '00', 257, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(octal(sum, 7) + ' ', 148, 'ascii');
  return block;
}

/** The files under `dir` as a gzipped ustar archive. */
export function tarGz(dir: string): Buffer {
  const parts: Buffer[] = [];
  for (const path of filesUnder(dir)) {
    const full = join(dir, ...path.split('/'));
    const content = readFileSync(full);
    const mode = statSync(full).mode & 0o100 ? 0o755 : 0o644; // not the umask's variations
    parts.push(header(path, content.length, mode), content);
    const padding = (BLOCK - (content.length % BLOCK)) % BLOCK;
    parts.push(Buffer.alloc(padding));
  }
  parts.push(Buffer.alloc(2 * BLOCK)); // the end of the archive
  return gzipSync(Buffer.concat(parts));
}
