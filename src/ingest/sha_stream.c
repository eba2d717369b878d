/*
** sha_stream.c — SHA-256 of the raw input, inline or on one helper thread
** fed one block at a time (a one-slot queue under a mutex and a condition).
*/
#include "ingest/sha_stream.h"

#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/diag.h"
#include "common/sha256.h"

struct sha_stream {
  EVP_MD_CTX *md;
  bool ok;        /* every EVP call so far succeeded */
  bool threaded;  /* a helper thread runs hasher_main */
  pthread_t thread;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  const void *job; /* the block being hashed, while busy */
  size_t njob;
  bool busy, quit;
};

static void *hasher_main(void *arg) {
  sha_stream *s = arg;
  pthread_mutex_lock(&s->mu);
  for (;;) {
    while (!s->busy && !s->quit) pthread_cond_wait(&s->cv, &s->mu);
    if (!s->busy) break; /* quit, nothing pending */
    const void *p = s->job;
    size_t n = s->njob;
    pthread_mutex_unlock(&s->mu);
    int rc = EVP_DigestUpdate(s->md, p, n); /* only this thread touches md while busy */
    pthread_mutex_lock(&s->mu);
    if (rc != 1) s->ok = false;
    s->busy = false;
    pthread_cond_broadcast(&s->cv);
  }
  pthread_mutex_unlock(&s->mu);
  return NULL;
}

sha_stream *sha_stream_new(bool threaded) {
  sha_stream *s = hf_xcalloc(1, sizeof *s);
  s->md = EVP_MD_CTX_new();
  if (!s->md || EVP_DigestInit_ex(s->md, EVP_sha256(), NULL) != 1) {
    EVP_MD_CTX_free(s->md);
    free(s);
    return NULL;
  }
  s->ok = true;
  if (threaded && pthread_mutex_init(&s->mu, NULL) == 0) {
    if (pthread_cond_init(&s->cv, NULL) == 0) {
      if (pthread_create(&s->thread, NULL, hasher_main, s) == 0) {
        s->threaded = true;
        return s;
      }
      pthread_cond_destroy(&s->cv);
    }
    pthread_mutex_destroy(&s->mu);
  }
  return s;
}

/* Threaded: blocks until the helper is idle. */
static void wait_idle(sha_stream *s) {
  pthread_mutex_lock(&s->mu);
  while (s->busy) pthread_cond_wait(&s->cv, &s->mu);
  pthread_mutex_unlock(&s->mu);
}

void sha_stream_update(sha_stream *s, const void *p, size_t n) {
  if (n == 0) return;
  if (!s->threaded) {
    if (EVP_DigestUpdate(s->md, p, n) != 1) s->ok = false;
    return;
  }
  pthread_mutex_lock(&s->mu);
  while (s->busy) pthread_cond_wait(&s->cv, &s->mu);
  s->job = p;
  s->njob = n;
  s->busy = true;
  pthread_cond_broadcast(&s->cv);
  pthread_mutex_unlock(&s->mu);
}

bool sha_stream_final(sha_stream *s, char hex[65]) {
  if (s->threaded) wait_idle(s);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!s->ok || EVP_DigestFinal_ex(s->md, md, &len) != 1 || len != 32) return false;
  sha256_to_hex(md, hex);
  return true;
}

void sha_stream_free(sha_stream *s) {
  if (!s) return;
  if (s->threaded) {
    pthread_mutex_lock(&s->mu);
    s->quit = true;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->thread, NULL);
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->mu);
  }
  EVP_MD_CTX_free(s->md);
  free(s);
}
