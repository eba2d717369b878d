/*
** encoding.h — the input's encoding, turned into valid UTF-8 at the edge.
** An enc_decoder takes the raw bytes of one file in chunks of any size,
** decides the encoding (declared, or detected from a BOM and the first 64 KiB),
** strips a UTF-8 BOM, validates UTF-8 or converts GB18030/GBK with iconv(3),
** and hands out UTF-8 that is valid and free of NUL bytes. Sequences cut by a
** chunk boundary are carried over, so any chunking gives the same output and
** the same problem. The decoder owns its buffers and iconv handle; enc_free
** releases them. It knows nothing of lines or columns: on a problem it stops
** right after emitting every good byte before it, so the caller's own position
** is the problem's position.
*/
#ifndef HF_INGEST_ENCODING_H
#define HF_INGEST_ENCODING_H

#include <stdbool.h>
#include <stddef.h>

#include "policy/policy.h"

/* How many leading bytes AUTO detection looks at (and buffers). */
#define ENC_DETECT_BYTES (64u * 1024u)

typedef enum enc_problem_kind {
  ENC_P_NONE = 0,
  ENC_P_INVALID,      /* an invalid byte sequence (bytes = up to 4 bytes from its start) */
  ENC_P_TRUNCATED,    /* the file ends inside a multi-byte sequence */
  ENC_P_NUL,          /* a NUL byte (U+0000) in the text */
  ENC_P_UTF16,        /* a UTF-16 byte-order mark: the file is UTF-16, not CSV UTF-8 */
  ENC_P_BOM_MISMATCH, /* a UTF-8 BOM but the policy declares gb18030 */
  ENC_P_NO_ICONV      /* this system's iconv cannot convert GB18030 */
} enc_problem_kind;

typedef struct enc_problem {
  enc_problem_kind kind;
  unsigned char bytes[4];
  size_t nbytes;
  bool gb18030_plausible; /* ENC_P_INVALID in UTF-8: the bytes read as GB18030 */
  const char *encoding;   /* the encoding in force: "UTF-8" or "GB18030" */
} enc_problem;

typedef enum enc_result { ENC_OK = 0, ENC_STOPPED, ENC_PROBLEM } enc_result;

/* Receives UTF-8 output; returns non-zero to stop decoding (enc_feed then returns ENC_STOPPED). */
typedef int (*enc_emit)(void *ctx, const char *utf8, size_t len);

typedef struct enc_decoder enc_decoder;

enc_decoder *enc_new(hf_encoding declared);
void enc_free(enc_decoder *d);

/* Decodes n more raw bytes. After ENC_STOPPED or ENC_PROBLEM the decoder must not be fed again. */
enc_result enc_feed(enc_decoder *d, const char *raw, size_t n, enc_emit emit, void *ctx, enc_problem *pb);
/* Ends the input: decides the encoding of a short file, flushes, and reports a truncated tail. */
enc_result enc_finish(enc_decoder *d, enc_emit emit, void *ctx, enc_problem *pb);

/* "UTF-8", "UTF-8 (BOM)" or "GB18030" once decided; "UTF-8" before. A static string. */
const char *enc_name(const enc_decoder *d);

/* UTF-8 scanning (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
** Returns the length of the longest prefix of complete valid sequences without NUL;
** *stop says why it ended there. */
typedef enum enc_scan_stop { ENC_SCAN_END = 0, ENC_SCAN_NUL, ENC_SCAN_INVALID, ENC_SCAN_INCOMPLETE } enc_scan_stop;
size_t enc_utf8_scan(const unsigned char *p, size_t n, enc_scan_stop *stop);

/* True when b[0..n) starts with a complete GB18030 two- or four-byte sequence. */
bool enc_gb18030_plausible(const unsigned char *b, size_t n);

#endif
