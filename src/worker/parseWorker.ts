/**
 * The parse worker (bundled as dist/parseWorker.js): parses notes off the extension host's thread. The host sends
 * the notes that would block it (large ones, and those the fast scanner declines, which remark then reads in up to
 * a second or more); the worker answers with the `ParsedNote`, which crosses back as a structured clone (fresh
 * strings that pin no file text), or with why it could not be parsed. One note at a time, in order.
 *
 * Protocol (see ./protocol.ts): the worker says `ready` once loaded, then answers each `{ id, text }` with one
 * reply carrying the same id.
 */
import { parentPort } from 'node:worker_threads';
import { NoteTooComplexError, parseNote } from '../core/parse/index';
import type { WorkerReply, WorkerRequest } from './protocol';

const port = parentPort;
if (!port) throw new Error('parseWorker must run in a worker thread');

port.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id: request.id, ok: true, parsed: parseNote(request.text) };
  } catch (e) {
    reply = { id: request.id, ok: false, tooComplex: e instanceof NoteTooComplexError, message: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true } satisfies WorkerReply);
