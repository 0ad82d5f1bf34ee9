import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

interface TrackedFile {
  path: string;
  mode: string;
}

function trackedFiles(): TrackedFile[] {
  return execFileSync('git', ['ls-files', '-s', '-z'], { cwd: ROOT })
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((entry) => {
      const [meta, file] = entry.split('\t') as [string, string];
      return { path: file, mode: meta.split(' ')[0]! };
    });
}

/** A climb (parent segments joined by slashes, or quoted parent arguments of path.join): how many levels it goes up. */
const CLIMBS = [/(?<![\w.])\.\.(?:[\\/]\.\.)*(?![\w.])/g, /(['"])\.\.\1(?:\s*,\s*(['"])\.\.\2)+/g];
const levelsUp = (climb: string) => climb.match(/\.\./g)!.length;

/** Places that only exist on one machine, or beside one checkout. */
const OUTSIDE = [/\.\.[\\/]shared\b/, /(?<![\w.-])\/(?:root|home\/[\w.-]+|Users\/[\w.-]+|work\/(?:main|shared|\.library))(?=[\\/'"`\s)]|$)/];

/** What in a file's text points outside the repository, for a file at this path inside it. */
function problemsInText(file: string, text: string): string[] {
  const directory = path.posix.dirname(file);
  const depth = directory === '.' ? 0 : directory.split('/').length;
  const problems: string[] = [];
  text.split('\n').forEach((line, index) => {
    for (const pattern of OUTSIDE) if (pattern.test(line)) problems.push(`line ${index + 1}: ${line.trim()}`);
    for (const pattern of CLIMBS) {
      for (const climb of line.match(pattern) ?? []) {
        if (levelsUp(climb) > depth) problems.push(`line ${index + 1} climbs ${levelsUp(climb)} levels from depth ${depth}: ${line.trim()}`);
      }
    }
  });
  return problems;
}

function problemsOf(file: TrackedFile): string[] {
  if (file.mode === '120000') {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file.path), readlinkSync(path.join(ROOT, file.path))));
    return target.startsWith('../') || path.posix.isAbsolute(target) ? [`symlink to ${target}`] : [];
  }
  const content = readFileSync(path.join(ROOT, file.path));
  return content.includes(0) ? [] : problemsInText(file.path, content.toString('utf8'));
}

describe('the repository boundary', () => {
  it('should find the climbs and outside paths it looks for', () => {
    const at = (file: string, text: string) => problemsInText(file, text).length > 0;
    // Built here rather than written out, so that this file passes its own check.
    const up = (levels: number) => Array.from({ length: levels }, () => '..').join('/');
    const args = (levels: number) => Array.from({ length: levels }, () => "'..'").join(', ');
    expect(at('test/support/seed.ts', `path.resolve(__dirname, '${up(3)}/${'shared'}/seed/x.txt')`)).to.equal(true);
    expect(at('test/support/seed.ts', `path.join(__dirname, ${args(3)})`)).to.equal(true);
    expect(at('scripts/x.sh', `cd "$(dirname "$0")/${up(2)}"`)).to.equal(true);
    expect(at('README.md', `see ${'/'}root/.cache/x`)).to.equal(true);
    expect(at('README.md', `see ${'/'}home/alice/notes`)).to.equal(true);
    expect(at('test/support/seed.ts', `path.resolve(__dirname, '${up(2)}', 'README.md')`)).to.equal(false);
    expect(at('test/support/seed.ts', `path.join(__dirname, ${args(2)})`)).to.equal(false);
    expect(at('README.md', 'ranges 1..255 and an ellipsis...')).to.equal(false);
  });

  it('should have no tracked file that refers to a path outside the repository', () => {
    const problems = trackedFiles().flatMap((file) => problemsOf(file).map((problem) => `${file.path}: ${problem}`));
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });
});
