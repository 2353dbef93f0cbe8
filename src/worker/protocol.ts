/**
 * Messages between the host and the parse worker (./parseWorker.ts). Plain data: they cross as structured clones,
 * but for the parsed note, which crosses as the bytes of `v8.serialize`, transferred (see `packed`).
 */
/** Host → worker: parse this note's text. */
export interface WorkerRequest {
  id: number;
  text: string;
}

/** Worker → host: loaded (`ready`), or the answer to one request. */
export type WorkerReply =
  | { ready: true }
  /**
   * `packed`: the `ParsedNote` as `v8.serialize` writes it, its buffer transferred, not copied. A structured clone
   * would be decoded by the host in the message's I/O callback, before any code of the host runs: on a 200 KB note
   * that decoding (3-5 ms) made the young generation's objects to be copied by the collector in that callback (10-30
   * ms), and the host's next slice, run in the same turn of the event loop, made one block of 30-50 ms. Decoded by
   * the caller (`WorkerParse`'s `read`), it falls inside a slice the caller controls.
   */
  | { id: number; ok: true; packed: ArrayBuffer }
  /** `tooComplex`: remark's budget refused the note (NoteTooComplexError); else a parser defect. */
  | { id: number; ok: false; tooComplex: boolean; message: string };
