// Worker side of extractIndicatorsParallel: an `init` message with the text and types (answered `ready`),
// then one `chunk` message per range, each answered with that chunk's indicators (the caller merges).
import { parentPort } from 'node:worker_threads';
import type { ExtractIndicatorsOptions } from '../indicators/index.js';
import { scanChunk } from './chunk.js';
import { encodeIndicators } from './codec.js';
import type { ChunkMessage, ChunkReply, InitMessage, ReadyMessage } from './protocol.js';

let text = '';
// No warninglists here: the calling thread tags benign indicators while merging (protocol.ts).
const opts: ExtractIndicatorsOptions = { warninglists: null };

parentPort?.on('message', (msg: InitMessage | ChunkMessage) => {
  if (msg.kind === 'init') {
    text = msg.text;
    if (msg.types !== undefined) opts.types = msg.types;
    const ready: ReadyMessage = { kind: 'ready' };
    parentPort?.postMessage(ready);
    return;
  }
  let reply: ChunkReply;
  try {
    const { indicators, newlines } = scanChunk(text, msg.from, msg.to, opts);
    reply = { kind: 'chunk', index: msg.index, ok: true, encoded: encodeIndicators(indicators), newlines };
  } catch (e) {
    reply = { kind: 'chunk', index: msg.index, ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(reply, reply.ok ? [reply.encoded.nums.buffer as ArrayBuffer] : []);
});
