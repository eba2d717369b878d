/*
** sha_stream.h — SHA-256 (OpenSSL EVP) of a byte stream as it is read.
** Threaded, the hashing runs on a helper thread while the caller parses the
** same bytes (the hash costs about a quarter of a bare libcsv parse); the
** caller must then leave each block untouched until its next sha_stream_update
** or sha_stream_final call returns. The sha_stream owns its thread and context.
*/
#ifndef HF_INGEST_SHA_STREAM_H
#define HF_INGEST_SHA_STREAM_H

#include <stdbool.h>
#include <stddef.h>

typedef struct sha_stream sha_stream;

/* NULL if OpenSSL cannot provide SHA-256. If no thread can be started, hashes inline. */
sha_stream *sha_stream_new(bool threaded);
/* Hashes p[0..n) (threaded: starts hashing it and returns after the previous block is done). */
void sha_stream_update(sha_stream *s, const void *p, size_t n);
/* Waits for the last block and writes the lowercase hex digest; false if OpenSSL failed. */
bool sha_stream_final(sha_stream *s, char hex[65]);
/* Stops the thread (after its current block) and frees everything. */
void sha_stream_free(sha_stream *s);

#endif
