import type { CodeVendor, StatusClass } from '../model/status.js';

/** One meaning of one status code, standard or vendor-specific. */
export interface CodeMeaning {
  code: number;
  class: StatusClass;
  vendor: CodeVendor;
  /** Reason phrase, e.g. 'Bad Gateway'. */
  reason: string;
  /** Earlier names, e.g. 'Payload Too Large' for 413. */
  formerReasons?: string[];
  /** Defining document, e.g. 'RFC 9110'. */
  rfc?: string;
  /** HTTP version the code first appeared in, e.g. 'HTTP/1.1'. */
  httpVersion?: string;
  /** What it means, in a sentence or two. */
  description: string;
  /** Heuristically cacheable by default (RFC 9110 section 15.1). */
  cacheable: boolean;
  /** Whether the code is a registered standard or an unofficial/vendor use. */
  official: boolean;
  /** 4xx/5xx: the most likely causes. */
  cause?: string;
  /** 4xx/5xx: the first place an on-call engineer should look. */
  lookFirst?: string;
  /** 4xx/5xx: whether and how a client should retry. */
  retry?: string;
}
