import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';

/**
 * Where a Node process's CPU goes, by library: Linux `perf` samples the process's every thread with
 * its call stacks, and Node (started with `--perf-basic-prof`) names its JavaScript frames with their
 * files in /tmp/perf-<pid>.map. Each sample is charged to one bucket:
 *
 * 1. `GC` or `V8 compiler` when such a V8 function is anywhere on its stack (they run on behalf of
 *    whatever allocated or got hot, so no library is charged for them);
 * 2. otherwise the library of the JavaScript frame nearest the leaf that belongs to a package (or to
 *    our own code): what that library called, Node's own JavaScript, a native JSON.parse, a syscall,
 *    is that library's cost;
 * 3. otherwise `Node runtime`: the event loop, the HTTP parser, timers, the kernel, with no library
 *    on the stack.
 */

/** Packages charged together under one name: a library and the packages it brings for its work. */
const LIBRARY_OF: [RegExp, string][] = [
  [/^@opentelemetry\//, 'OpenTelemetry'],
  [/^(mongodb|bson|mongodb-connection-string-url|whatwg-url|@mongodb-js\/.*)$/, 'MongoDB driver + bson'],
  [/^kafkajs$/, 'kafkajs'],
  [/^(ioredis|@ioredis\/.*|redis-parser|redis-errors|denque|cluster-key-slot|standard-as-callback)$/, 'ioredis'],
  [/^(express|router|body-parser|raw-body|iconv-lite|finalhandler|send|serve-static|on-finished|type-is|accepts|content-type|qs|path-to-regexp|mime-types|negotiator|debug|depd|statuses|http-errors|cookie|vary|etag|fresh|parseurl|proxy-addr)$/, 'express'],
  [/^(jsonwebtoken|jws|jwa|jwks-rsa|jose)$/, 'jsonwebtoken'],
  [/^(ajv|ajv-formats|fast-uri|fast-deep-equal|json-schema-traverse)$/, 'ajv'],
  [/^(pino|pino-.*|@pinojs\/.*|sonic-boom|thread-stream|quick-format-unescaped|fast-redact|safe-stable-stringify|on-exit-leak-free|atomic-sleep)$/, 'pino (logging)'],
  [/^(rate-limiter-flexible)$/, 'rate-limiter-flexible'],
  [/^@checkout\//, 'our code'],
];

const GC = /Heap::|Scavenge|MarkCompact|MinorMC|GCTracer|ConcurrentMarking|Sweeper|heap::base|cppgc|IncrementalMarking|MemoryAllocator|Evacuat/;
const COMPILER = /compiler::|Turbofan|Maglev|OptimizingCompileDispatcher|Compiler::Compile|BytecodeGenerator|Parser::Parse|interpreter::|baseline::|Deoptimiz/;

/** The library a JavaScript frame belongs to, or null for Node's own JavaScript and native frames. */
export function libraryOfFrame(symbol: string): string | null {
  if (!/^(JS|LazyCompile|Function|Script):/.test(symbol)) return null;
  const modules = symbol.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = symbol.slice(modules + '/node_modules/'.length).split('/');
    const name = rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
    return LIBRARY_OF.find(([pattern]) => pattern.test(name))?.[1] ?? name;
  }
  if (/\/(services|packages)\/[^/]+\/dist\//.test(symbol)) return 'our code';
  return null;
}

/** The bucket one sample's stack (leaf first) is charged to. */
export function bucketOf(stack: readonly string[]): string {
  if (stack.some((symbol) => GC.test(symbol))) return 'GC';
  if (stack.some((symbol) => COMPILER.test(symbol))) return 'V8 compiler';
  for (const symbol of stack) {
    const library = libraryOfFrame(symbol);
    if (library) return library;
  }
  return 'Node runtime';
}

/** Samples per bucket in `perf script` output: samples are separated by blank lines, a header then one frame per line. */
export function samplesByBucket(perfScript: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const block of perfScript.split(/\n\s*\n/)) {
    const lines = block.split('\n').filter((line) => line.trim() !== '');
    if (lines.length < 2) continue;
    // "<address> <symbol>+0x<offset> (<dso>)"
    const stack = lines.slice(1).map((line) => line.trim().replace(/^[0-9a-f]+\s+/, '').replace(/\+0x[0-9a-f]+ \(.*\)$/, '').replace(/ \(.*\)$/, ''));
    const bucket = bucketOf(stack);
    counts[bucket] = (counts[bucket] ?? 0) + 1;
  }
  return counts;
}

/** A running `perf record` of one process, stopped with stop(). */
export class PerfRecording {
  private constructor(
    private readonly child: ChildProcess,
    private readonly file: string,
  ) {}

  static start(pid: number, file: string, frequencyHz = 499): PerfRecording {
    const child = spawn('perf', ['record', '-F', String(frequencyHz), '-g', '-p', String(pid), '-o', file], { stdio: 'ignore' });
    return new PerfRecording(child, file);
  }

  /** Ends the recording and returns its samples by bucket (its data file is removed once read). */
  async stop(): Promise<Record<string, number>> {
    const exited = once(this.child, 'exit');
    this.child.kill('SIGINT');
    await exited;
    const { stdout } = await promisify(execFile)('perf', ['script', '-i', this.file], { maxBuffer: 1024 * 1024 * 1024 });
    rmSync(this.file, { force: true });
    return samplesByBucket(stdout);
  }
}

/** Whether `perf` can record here (installed, and allowed by perf_event_paranoid or root). */
export async function perfAvailable(): Promise<boolean> {
  try {
    await promisify(execFile)('perf', ['record', '-F', '99', '-o', '/dev/null', '--', 'true']);
    return true;
  } catch {
    return false;
  }
}
