/*
** test_image.c — logo decoding (src/render/image.c). Every image is made here,
** with libpng and libjpeg, and then damaged; no binary file is committed.
**   valid     PNG RGB, RGBA, palette + tRNS (2 bits), grey (4 bits), grey +
**             alpha, 16-bit RGBA, Adam7 interlaced, opaque RGBA (alpha dropped);
**             JPEG RGB, greyscale, progressive, Adobe CMYK — the exact pixels
**             written (JPEG within a small tolerance);
**   refused   (HF_ERR_DATA, the label in the message, never a crash)
**             PNG and JPEG cut at every length, a flipped IDAT byte (CRC
**             error), IDAT damaged, cut or followed by junk under a recomputed
**             CRC (zlib, libpng's "benign" errors), tRNS beside alpha, a damaged
**             ancillary chunk, bad and text-mode signatures, empty, garbage,
**             GIF, IHDR 100000×1 / 7000×7000 / 0×5 with correct CRCs, a SOF
**             declaring 9000 pixels, a JPEG cut before EOI and inside the scan,
**             a JPEG with 190 scans; random byte damage (a small fuzz loop);
**   files     image_load: a file, a missing file, a directory, a 21 MB file;
**   PDF       RGBA and JPEG drawn through image_to_pdf: qpdf --check passes,
**             the /SMask is there, the decompressed streams hold exactly the
**             decoded pixels (qpdf --qdf), and two builds are byte-identical.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hpdf.h>
#include <jpeglib.h>
#include <png.h>

#include "common/buf.h"
#include "render/image.h"

/* ---- helpers ------------------------------------------------------------ */

static uint32_t crc_table[256];

static uint32_t crc32_png(const uint8_t *p, size_t n) {
  if (!crc_table[1])
    for (uint32_t i = 0; i < 256; i++) {
      uint32_t c = i;
      for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      crc_table[i] = c;
    }
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; i++) c = crc_table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

static uint32_t be32(const uint8_t *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}

/* Offset of the first chunk of that type (its length field), or 0. */
static size_t find_chunk(const hf_buf *b, const char *type) {
  const uint8_t *d = (const uint8_t *)b->data;
  for (size_t off = 8; off + 12 <= b->len; off += 12 + be32(d + off))
    if (memcmp(d + off + 4, type, 4) == 0) return off;
  return 0;
}

/* Recomputes the CRC of the chunk at off after its data was changed. */
static void fix_crc(hf_buf *b, size_t off) {
  uint8_t *d = (uint8_t *)b->data;
  uint32_t len = be32(d + off);
  put_be32(d + off + 8 + len, crc32_png(d + off + 4, len + 4));
}

/* Decodes and expects a refusal naming the label. */
static void expect_refused(const char *label, const void *data, size_t len, const char *needle) {
  hf_image img;
  hf_error err = {0};
  hf_status st = image_decode(label, data, len, &img, &err);
  if (st != HF_ERR_DATA || !strstr(err.message, label) || (needle && !strstr(err.message, needle)))
    fail_msg("%s (%zu bytes): status %d, message \"%s\", expected \"%s\"", label, len, (int)st, err.message,
             needle ? needle : "");
  assert_null(img.rgb);
  assert_null(img.alpha);
  assert_int_equal(img.width, 0);
  image_free(&img);
}

/* Flips the bits of mask at b[at], expects a refusal naming the label (and needle), flips them back. */
static void expect_refused_flipped(const char *label, hf_buf *b, size_t at, uint8_t mask, const char *needle) {
  b->data[at] ^= (char)mask;
  expect_refused(label, b->data, b->len, needle);
  b->data[at] ^= (char)mask;
}

static void decode_ok(const char *label, const hf_buf *b, hf_image *img) {
  hf_error err = {0};
  hf_status st = image_decode(label, (const uint8_t *)b->data, b->len, img, &err);
  if (st != HF_OK) fail_msg("%s: %s", label, err.message);
}

/* ---- PNG writer ----------------------------------------------------------- */

static void png_write_buf(png_structp png, png_bytep p, size_t n) { buf_append(png_get_io_ptr(png), p, n); }
static void png_flush_none(png_structp png) { (void)png; }

typedef struct png_spec {
  uint32_t w, h;
  int color_type, bit_depth, interlace;
  const png_color *palette;
  int npalette;
  const uint8_t *trns;     /* palette alpha */
  int ntrns;
} png_spec;

/* Writes rows of packed samples (as libpng takes them) into out. */
static void make_png(hf_buf *out, const png_spec *sp, const uint8_t *pixels, size_t rowbytes) {
  buf_reset(out);
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct(png);
  assert_non_null(info);
  if (setjmp(png_jmpbuf(png))) fail_msg("libpng could not write the test image");
  png_set_write_fn(png, out, png_write_buf, png_flush_none);
  png_set_IHDR(png, info, sp->w, sp->h, sp->bit_depth, sp->color_type, sp->interlace, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  if (sp->palette) png_set_PLTE(png, info, sp->palette, sp->npalette);
  if (sp->trns) png_set_tRNS(png, info, sp->trns, sp->ntrns, NULL);
  png_set_gAMA(png, info, 0.45455);   /* an ancillary chunk before IDAT */
  png_text text = {.compression = PNG_TEXT_COMPRESSION_NONE, .key = (char *)"Comment", .text = (char *)"huifang"};
  png_set_text(png, info, &text, 1);
  png_write_info(png, info);
  int passes = png_set_interlace_handling(png);
  for (int p = 0; p < passes; p++)
    for (uint32_t y = 0; y < sp->h; y++) png_write_row(png, pixels + rowbytes * y);
  png_write_end(png, info);
  png_destroy_write_struct(&png, &info);
}

/* A 7×5 RGB image, every pixel different. */
#define RW 7
#define RH 5
static uint8_t rgb_at(uint32_t x, uint32_t y, int c) { return (uint8_t)(x * 37 + y * 71 + (uint32_t)c * 101 + 3); }
static uint8_t alpha_at(uint32_t x, uint32_t y) { return (uint8_t)(x * 40 + y * 13); }

static void make_rgb_png(hf_buf *out, int interlace) {
  uint8_t px[RW * RH * 3];
  for (uint32_t y = 0; y < RH; y++)
    for (uint32_t x = 0; x < RW; x++)
      for (int c = 0; c < 3; c++) px[(y * RW + x) * 3 + c] = rgb_at(x, y, c);
  png_spec sp = {RW, RH, PNG_COLOR_TYPE_RGB, 8, interlace, NULL, 0, NULL, 0};
  make_png(out, &sp, px, RW * 3);
}

static void make_rgba_png(hf_buf *out, int opaque) {
  uint8_t px[RW * RH * 4];
  for (uint32_t y = 0; y < RH; y++)
    for (uint32_t x = 0; x < RW; x++) {
      for (int c = 0; c < 3; c++) px[(y * RW + x) * 4 + c] = rgb_at(x, y, c);
      px[(y * RW + x) * 4 + 3] = opaque ? 255 : alpha_at(x, y);
    }
  png_spec sp = {RW, RH, PNG_COLOR_TYPE_RGB_ALPHA, 8, PNG_INTERLACE_NONE, NULL, 0, NULL, 0};
  make_png(out, &sp, px, RW * 4);
}

static void assert_rgb_pixels(const hf_image *img) {
  assert_int_equal(img->width, RW);
  assert_int_equal(img->height, RH);
  for (uint32_t y = 0; y < RH; y++)
    for (uint32_t x = 0; x < RW; x++)
      for (int c = 0; c < 3; c++) assert_int_equal(img->rgb[(y * RW + x) * 3 + c], rgb_at(x, y, c));
}

/* ---- JPEG writer ---------------------------------------------------------- */

/* A 32×32 image of four flat 16×16 quadrants (MCU-aligned, so quality 100
** keeps them within a few levels). */
static const uint8_t QUAD[4][3] = {{200, 30, 40}, {20, 180, 60}, {30, 50, 220}, {240, 240, 240}};
#define JW 32
#define JH 32

static int quad_of(uint32_t x, uint32_t y) { return (y >= 16) * 2 + (x >= 16); }

/* components: 3 (RGB in), 1 (grey), 4 (CMYK in, Adobe inverted). */
static void make_jpeg(hf_buf *out, int components, int progressive) {
  struct jpeg_compress_struct c;
  struct jpeg_error_mgr jerr;
  c.err = jpeg_std_error(&jerr);
  jpeg_create_compress(&c);
  unsigned char *mem = NULL;
  unsigned long size = 0;
  jpeg_mem_dest(&c, &mem, &size);
  c.image_width = JW;
  c.image_height = JH;
  c.input_components = components;
  c.in_color_space = components == 1 ? JCS_GRAYSCALE : components == 3 ? JCS_RGB : JCS_CMYK;
  jpeg_set_defaults(&c);
  jpeg_set_quality(&c, 100, TRUE);
  if (progressive) jpeg_simple_progression(&c);
  jpeg_start_compress(&c, TRUE);
  uint8_t row[JW * 4];
  for (uint32_t y = 0; y < JH; y++) {
    for (uint32_t x = 0; x < JW; x++) {
      const uint8_t *q = QUAD[quad_of(x, y)];
      if (components == 1) row[x] = q[0];
      else if (components == 3) memcpy(row + x * 3, q, 3);
      else {
        /* Adobe CMYK, inverted: 255 = no ink. C = 1 − R with K = 0. */
        row[x * 4] = q[0];
        row[x * 4 + 1] = q[1];
        row[x * 4 + 2] = q[2];
        row[x * 4 + 3] = 255;
      }
    }
    JSAMPROW r = row;
    jpeg_write_scanlines(&c, &r, 1);
  }
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  buf_reset(out);
  buf_append(out, mem, size);
  free(mem);
}

static void assert_quadrants(const hf_image *img, int grey) {
  assert_int_equal(img->width, JW);
  assert_int_equal(img->height, JH);
  assert_null(img->alpha);
  assert_string_equal(img->kind, "JPEG");
  const uint32_t probes[][2] = {{3, 3}, {8, 8}, {24, 5}, {5, 27}, {28, 28}, {20, 20}};
  for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
    uint32_t x = probes[i][0], y = probes[i][1];
    const uint8_t *q = QUAD[quad_of(x, y)];
    for (int c = 0; c < 3; c++) {
      int want = grey ? q[0] : q[c];
      int got = img->rgb[(y * JW + x) * 3 + c];
      if (abs(got - want) > 6) fail_msg("pixel (%u,%u) channel %d: %d, want %d", x, y, c, got, want);
    }
  }
}

/* out = png with the data of the chunk at off (IDAT) replaced by data[0..n), its length
** and CRC correct, the chunks after it unchanged. */
static void replace_chunk_data(hf_buf *out, const hf_buf *png, size_t off, const void *data, uint32_t n) {
  uint32_t len = be32((const uint8_t *)png->data + off);
  buf_reset(out);
  buf_append(out, png->data, off + 8);
  put_be32((uint8_t *)out->data + off, n);
  buf_append(out, data, n);
  uint8_t crc[4] = {0};
  buf_append(out, crc, 4);
  fix_crc(out, off);
  buf_append(out, png->data + off + 12 + len, png->len - (off + 12 + len));
}

/* Offset of the first marker 0xFF,m in the JPEG, or 0. */
static size_t find_marker(const hf_buf *b, uint8_t m) {
  const uint8_t *d = (const uint8_t *)b->data;
  for (size_t i = 2; i + 1 < b->len; i++)
    if (d[i] == 0xFF && d[i + 1] == m) return i;
  return 0;
}

/* ---- valid PNG ------------------------------------------------------------ */

static void test_png_rgb(void **state) {
  (void)state;
  hf_buf b;
  buf_init(&b);
  make_rgb_png(&b, PNG_INTERLACE_NONE);
  hf_image img;
  decode_ok("rgb.png", &b, &img);
  assert_string_equal(img.kind, "PNG");
  assert_rgb_pixels(&img);
  assert_null(img.alpha);
  image_free(&img);
  assert_null(img.rgb);
  make_rgb_png(&b, PNG_INTERLACE_ADAM7);
  decode_ok("adam7.png", &b, &img);
  assert_rgb_pixels(&img);
  image_free(&img);
  buf_free(&b);
}

static void test_png_rgba(void **state) {
  (void)state;
  hf_buf b;
  buf_init(&b);
  make_rgba_png(&b, 0);
  hf_image img;
  decode_ok("rgba.png", &b, &img);
  assert_rgb_pixels(&img);
  assert_non_null(img.alpha);
  for (uint32_t y = 0; y < RH; y++)
    for (uint32_t x = 0; x < RW; x++) assert_int_equal(img.alpha[y * RW + x], alpha_at(x, y));
  image_free(&img);
  make_rgba_png(&b, 1);   /* all 255: no soft mask */
  decode_ok("opaque.png", &b, &img);
  assert_rgb_pixels(&img);
  assert_null(img.alpha);
  image_free(&img);
  buf_free(&b);
}

static void test_png_palette_trns(void **state) {
  (void)state;
  const png_color pal[4] = {{255, 0, 0}, {0, 128, 0}, {10, 20, 250}, {9, 9, 9}};
  const uint8_t trns[4] = {255, 255, 255, 0};   /* index 3 transparent */
  /* 6×2 at 2 bits: indices 0 1 2 3 0 1 / 3 2 1 0 3 2 */
  const uint8_t idx[2][6] = {{0, 1, 2, 3, 0, 1}, {3, 2, 1, 0, 3, 2}};
  uint8_t rows[2][2] = {{0}};
  for (int y = 0; y < 2; y++)
    for (int x = 0; x < 6; x++) rows[y][x / 4] |= (uint8_t)(idx[y][x] << (6 - 2 * (x % 4)));
  png_spec sp = {6, 2, PNG_COLOR_TYPE_PALETTE, 2, PNG_INTERLACE_NONE, pal, 4, trns, 4};
  hf_buf b;
  buf_init(&b);
  make_png(&b, &sp, &rows[0][0], 2);
  hf_image img;
  decode_ok("palette.png", &b, &img);
  assert_int_equal(img.width, 6);
  assert_int_equal(img.height, 2);
  assert_non_null(img.alpha);
  for (int y = 0; y < 2; y++)
    for (int x = 0; x < 6; x++) {
      const png_color *c = &pal[idx[y][x]];
      const uint8_t *p = img.rgb + (y * 6 + x) * 3;
      assert_int_equal(p[0], c->red);
      assert_int_equal(p[1], c->green);
      assert_int_equal(p[2], c->blue);
      assert_int_equal(img.alpha[y * 6 + x], trns[idx[y][x]]);
    }
  image_free(&img);
  buf_free(&b);
}

static void test_png_grey(void **state) {
  (void)state;
  hf_buf b;
  buf_init(&b);
  /* 4-bit grey, 4×1: levels 0, 5, 10, 15 → 0, 85, 170, 255 */
  const uint8_t grey4[2] = {0x05, 0xAF};
  png_spec sp = {4, 1, PNG_COLOR_TYPE_GRAY, 4, PNG_INTERLACE_NONE, NULL, 0, NULL, 0};
  make_png(&b, &sp, grey4, 2);
  hf_image img;
  decode_ok("grey4.png", &b, &img);
  const uint8_t want[4] = {0, 85, 170, 255};
  for (int x = 0; x < 4; x++)
    for (int c = 0; c < 3; c++) assert_int_equal(img.rgb[x * 3 + c], want[x]);
  assert_null(img.alpha);
  image_free(&img);
  /* 8-bit grey + alpha, 3×1 */
  const uint8_t ga[6] = {10, 255, 128, 0, 250, 77};
  png_spec sp2 = {3, 1, PNG_COLOR_TYPE_GRAY_ALPHA, 8, PNG_INTERLACE_NONE, NULL, 0, NULL, 0};
  make_png(&b, &sp2, ga, 6);
  decode_ok("grey-alpha.png", &b, &img);
  for (int x = 0; x < 3; x++) {
    for (int c = 0; c < 3; c++) assert_int_equal(img.rgb[x * 3 + c], ga[2 * x]);
    assert_int_equal(img.alpha[x], ga[2 * x + 1]);
  }
  image_free(&img);
  buf_free(&b);
}

static void test_png_16bit(void **state) {
  (void)state;
  /* 3×2 RGBA at 16 bits, big-endian samples v·257 ± 100 (scaled back to v with rounding). */
  uint8_t px[2][3 * 8];
  for (int y = 0; y < 2; y++)
    for (int x = 0; x < 3; x++)
      for (int c = 0; c < 4; c++) {
        unsigned v8 = (unsigned)(x * 80 + y * 30 + c * 20 + 5);
        unsigned v16 = v8 < 128 ? v8 * 257 + 100 : v8 * 257 - 100;   /* rounds back to v8 */
        px[y][x * 8 + c * 2] = (uint8_t)(v16 >> 8);
        px[y][x * 8 + c * 2 + 1] = (uint8_t)v16;
      }
  png_spec sp = {3, 2, PNG_COLOR_TYPE_RGB_ALPHA, 16, PNG_INTERLACE_NONE, NULL, 0, NULL, 0};
  hf_buf b;
  buf_init(&b);
  make_png(&b, &sp, &px[0][0], 24);
  hf_image img;
  decode_ok("deep.png", &b, &img);
  for (int y = 0; y < 2; y++)
    for (int x = 0; x < 3; x++) {
      for (int c = 0; c < 3; c++) assert_int_equal(img.rgb[(y * 3 + x) * 3 + c], x * 80 + y * 30 + c * 20 + 5);
      assert_int_equal(img.alpha[y * 3 + x], x * 80 + y * 30 + 60 + 5);
    }
  image_free(&img);
  buf_free(&b);
}

/* ---- damaged PNG ---------------------------------------------------------- */

static void test_png_truncated(void **state) {
  (void)state;
  hf_buf b;
  buf_init(&b);
  make_rgba_png(&b, 0);
  for (size_t n = 1; n < b.len; n++) expect_refused("cut.png", b.data, n, NULL);
  expect_refused("cut.png", b.data, b.len - 4, "截断");    /* IEND's CRC missing */
  expect_refused("cut.png", b.data, b.len / 2, "截断");
  expect_refused("cut.png", b.data, 6, "截断");            /* inside the signature */
  buf_free(&b);
}

static void test_png_crc(void **state) {
  (void)state;
  hf_buf b;
  buf_init(&b);
  make_rgb_png(&b, PNG_INTERLACE_NONE);
  size_t idat = find_chunk(&b, "IDAT");
  assert_true(idat > 0);
  uint32_t len = be32((uint8_t *)b.data + idat);
  for (uint32_t i = 0; i < len; i++)     /* every byte of IDAT flipped: CRC error */
    expect_refused_flipped("crc.png", &b, idat + 8 + i, 0x5A, "CRC");
  expect_refused_flipped("crc.png", &b, idat + 8 + len, 0x01, "CRC");   /* the CRC itself */
  size_t gama = find_chunk(&b, "gAMA");  /* an ancillary chunk libpng would skip */
  assert_true(gama > 0);
  expect_refused_flipped("crc.png", &b, gama + 8, 0x40, "CRC");
  size_t ihdr = find_chunk(&b, "IHDR");
  expect_refused_flipped("crc.png", &b, ihdr + 8 + 8, 0x01, "CRC");     /* bit depth */
  hf_image img;
  decode_ok("crc.png", &b, &img);        /* restored: decodes again */
  image_free(&img);
  buf_free(&b);
}

/* IDAT bytes changed and the CRC recomputed: zlib or the row filters object. */
static void test_png_zlib_damage(void **state) {
  (void)state;
  hf_buf b;
  buf_init(&b);
  make_rgb_png(&b, PNG_INTERLACE_NONE);
  size_t idat = find_chunk(&b, "IDAT");
  uint32_t len = be32((uint8_t *)b.data + idat);
  hf_buf c;
  buf_init(&c);
  for (uint32_t i = 0; i < len; i++) {
    buf_reset(&c);
    buf_append(&c, b.data, b.len);
    c.data[idat + 8 + i] ^= 0xFF;
    fix_crc(&c, idat);
    expect_refused("zlib.png", c.data, c.len, "libpng");
  }
  /* IDAT data cut short (chunk shortened, CRC correct): not enough image data */
  replace_chunk_data(&c, &b, idat, b.data + idat + 8, len / 2);
  expect_refused("short-idat.png", c.data, c.len, "libpng");
  /* junk after the end of the zlib stream, inside IDAT (CRC correct): a
  ** libpng "benign" error, refused all the same */
  hf_buf junk;
  buf_init(&junk);
  buf_append(&junk, b.data + idat + 8, len);
  buf_append(&junk, "junk", 4);
  replace_chunk_data(&c, &b, idat, junk.data, len + 4);
  buf_free(&junk);
  expect_refused("extra.png", c.data, c.len, "libpng");
  /* a tRNS chunk in an image that has an alpha channel */
  make_rgba_png(&b, 0);
  idat = find_chunk(&b, "IDAT");
  buf_reset(&c);
  buf_append(&c, b.data, idat);
  const uint8_t trns[18] = {0, 0, 0, 6, 't', 'R', 'N', 'S', 0, 1, 0, 2, 0, 3};
  buf_append(&c, trns, sizeof trns);
  fix_crc(&c, idat);
  buf_append(&c, b.data + idat, b.len - idat);
  expect_refused("trns.png", c.data, c.len, "tRNS");
  buf_free(&c);
  buf_free(&b);
}

static void test_png_header(void **state) {
  (void)state;
  hf_buf b;
  buf_init(&b);
  make_rgb_png(&b, PNG_INTERLACE_NONE);
  b.data[1] = 'X';
  expect_refused("sig.png", b.data, b.len, "不是 PNG 或 JPEG");
  b.data[1] = 'P';
  b.data[4] = '\n';   /* CR LF turned into LF LF by a text-mode transfer */
  expect_refused("sig.png", b.data, b.len, "签名");
  b.data[4] = '\r';
  size_t ihdr = find_chunk(&b, "IHDR");
  assert_int_equal(ihdr, 8);
  const uint32_t dims[][2] = {{100000, 1}, {1, 100000}, {8001, 1}, {7000, 7000}, {0, 5}, {5, 0}, {0x7FFFFFFF, 1}};
  for (size_t i = 0; i < sizeof dims / sizeof dims[0]; i++) {
    hf_buf c;
    buf_init(&c);
    buf_append(&c, b.data, b.len);
    put_be32((uint8_t *)c.data + 16, dims[i][0]);
    put_be32((uint8_t *)c.data + 20, dims[i][1]);
    fix_crc(&c, ihdr);
    expect_refused("huge.png", c.data, c.len, "尺寸");
    buf_free(&c);
  }
  /* an unknown critical chunk before IDAT */
  hf_buf c;
  buf_init(&c);
  buf_append(&c, b.data, 33);
  const uint8_t chunk[12] = {0, 0, 0, 0, 'X', 'Y', 'Z', 'W'};
  buf_append(&c, chunk, 12);
  fix_crc(&c, 33);
  buf_append(&c, b.data + 33, b.len - 33);
  expect_refused("critical.png", c.data, c.len, "libpng");
  /* ...the same chunk ancillary (lower-case first letter) is skipped */
  c.data[33 + 4] = 'x';
  fix_crc(&c, 33);
  hf_image img;
  decode_ok("ancillary.png", &c, &img);
  assert_rgb_pixels(&img);
  image_free(&img);
  buf_free(&c);
  buf_free(&b);
}

static void test_not_an_image(void **state) {
  (void)state;
  expect_refused("empty.png", "", 0, "空");
  expect_refused("null.png", NULL, 0, "空");
  uint8_t garbage[512];
  uint32_t r = 12345;
  for (size_t i = 0; i < sizeof garbage; i++) {
    r = r * 1103515245u + 12345u;
    garbage[i] = (uint8_t)(r >> 16);
  }
  garbage[0] = 0x42;   /* not a known magic */
  garbage[1] = 0x00;
  expect_refused("garbage.png", garbage, sizeof garbage, "不是 PNG 或 JPEG");
  expect_refused("one.png", "\x89", 1, NULL);
  expect_refused("anim.png", "GIF89a\x01\x00\x01\x00", 10, "GIF");
  expect_refused("logo.png", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>", 41, "SVG");
  /* a PNG signature followed by garbage */
  uint8_t fake[8 + sizeof garbage];
  memcpy(fake, "\x89PNG\r\n\x1a\n", 8);
  memcpy(fake + 8, garbage, sizeof garbage);
  expect_refused("fake.png", fake, sizeof fake, "PNG");
  /* a JPEG SOI followed by garbage */
  fake[6] = 0xFF;
  fake[7] = 0xD8;
  fake[8] = 0xFF;
  expect_refused("fake.jpg", fake + 6, sizeof fake - 6, "JPEG");
  static uint8_t big[HF_IMAGE_MAX_BYTES + 1];
  memcpy(big, "\x89PNG\r\n\x1a\n", 8);
  expect_refused("big.png", big, sizeof big, "上限");
}

/* ---- JPEG ----------------------------------------------------------------- */

static void test_jpeg_valid(void **state) {
  (void)state;
  static const struct {
    const char *label;
    int components, progressive, grey;
  } cases[] = {{"logo.jpg", 3, 0, 0}, {"progressive.jpg", 3, 1, 0}, {"grey.jpg", 1, 0, 1}, {"cmyk.jpg", 4, 0, 0}};
  hf_buf b;
  buf_init(&b);
  hf_image img;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    make_jpeg(&b, cases[i].components, cases[i].progressive);
    decode_ok(cases[i].label, &b, &img);
    assert_quadrants(&img, cases[i].grey);
    image_free(&img);
  }
  /* b is still the CMYK one. */
  /* The file extension plays no part: a JPEG named .png is a JPEG. */
  decode_ok("named.png", &b, &img);
  assert_string_equal(img.kind, "JPEG");
  image_free(&img);
  buf_free(&b);
}

static void test_jpeg_truncated(void **state) {
  (void)state;
  hf_buf b;
  buf_init(&b);
  for (int progressive = 0; progressive < 2; progressive++) {
    make_jpeg(&b, 3, progressive);
    assert_int_equal((uint8_t)b.data[b.len - 2], 0xFF);
    assert_int_equal((uint8_t)b.data[b.len - 1], 0xD9);
    for (size_t n = 1; n < b.len; n++) expect_refused("cut.jpg", b.data, n, NULL);
    expect_refused("cut.jpg", b.data, b.len - 2, "截断");   /* before EOI */
    expect_refused("cut.jpg", b.data, b.len - 1, "截断");   /* half of EOI */
    size_t sos = find_marker(&b, 0xDA);
    assert_true(sos > 0);
    expect_refused("cut.jpg", b.data, sos + (b.len - sos) / 2, "截断");   /* inside the scan data */
    expect_refused("cut.jpg", b.data, sos + 20, "截断");
  }
  make_jpeg(&b, 4, 0);
  expect_refused("cut-cmyk.jpg", b.data, b.len - 2, "截断");
  buf_free(&b);
}

static void test_jpeg_damaged(void **state) {
  (void)state;
  hf_buf b;
  buf_init(&b);
  make_jpeg(&b, 3, 0);
  /* SOF0 declaring 9000 pixels across (no pixel memory is taken) */
  size_t sof = find_marker(&b, 0xC0);
  assert_true(sof > 0);
  hf_buf c;
  buf_init(&c);
  buf_append(&c, b.data, b.len);
  c.data[sof + 7] = (char)(9000 >> 8);
  c.data[sof + 8] = (char)(9000 & 0xFF);
  expect_refused("wide.jpg", c.data, c.len, "尺寸");
  c.data[sof + 5] = 0;   /* height 0 */
  c.data[sof + 6] = 0;
  c.data[sof + 7] = 0;
  c.data[sof + 8] = 32;
  expect_refused("flat.jpg", c.data, c.len, NULL);
  /* garbage inside the entropy-coded data: a marker where none may be */
  buf_reset(&c);
  buf_append(&c, b.data, b.len);
  size_t sos = find_marker(&b, 0xDA);
  size_t mid = sos + (b.len - sos) / 2;
  c.data[mid] = (char)0xFF;
  c.data[mid + 1] = (char)0xD3;   /* RST3 without restart intervals */
  expect_refused("rst.jpg", c.data, c.len, "JPEG");
  buf_free(&c);
  buf_free(&b);
}

/* A progressive greyscale JPEG of 64 scans (DC, then one AC coefficient per
** scan) decodes; the same file with its AC scans repeated twice more (190
** scans — a repeated band is legal and decoded again each time) is refused by
** the scan limit, not decoded 190 times. */
static void test_jpeg_scan_bomb(void **state) {
  (void)state;
  struct jpeg_compress_struct c;
  struct jpeg_error_mgr jerr;
  c.err = jpeg_std_error(&jerr);
  jpeg_create_compress(&c);
  unsigned char *mem = NULL;
  unsigned long size = 0;
  jpeg_mem_dest(&c, &mem, &size);
  c.image_width = 16;
  c.image_height = 16;
  c.input_components = 1;
  c.in_color_space = JCS_GRAYSCALE;
  jpeg_set_defaults(&c);
  static jpeg_scan_info scans[64];
  scans[0] = (jpeg_scan_info){1, {0}, 0, 0, 0, 0};
  for (int k = 1; k < 64; k++) scans[k] = (jpeg_scan_info){1, {0}, k, k, 0, 0};
  c.scan_info = scans;
  c.num_scans = 64;
  jpeg_start_compress(&c, TRUE);
  uint8_t row[16];
  for (int y = 0; y < 16; y++) {
    for (int x = 0; x < 16; x++) row[x] = (uint8_t)(x * 16 + y);
    JSAMPROW r = row;
    jpeg_write_scanlines(&c, &r, 1);
  }
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  hf_buf b;
  buf_init(&b);
  buf_append(&b, mem, size);
  free(mem);
  hf_image img;
  decode_ok("scans64.jpg", &b, &img);
  image_free(&img);
  /* The AC scans: from the DHT before the second SOS up to EOI. */
  const uint8_t *d = (const uint8_t *)b.data;
  size_t sos1 = 0, sos2 = 0, eoi = b.len - 2;
  for (size_t i = 2; i + 1 < b.len && !sos2; i++)
    if (d[i] == 0xFF && d[i + 1] == 0xDA) {
      if (!sos1) sos1 = i;
      else sos2 = i;
    }
  assert_true(sos1 > 0 && sos2 > sos1);
  size_t ac = sos2;
  for (size_t i = sos2 - 1; i > sos1 + 1; i--)
    if (d[i] == 0xFF && d[i + 1] == 0xC4) {
      ac = i;
      break;
    }
  hf_buf bomb;
  buf_init(&bomb);
  buf_append(&bomb, b.data, eoi);
  for (int rep = 0; rep < 2; rep++) buf_append(&bomb, b.data + ac, eoi - ac);
  buf_append(&bomb, "\xFF\xD9", 2);
  expect_refused("bomb.jpg", bomb.data, bomb.len, "扫描段");
  buf_free(&bomb);
  buf_free(&b);
}

/* Random damage to valid files: decode or refuse, never crash or leak. */
static void test_fuzz(void **state) {
  (void)state;
  hf_buf src[4], c;
  for (int i = 0; i < 4; i++) buf_init(&src[i]);
  buf_init(&c);
  make_rgba_png(&src[0], 0);
  make_rgb_png(&src[1], PNG_INTERLACE_ADAM7);
  make_jpeg(&src[2], 3, 0);
  make_jpeg(&src[3], 3, 1);
  uint32_t r = 2024;
  int ok = 0, refused = 0;
  for (int iter = 0; iter < 2000; iter++) {
    const hf_buf *s = &src[iter % 4];
    buf_reset(&c);
    buf_append(&c, s->data, s->len);
    int flips = 1 + iter % 3;
    for (int f = 0; f < flips; f++) {
      r = r * 1103515245u + 12345u;
      size_t pos = 8 + (r >> 8) % (c.len - 8);
      r = r * 1103515245u + 12345u;
      c.data[pos] ^= (char)(1 + (r >> 16) % 255);
    }
    hf_image img;
    hf_error err = {0};
    hf_status st = image_decode("fuzz.bin", (const uint8_t *)c.data, c.len, &img, &err);
    if (st == HF_OK) {
      assert_true(img.width > 0 && img.width <= HF_IMAGE_MAX_SIDE);
      assert_non_null(img.rgb);
      ok++;
    } else {
      assert_int_equal(st, HF_ERR_DATA);
      assert_non_null(strstr(err.message, "fuzz.bin"));
      refused++;
    }
    image_free(&img);
  }
  print_message("fuzz: %d decoded, %d refused\n", ok, refused);
  assert_true(refused > 1000);
  for (int i = 0; i < 4; i++) buf_free(&src[i]);
  buf_free(&c);
}

/* ---- files ---------------------------------------------------------------- */

static void write_file(const char *path, const void *p, size_t n) {
  FILE *fp = fopen(path, "wb");
  assert_non_null(fp);
  assert_int_equal(fwrite(p, 1, n, fp), n);
  assert_int_equal(fclose(fp), 0);
}

static void test_load(void **state) {
  (void)state;
  char dir[] = "/tmp/test_image-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[256];
  hf_buf b;
  buf_init(&b);
  make_rgba_png(&b, 0);
  snprintf(path, sizeof path, "%s/logo.jpg", dir);   /* a PNG whatever its name says */
  write_file(path, b.data, b.len);
  hf_image img;
  hf_error err = {0};
  assert_int_equal(image_load(path, &img, &err), HF_OK);
  assert_string_equal(img.kind, "PNG");
  assert_rgb_pixels(&img);
  image_free(&img);
  assert_int_equal(unlink(path), 0);
  assert_int_equal(image_load(path, &img, &err), HF_ERR_DATA);   /* missing */
  assert_non_null(strstr(err.message, path));
  assert_int_equal(image_load(dir, &img, &err), HF_ERR_DATA);    /* a directory */
  assert_non_null(strstr(err.message, dir));
  snprintf(path, sizeof path, "%s/empty.png", dir);
  write_file(path, "", 0);
  assert_int_equal(image_load(path, &img, &err), HF_ERR_DATA);
  assert_non_null(strstr(err.message, "空"));
  assert_int_equal(unlink(path), 0);
  snprintf(path, sizeof path, "%s/big.png", dir);                /* 21 MB, sparse: refused unread */
  write_file(path, "\x89PNG\r\n\x1a\n", 8);
  assert_int_equal(truncate(path, 21 * 1024 * 1024), 0);
  assert_int_equal(image_load(path, &img, &err), HF_ERR_DATA);
  assert_non_null(strstr(err.message, "上限"));
  assert_non_null(strstr(err.message, path));
  assert_int_equal(unlink(path), 0);
  assert_int_equal(rmdir(dir), 0);
  buf_free(&b);
}

/* ---- PDF ------------------------------------------------------------------ */

static void on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data) {
  (void)user_data;
  fail_msg("libharu error 0x%04lX, detail %lu", (unsigned long)error_no, (unsigned long)detail_no);
}

/* One page: the RGBA logo over a filled rectangle, the JPEG beside it. */
static void build_pdf(const char *path, const hf_image *rgba, const hf_image *jpeg) {
  HPDF_Doc doc = HPDF_New(on_hpdf_error, NULL);
  assert_non_null(doc);
  assert_int_equal(HPDF_SetCompressionMode(doc, HPDF_COMP_ALL), HPDF_OK);
  HPDF_Page page = HPDF_AddPage(doc);
  assert_non_null(page);
  HPDF_Page_SetRGBFill(page, 0.2f, 0.4f, 0.8f);
  HPDF_Page_Rectangle(page, 40, 600, 200, 150);
  HPDF_Page_Fill(page);
  HPDF_Image a = image_to_pdf(doc, rgba);
  HPDF_Image j = image_to_pdf(doc, jpeg);
  assert_non_null(a);
  assert_non_null(j);
  assert_int_equal(HPDF_Page_DrawImage(page, a, 50, 610, 140, 100), HPDF_OK);
  assert_int_equal(HPDF_Page_DrawImage(page, j, 300, 610, 128, 128), HPDF_OK);
  assert_int_equal(HPDF_SaveToFile(doc, path), HPDF_OK);
  HPDF_Free(doc);
}

static void read_file(const char *path, hf_buf *out) {
  buf_reset(out);
  FILE *fp = fopen(path, "rb");
  assert_non_null(fp);
  char chunk[8192];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) buf_append(out, chunk, n);
  assert_int_equal(fclose(fp), 0);
}

/* memmem, which strict POSIX does not declare. */
static const char *find_bytes(const char *hay, size_t n, const char *needle) {
  size_t k = strlen(needle);
  for (size_t i = 0; k <= n && i <= n - k; i++)
    if (memcmp(hay + i, needle, k) == 0) return hay + i;
  return NULL;
}

/* In a QDF file (streams decompressed, one dictionary key per line), the
** data of the image stream whose dictionary has this colour space and size. */
static const uint8_t *qdf_image(const hf_buf *qdf, const char *cs, uint32_t w, uint32_t h, size_t need) {
  char wkey[32], hkey[32];
  snprintf(wkey, sizeof wkey, "/Width %u\n", w);
  snprintf(hkey, sizeof hkey, "/Height %u\n", h);
  const char *end = qdf->data + qdf->len;
  for (const char *p = qdf->data; (p = find_bytes(p, (size_t)(end - p), ">>\nstream\n")) != NULL; p++) {
    const char *dict = p;
    while (dict > qdf->data && !(dict[0] == '<' && dict[1] == '<' && dict[-1] == '\n')) dict--;
    size_t dl = (size_t)(p - dict);
    char *d = hf_xstrndup(dict, dl);
    int match = strstr(d, "/Subtype /Image") && strstr(d, cs) && strstr(d, wkey) && strstr(d, hkey) &&
                !strstr(d, "/Filter");
    free(d);
    const char *data = p + strlen(">>\nstream\n");
    if (match && (size_t)(end - data) >= need) return (const uint8_t *)data;
  }
  return NULL;
}

static void test_pdf(void **state) {
  (void)state;
  if (system("command -v qpdf >/dev/null 2>&1") != 0) fail_msg("qpdf is not installed (make setup)");
  char dir[] = "/tmp/test_image-XXXXXX";
  assert_non_null(mkdtemp(dir));
  hf_buf b;
  buf_init(&b);
  hf_image rgba, jpeg;
  make_rgba_png(&b, 0);
  decode_ok("rgba.png", &b, &rgba);
  make_jpeg(&b, 3, 0);
  decode_ok("logo.jpg", &b, &jpeg);
  char p1[256], p2[256], q[256], cmd[1024];
  snprintf(p1, sizeof p1, "%s/one.pdf", dir);
  snprintf(p2, sizeof p2, "%s/two.pdf", dir);
  snprintf(q, sizeof q, "%s/qdf.pdf", dir);
  build_pdf(p1, &rgba, &jpeg);
  build_pdf(p2, &rgba, &jpeg);
  snprintf(cmd, sizeof cmd, "qpdf --check '%s' >/dev/null", p1);
  assert_int_equal(system(cmd), 0);
  hf_buf one, two;
  buf_init(&one);
  buf_init(&two);
  read_file(p1, &one);
  read_file(p2, &two);
  assert_int_equal(one.len, two.len);
  assert_memory_equal(one.data, two.data, one.len);   /* deterministic */
  assert_non_null(find_bytes(one.data, one.len, "/SMask"));
  assert_null(find_bytes(one.data, one.len, "/DCTDecode"));        /* libharu never saw a JPEG file */
  /* The streams hold the decoded pixels, as qpdf reads them back. */
  snprintf(cmd, sizeof cmd, "qpdf --qdf --object-streams=disable --stream-data=uncompress '%s' '%s'", p1, q);
  assert_int_equal(system(cmd), 0);
  hf_buf qdf;
  buf_init(&qdf);
  read_file(q, &qdf);
  const uint8_t *px = qdf_image(&qdf, "/DeviceRGB", RW, RH, RW * RH * 3);
  assert_non_null(px);
  assert_memory_equal(px, rgba.rgb, RW * RH * 3);
  px = qdf_image(&qdf, "/DeviceGray", RW, RH, RW * RH);
  assert_non_null(px);
  assert_memory_equal(px, rgba.alpha, RW * RH);
  px = qdf_image(&qdf, "/DeviceRGB", JW, JH, JW * JH * 3);
  assert_non_null(px);
  assert_memory_equal(px, jpeg.rgb, JW * JH * 3);
  image_free(&rgba);
  image_free(&jpeg);
  assert_null(image_to_pdf(NULL, &rgba));             /* an empty image is no image */
  unlink(p1);
  unlink(p2);
  unlink(q);
  assert_int_equal(rmdir(dir), 0);
  buf_free(&qdf);
  buf_free(&one);
  buf_free(&two);
  buf_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_png_rgb),         cmocka_unit_test(test_png_rgba),
      cmocka_unit_test(test_png_palette_trns), cmocka_unit_test(test_png_grey),
      cmocka_unit_test(test_png_16bit),       cmocka_unit_test(test_png_truncated),
      cmocka_unit_test(test_png_crc),         cmocka_unit_test(test_png_zlib_damage),
      cmocka_unit_test(test_png_header),      cmocka_unit_test(test_not_an_image),
      cmocka_unit_test(test_jpeg_valid),      cmocka_unit_test(test_jpeg_truncated),
      cmocka_unit_test(test_jpeg_damaged),    cmocka_unit_test(test_jpeg_scan_bomb),
      cmocka_unit_test(test_fuzz),            cmocka_unit_test(test_load),
      cmocka_unit_test(test_pdf),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
