/**
 * The parse worker (bundled as dist/parseWorker.js): parses notes off the extension host's thread. The host sends
 * the notes that would block it (large ones, and those the fast scanner declines, which remark then reads in up to
 * a second or more); the worker answers with the `ParsedNote` as the bytes of `v8.serialize`, transferred (the host
 * decodes them into fresh strings that pin no file text when it is ready to use the note: see ./protocol.ts), or
 * with why it could not be parsed. One note at a time, in order.
 *
 * Protocol (see ./protocol.ts): the worker says `ready` once loaded, then answers each `{ id, text }` with one
 * reply carrying the same id.
 */
import { serialize } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { NoteTooComplexError, parseNote } from '../core/parse/index';
import type { WorkerReply, WorkerRequest } from './protocol';

const port = parentPort;
if (!port) throw new Error('parseWorker must run in a worker thread');

port.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    const bytes = serialize(parseNote(request.text));
    // The serializer's own buffer, whole, when it is one (the usual case); a copy of the bytes otherwise.
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
    const packed = whole ? (bytes.buffer as ArrayBuffer) : new Uint8Array(bytes).buffer;
    port.postMessage({ id: request.id, ok: true, packed } satisfies WorkerReply, [packed]);
    return;
  } catch (e) {
    reply = { id: request.id, ok: false, tooComplex: e instanceof NoteTooComplexError, message: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true } satisfies WorkerReply);
