/** A warning is data, never console output: parsers and extractors return these beside results. */
export interface Diagnostic {
  /** Stable machine code, e.g. `truncated`, `limit-size`, `bad-checksum`. */
  code: string;
  message: string;
  /** Byte or character offset the warning is about, when there is one. */
  offset?: number;
}
