/*
** encoding.c — BOM handling, AUTO detection, incremental UTF-8 validation and
** streaming GB18030 → UTF-8 conversion with iconv(3).
** See encoding.h for the contract; everything here is chunking-invariant.
*/
#include "ingest/encoding.h"

#include <errno.h>
#include <iconv.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/diag.h"

/* GB18030 input is staged (carry + new bytes) in blocks of this size;
** iconv writes into an output block of OUT_BYTES (UTF-8 is at most 1.5× GB18030). */
#define STAGE_BYTES (64u * 1024u)
#define OUT_BYTES (128u * 1024u)

typedef enum phase { PH_DETECT, PH_UTF8, PH_GB18030 } phase;

struct enc_decoder {
  hf_encoding declared;
  phase ph;
  const char *name;
  unsigned char *detect; /* the first ENC_DETECT_BYTES, until the encoding is decided */
  size_t ndetect;
  /* UTF-8: a sequence cut by the chunk end, or an invalid one waiting for up to 4 bytes of context. */
  unsigned char carry[4];
  size_t ncarry;
  bool carry_bad;
  /* GB18030 */
  iconv_t cd;
  bool cd_open;
  char *stage;
  size_t nstage;
  char *out;
};

/* ---------------------------------------------------------------- scanning */

size_t enc_utf8_scan(const unsigned char *p, size_t n, enc_scan_stop *stop) {
  const uint64_t high = 0x8080808080808080ull, ones = 0x0101010101010101ull;
  size_t i = 0;
  while (i < n) {
#ifdef __SSE2__
    /* Sixteen ASCII, non-NUL bytes at a time: the common case for CSV exports. */
    const __m128i zero = _mm_setzero_si128();
    while (i + 16 <= n) {
      __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
      if (_mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, zero)))) break;
      i += 16;
    }
#endif
    /* Eight at a time (portable), also the tail of the SSE2 loop. */
    while (i + 8 <= n) {
      uint64_t w;
      memcpy(&w, p + i, 8);
      if ((w & high) || ((w - ones) & ~w & high)) break;
      i += 8;
    }
    /* Runs of 3-byte characters (all of CJK) without the general checks below:
    ** leads E1-EC and EE-EF take any two continuation bytes. */
    while (i + 3 <= n) {
      unsigned l = p[i];
      if (l < 0xE1 || l > 0xEF || l == 0xED || (p[i + 1] & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80) break;
      i += 3;
    }
    if (i >= n) break;
    unsigned c = p[i];
    if (c < 0x80) {
      if (c == 0) {
        *stop = ENC_SCAN_NUL;
        return i;
      }
      i++;
      continue;
    }
    size_t need;
    unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) need = 1;
    else if (c == 0xE0) need = 2, lo = 0xA0;                            /* no overlongs */
    else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) need = 2;
    else if (c == 0xED) need = 2, hi = 0x9F;                            /* no surrogates */
    else if (c == 0xF0) need = 3, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) need = 3;
    else if (c == 0xF4) need = 3, hi = 0x8F;                            /* ≤ U+10FFFF */
    else {
      *stop = ENC_SCAN_INVALID;
      return i;
    }
    for (size_t j = 1; j <= need; j++) {
      if (i + j >= n) {
        *stop = ENC_SCAN_INCOMPLETE;
        return i;
      }
      unsigned b = p[i + j];
      if (b < (j == 1 ? lo : 0x80u) || b > (j == 1 ? hi : 0xBFu)) {
        *stop = ENC_SCAN_INVALID;
        return i;
      }
    }
    i += need + 1;
  }
  *stop = ENC_SCAN_END;
  return n;
}

bool enc_gb18030_plausible(const unsigned char *b, size_t n) {
  if (n < 2 || b[0] < 0x81 || b[0] > 0xFE) return false;
  if ((b[1] >= 0x40 && b[1] <= 0x7E) || (b[1] >= 0x80 && b[1] <= 0xFE)) return true;
  return n >= 4 && b[1] >= 0x30 && b[1] <= 0x39 && b[2] >= 0x81 && b[2] <= 0xFE && b[3] >= 0x30 &&
         b[3] <= 0x39;
}

/* ---------------------------------------------------------------- lifecycle */

enc_decoder *enc_new(hf_encoding declared) {
  enc_decoder *d = hf_xcalloc(1, sizeof *d);
  d->declared = declared;
  d->ph = PH_DETECT;
  d->name = "UTF-8";
  d->detect = hf_xmalloc(ENC_DETECT_BYTES);
  return d;
}

void enc_free(enc_decoder *d) {
  if (!d) return;
  if (d->cd_open) iconv_close(d->cd);
  free(d->detect);
  free(d->stage);
  free(d->out);
  free(d);
}

const char *enc_name(const enc_decoder *d) { return d->name; }

static enc_result problem(enc_problem *pb, const enc_decoder *d, enc_problem_kind kind,
                          const unsigned char *bytes, size_t n) {
  memset(pb, 0, sizeof *pb);
  pb->kind = kind;
  pb->nbytes = n < 4 ? n : 4;
  if (bytes && pb->nbytes) memcpy(pb->bytes, bytes, pb->nbytes);
  pb->encoding = d->ph == PH_GB18030 ? "GB18030" : "UTF-8";
  pb->gb18030_plausible = d->ph == PH_UTF8 && kind == ENC_P_INVALID &&
                          enc_gb18030_plausible(pb->bytes, pb->nbytes);
  return ENC_PROBLEM;
}

/* ---------------------------------------------------------------- UTF-8 */

/* Validates and emits p[0..n). A sequence cut at the end waits in the carry;
** an invalid one waits there too until 4 bytes (or the end) are known, so the
** bytes quoted in the message never depend on where the chunks were cut. */
static enc_result utf8_feed(enc_decoder *d, const unsigned char *p, size_t n, bool last, enc_emit emit,
                            void *ctx, enc_problem *pb) {
  while (d->ncarry) {
    if (!d->carry_bad) {
      enc_scan_stop stop;
      enc_utf8_scan(d->carry, d->ncarry, &stop);
      if (stop == ENC_SCAN_END) {
        size_t k = d->ncarry;
        d->ncarry = 0;
        if (emit(ctx, (const char *)d->carry, k)) return ENC_STOPPED;
        break;
      }
      if (stop != ENC_SCAN_INCOMPLETE) d->carry_bad = true;
    }
    /* Four bytes are never an incomplete sequence: here they are an invalid one with its context. */
    if (d->ncarry >= sizeof d->carry) return problem(pb, d, ENC_P_INVALID, d->carry, sizeof d->carry);
    if (n == 0) {
      if (!last) return ENC_OK;
      return problem(pb, d, d->carry_bad ? ENC_P_INVALID : ENC_P_TRUNCATED, d->carry, d->ncarry);
    }
    d->carry[d->ncarry++] = *p++;
    n--;
  }
  while (n) {
    enc_scan_stop stop;
    size_t k = enc_utf8_scan(p, n, &stop);
    if (k && emit(ctx, (const char *)p, k)) return ENC_STOPPED;
    p += k;
    n -= k;
    if (stop == ENC_SCAN_END) break;
    if (stop == ENC_SCAN_NUL) return problem(pb, d, ENC_P_NUL, p, 1);
    if (stop == ENC_SCAN_INVALID && (n >= 4 || last)) return problem(pb, d, ENC_P_INVALID, p, n);
    memcpy(d->carry, p, n); /* n < 4 here: an incomplete sequence is at most 3 bytes */
    d->ncarry = n;
    d->carry_bad = stop == ENC_SCAN_INVALID;
    n = 0;
  }
  if (last && d->ncarry)
    return problem(pb, d, d->carry_bad ? ENC_P_INVALID : ENC_P_TRUNCATED, d->carry, d->ncarry);
  return ENC_OK;
}

/* ---------------------------------------------------------------- GB18030 */

/* Emits iconv output, stopping at a NUL (GB18030 0x00 is U+0000). */
static enc_result emit_converted(enc_decoder *d, size_t len, enc_emit emit, void *ctx, enc_problem *pb) {
  const char *nul = memchr(d->out, '\0', len);
  size_t k = nul ? (size_t)(nul - d->out) : len;
  if (k && emit(ctx, d->out, k)) return ENC_STOPPED;
  if (nul) return problem(pb, d, ENC_P_NUL, (const unsigned char *)"", 1);
  return ENC_OK;
}

/* Converts the staged bytes; leaves an incomplete tail (or an invalid one that
** still lacks its 4 bytes of context) at the front of the stage. */
static enc_result gb_convert(enc_decoder *d, bool end, enc_emit emit, void *ctx, enc_problem *pb) {
  char *in = d->stage;
  size_t inleft = d->nstage;
  while (inleft) {
    char *out = d->out;
    size_t outleft = OUT_BYTES;
    size_t rc = iconv(d->cd, &in, &inleft, &out, &outleft);
    int e = errno;
    size_t produced = OUT_BYTES - outleft;
    if (produced) {
      enc_result r = emit_converted(d, produced, emit, ctx, pb);
      if (r != ENC_OK) return r;
    }
    if (rc != (size_t)-1) break;
    if (e == E2BIG) continue;
    if (e == EINVAL) {
      if (end) return problem(pb, d, ENC_P_TRUNCATED, (const unsigned char *)in, inleft);
      break;
    }
    /* EILSEQ (or anything else iconv may say): an invalid sequence at `in`. */
    if (inleft >= 4 || end) return problem(pb, d, ENC_P_INVALID, (const unsigned char *)in, inleft);
    break;
  }
  memmove(d->stage, in, inleft);
  d->nstage = inleft;
  return ENC_OK;
}

static enc_result gb_feed(enc_decoder *d, const unsigned char *p, size_t n, bool last, enc_emit emit,
                          void *ctx, enc_problem *pb) {
  do {
    size_t take = STAGE_BYTES - d->nstage;
    if (take > n) take = n;
    if (take) memcpy(d->stage + d->nstage, p, take); /* p may be NULL when n == 0 */
    d->nstage += take;
    p += take;
    n -= take;
    enc_result r = gb_convert(d, last && n == 0, emit, ctx, pb);
    if (r != ENC_OK) return r;
  } while (n);
  return ENC_OK;
}

/* ---------------------------------------------------------------- detection */

/* AUTO: is the buffered prefix UTF-8? A sequence cut by the 64 KiB limit counts as valid. */
static bool looks_utf8(const unsigned char *p, size_t n, bool last) {
  for (;;) {
    enc_scan_stop stop;
    size_t k = enc_utf8_scan(p, n, &stop);
    if (stop == ENC_SCAN_END) return true;
    if (stop == ENC_SCAN_INVALID) return false;
    if (stop == ENC_SCAN_INCOMPLETE) return !last;
    p += k + 1; /* a NUL is valid UTF-8; it is rejected later, with its position */
    n -= k + 1;
  }
}

static enc_result decide(enc_decoder *d, bool last, enc_emit emit, void *ctx, enc_problem *pb) {
  const unsigned char *b = d->detect;
  size_t n = d->ndetect;
  if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
    return problem(pb, d, ENC_P_UTF16, b, 2);
  bool bom = n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF;
  if (bom) b += 3, n -= 3;
  bool gb;
  if (d->declared == HF_ENC_GB18030) {
    if (bom) return problem(pb, d, ENC_P_BOM_MISMATCH, d->detect, 3);
    gb = true;
  } else if (d->declared == HF_ENC_UTF8 || bom) {
    gb = false;
  } else {
    gb = !looks_utf8(b, n, last);
  }
  enc_result r;
  if (gb) {
    d->ph = PH_GB18030;
    d->name = "GB18030";
    d->cd = iconv_open("UTF-8", "GB18030");
    if (d->cd == (iconv_t)-1) return problem(pb, d, ENC_P_NO_ICONV, NULL, 0);
    d->cd_open = true;
    d->stage = hf_xmalloc(STAGE_BYTES);
    d->out = hf_xmalloc(OUT_BYTES);
    r = gb_feed(d, b, n, last, emit, ctx, pb);
  } else {
    d->ph = PH_UTF8;
    d->name = bom ? "UTF-8 (BOM)" : "UTF-8";
    r = utf8_feed(d, b, n, last, emit, ctx, pb);
  }
  free(d->detect);
  d->detect = NULL;
  return r;
}

/* ---------------------------------------------------------------- API */

enc_result enc_feed(enc_decoder *d, const char *raw, size_t n, enc_emit emit, void *ctx, enc_problem *pb) {
  const unsigned char *p = (const unsigned char *)raw;
  if (d->ph == PH_DETECT) {
    size_t take = ENC_DETECT_BYTES - d->ndetect;
    if (take > n) take = n;
    if (take) memcpy(d->detect + d->ndetect, p, take);
    d->ndetect += take;
    p += take;
    n -= take;
    if (d->ndetect < ENC_DETECT_BYTES) return ENC_OK;
    enc_result r = decide(d, false, emit, ctx, pb);
    if (r != ENC_OK) return r;
  }
  if (n == 0) return ENC_OK;
  return d->ph == PH_UTF8 ? utf8_feed(d, p, n, false, emit, ctx, pb) : gb_feed(d, p, n, false, emit, ctx, pb);
}

enc_result enc_finish(enc_decoder *d, enc_emit emit, void *ctx, enc_problem *pb) {
  if (d->ph == PH_DETECT) return decide(d, true, emit, ctx, pb);
  return d->ph == PH_UTF8 ? utf8_feed(d, NULL, 0, true, emit, ctx, pb) : gb_feed(d, NULL, 0, true, emit, ctx, pb);
}
