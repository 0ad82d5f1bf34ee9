import { expect } from 'chai';
import { bucketOf, libraryOfFrame, samplesByBucket } from '../bench/perf-split';

describe("the benchmark's per-library CPU split (bench/perf-split.ts)", () => {
  it("should name the library of a JavaScript frame from its file, and none for Node's own or native frames", () => {
    expect(libraryOfFrame('JS:*encode /srv/checkout/node_modules/kafkajs/src/protocol/encoder.js:120:9')).to.equal('kafkajs');
    expect(libraryOfFrame('JS:^deserialize /x/node_modules/bson/lib/bson.cjs:4000:1')).to.equal('MongoDB driver + bson');
    expect(libraryOfFrame('JS:~startActiveSpan /x/node_modules/@opentelemetry/sdk-trace-base/build/src/Tracer.js:1:1')).to.equal('OpenTelemetry');
    expect(libraryOfFrame('JS:^handle /x/node_modules/router/lib/layer.js:1:1')).to.equal('express');
    expect(libraryOfFrame('JS:^other /x/node_modules/left-pad/index.js:1:1')).to.equal('left-pad');
    expect(libraryOfFrame('JS:*decide /srv/checkout/packages/sessions/dist/session-lifecycle.js:10:3')).to.equal('our code');
    expect(libraryOfFrame('JS:^emit node:events:471:44')).to.equal(null);
    expect(libraryOfFrame('node::LibuvStreamWrap::OnUvRead')).to.equal(null);
  });

  it('should charge a sample to GC or the compiler first, else to the library nearest the leaf, else to the runtime', () => {
    const ioredis = 'JS:^write /x/node_modules/ioredis/built/Redis.js:1:1';
    const ours = 'JS:^save /x/services/gateway/dist/save.js:1:1';
    expect(bucketOf(['v8::internal::Heap::CollectGarbage', ioredis, ours])).to.equal('GC');
    expect(bucketOf(['v8::internal::compiler::PipelineImpl::Run', ours])).to.equal('V8 compiler');
    expect(bucketOf(['__send', 'JS:^writeGeneric node:internal/stream_base_commons:1:1', ioredis, ours])).to.equal('ioredis');
    expect(bucketOf(['Builtins_JsonStringify', ours, ioredis])).to.equal('our code');
    expect(bucketOf(['epoll_wait', 'uv__io_poll', 'node::SpinEventLoopInternal'])).to.equal('Node runtime');
  });

  it("should read `perf script` output: one sample per block, its frames' symbols without addresses and offsets", () => {
    const script = [
      'node 123 1.000: 10101010 cpu-clock:ppp: ',
      '\t    7f00 JS:*encode /x/node_modules/kafkajs/src/encoder.js:1:1+0x12 (/tmp/perf-123.map)',
      '\t    a5380c node::Start+0x15c (/usr/bin/node)',
      '',
      'node 123 1.001: 10101010 cpu-clock:ppp: ',
      '\tffffffff81bd1b67 tcp_sendmsg+0x47 ([kernel.kallsyms])',
      '\t    a5380c node::Start+0x15c (/usr/bin/node)',
      '',
      'node 124 1.002: 10101010 cpu-clock:ppp: ',
      '\t    1234 v8::internal::Scavenger::Process+0x10 (/usr/bin/node)',
      '',
    ].join('\n');
    expect(samplesByBucket(script)).to.deep.equal({ kafkajs: 1, 'Node runtime': 1, GC: 1 });
  });
});
