// Worker side of extractIndicatorsParallel: an `init` message with the text and options (answered `ready`),
// then one `chunk` message per range, each answered with that chunk's indicators (the caller merges).
import { parentPort } from 'node:worker_threads';
import { loadWarninglists } from '../../knowledge/warninglists/index.js';
import type { ExtractIndicatorsOptions } from '../indicators/index.js';
import { scanChunk } from './chunk.js';
import { encodeIndicators } from './codec.js';
import type { ChunkMessage, ChunkReply, InitMessage, ReadyMessage } from './protocol.js';

let text = '';
const opts: ExtractIndicatorsOptions = {};

parentPort?.on('message', (msg: InitMessage | ChunkMessage) => {
  if (msg.kind === 'init') {
    text = msg.text;
    opts.warninglists = msg.warninglists === 'bundled' ? loadWarninglists() : msg.warninglists;
    if (msg.types !== undefined) opts.types = msg.types;
    if (msg.dropBenign !== undefined) opts.dropBenign = msg.dropBenign;
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
