/** Messages between the host and the parse worker (./parseWorker.ts). Plain data: they cross as structured clones. */
import type { ParsedNote } from '../core/model';

/** Host → worker: parse this note's text. */
export interface WorkerRequest {
  id: number;
  text: string;
}

/** Worker → host: loaded (`ready`), or the answer to one request. */
export type WorkerReply =
  | { ready: true }
  | { id: number; ok: true; parsed: ParsedNote }
  /** `tooComplex`: remark's budget refused the note (NoteTooComplexError); else a parser defect. */
  | { id: number; ok: false; tooComplex: boolean; message: string };
