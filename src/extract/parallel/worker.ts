// Worker side of extractIndicatorsParallel: an `init` message with the text and types (answered `ready`),
// then one `chunk` message per range, each answered with that chunk's record (the caller merges).
import { parentPort } from 'node:worker_threads';
import type { IndicatorType } from '../../model/indicator.js';
import { recordChunk } from './chunk.js';
import { encodeTable } from './codec.js';
import type { ChunkMessage, ChunkReply, InitMessage, ReadyMessage } from './protocol.js';

let text = '';
let types: readonly IndicatorType[] | undefined;

parentPort?.on('message', (msg: InitMessage | ChunkMessage) => {
  if (msg.kind === 'init') {
    text = msg.text;
    types = msg.types;
    const ready: ReadyMessage = { kind: 'ready' };
    parentPort?.postMessage(ready);
    return;
  }
  let reply: ChunkReply;
  try {
    const t0 = performance.now();
    const { table, newlines } = recordChunk(text, msg.from, msg.to, types);
    reply = { kind: 'chunk', index: msg.index, ok: true, encoded: encodeTable(table), newlines, ms: performance.now() - t0 };
  } catch (e) {
    reply = { kind: 'chunk', index: msg.index, ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(reply, reply.ok ? [reply.encoded.ind.buffer as ArrayBuffer, reply.encoded.occ.buffer as ArrayBuffer] : []);
});
