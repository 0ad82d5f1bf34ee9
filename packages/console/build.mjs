// Builds the console into dist/: one hashed script and one hashed stylesheet (cached for ever by the
// gateway), the index.html naming them (never cached), and dist/manifest.json with their sizes.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const root = path.dirname(new URL(import.meta.url).pathname);
const dist = path.join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const result = await build({
  entryPoints: { console: path.join(root, 'src/main.tsx'), style: path.join(root, 'src/console.css') },
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  entryNames: '[name]-[hash]',
  outdir: dist,
  metafile: true,
  legalComments: 'linked',
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((file) => path.relative(dist, path.resolve(file)));
const script = outputs.find((file) => /^console-.*\.js$/.test(file));
const style = outputs.find((file) => /^style-.*\.css$/.test(file));
if (!script || !style) throw new Error(`the build wrote no script or stylesheet: ${outputs.join(', ')}`);

const template = readFileSync(path.join(root, 'src/index.html'), 'utf8');
writeFileSync(path.join(dist, 'index.html'), template.replace('{{script}}', `./${script}`).replace('{{style}}', `./${style}`));

const sizeOf = (file) => {
  const bytes = readFileSync(path.join(dist, file));
  return { file, bytes: statSync(path.join(dist, file)).size, gzipBytes: gzipSync(bytes, { level: 9 }).length };
};
const manifest = { script: sizeOf(script), style: sizeOf(style) };
writeFileSync(path.join(dist, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
process.stdout.write(`console built: ${script} ${kib(manifest.script.bytes)} (${kib(manifest.script.gzipBytes)} gzip), ${style} ${kib(manifest.style.bytes)} (${kib(manifest.style.gzipBytes)} gzip)\n`);
