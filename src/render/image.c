/*
** image.c — PNG and JPEG logos decoded in full (libpng, libjpeg) into 8-bit
** RGB and alpha, and the few lines that hand the pixels to libharu. See image.h.
*/
#include "render/image.h"

#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jpeglib.h>
#include <jerror.h>
#include <png.h>

/* Every message starts with this: "品牌标志 logo.png：…". */
#define LOGO "品牌标志 %s："

/* ---- common checks ------------------------------------------------------ */

/* Refuses 0 and decompression bombs; called from the header, before any
** pixel memory is allocated. */
static hf_status check_dims(const char *label, const char *kind, uint64_t w, uint64_t h, hf_error *err) {
  if (w == 0 || h == 0)
    return hf_fail(err, HF_ERR_DATA, LOGO "%s 图像尺寸为 %llu×%llu（宽和高都必须大于 0），文件已损坏", label, kind,
                   (unsigned long long)w, (unsigned long long)h);
  if (w > HF_IMAGE_MAX_SIDE || h > HF_IMAGE_MAX_SIDE || w * h > HF_IMAGE_MAX_PIXELS)
    return hf_fail(err, HF_ERR_DATA,
                   LOGO "%s 图像尺寸 %llu×%llu 超出上限（宽高各不超过 %u、总计不超过 %u 万像素）；请缩小图片", label,
                   kind, (unsigned long long)w, (unsigned long long)h, HF_IMAGE_MAX_SIDE, HF_IMAGE_MAX_PIXELS / 10000u);
  return HF_OK;
}

static const uint8_t PNG_SIG[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

typedef enum img_format { FMT_UNKNOWN, FMT_PNG, FMT_JPEG } img_format;

/* The format by its magic bytes; *problem is set when the start is damaged. */
static img_format sniff(const uint8_t *d, size_t n, const char **problem) {
  *problem = NULL;
  if (n >= 4 && memcmp(d, PNG_SIG, 4) == 0) {
    if (n < 8 && memcmp(d, PNG_SIG, n) == 0) *problem = "PNG 数据不完整（文件被截断）";
    else if (n < 8 || memcmp(d, PNG_SIG, 8) != 0)
      *problem = "PNG 文件签名已损坏（可能以文本方式传输过，换行符被改动）";
    return FMT_PNG;
  }
  if (n >= 2 && d[0] == 0xFF && d[1] == 0xD8) {
    if (n < 3) *problem = "JPEG 数据不完整（文件被截断）";
    else if (d[2] != 0xFF) *problem = "JPEG 数据损坏（SOI 之后不是标记）";
    return FMT_JPEG;
  }
  return FMT_UNKNOWN;
}

/* A name for a format we recognise but do not take, or NULL. */
static const char *other_format(const uint8_t *d, size_t n) {
  if (n >= 4 && memcmp(d, "GIF8", 4) == 0) return "GIF";
  if (n >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0) return "WebP";
  if (n >= 4 && (memcmp(d, "II*\0", 4) == 0 || memcmp(d, "MM\0*", 4) == 0)) return "TIFF";
  if (n >= 2 && memcmp(d, "BM", 2) == 0) return "BMP";
  if (n >= 5 && memcmp(d, "%PDF-", 5) == 0) return "PDF";
  if (n >= 4 && (memcmp(d, "<svg", 4) == 0 || memcmp(d, "<?xm", 4) == 0)) return "SVG/XML";
  return NULL;
}

/* ---- PNG ------------------------------------------------------------------ */

typedef struct png_src {
  const char *label;
  const uint8_t *data;
  size_t len, pos;
  int truncated;          /* the reader ran past the end */
  int warned;             /* libpng warned: refused too */
  char message[256];      /* libpng's first error or warning */
  uint8_t *pixels;        /* width * height * channels, until moved to the hf_image */
  png_bytep *rows;
  unsigned channels;      /* 3 or 4 after the transformations */
  uint32_t width, height;
} png_src;

static void png_on_error(png_structp png, png_const_charp msg) {
  png_src *s = png_get_error_ptr(png);
  snprintf(s->message, sizeof s->message, "%s", msg);
  png_longjmp(png, 1);   /* never returns to libpng (whose default would print) */
}

/* Recorded, not jumped from: libpng expects its warning handler to return.
** The decode is refused once libpng is done. */
static void png_on_warning(png_structp png, png_const_charp msg) {
  png_src *s = png_get_error_ptr(png);
  if (s->warned) return;
  s->warned = 1;
  snprintf(s->message, sizeof s->message, "%s", msg);
}

static void png_read_mem(png_structp png, png_bytep dst, size_t n) {
  png_src *s = png_get_io_ptr(png);
  if (n > s->len - s->pos) {
    s->truncated = 1;
    png_error(png, "truncated");
  }
  memcpy(dst, s->data + s->pos, n);
  s->pos += n;
}

static hf_status png_failure(const png_src *s, hf_error *err) {
  if (s->truncated) return hf_fail(err, HF_ERR_DATA, LOGO "PNG 数据不完整（文件被截断）", s->label);
  if (strstr(s->message, "CRC error"))
    return hf_fail(err, HF_ERR_DATA, LOGO "PNG 数据损坏（CRC 错误，libpng：%s）", s->label, s->message);
  return hf_fail(err, HF_ERR_DATA, LOGO "PNG 数据损坏（libpng：%s）", s->label, s->message);
}

/* Runs libpng under setjmp. Everything that must survive a longjmp lives in
** *s (this function changes no local of its own after setjmp). */
static hf_status png_run(png_structp png, png_infop info, png_src *s, hf_error *err) {
  if (setjmp(png_jmpbuf(png))) return png_failure(s, err);
  png_set_read_fn(png, s, png_read_mem);
  png_set_user_limits(png, HF_IMAGE_MAX_SIDE, HF_IMAGE_MAX_SIDE);
  png_set_crc_action(png, PNG_CRC_ERROR_QUIT, PNG_CRC_ERROR_QUIT);   /* any chunk's CRC error is an error */
  png_set_benign_errors(png, 0);                                    /* "benign" errors too */
  /* Skip every ancillary chunk (gAMA, iCCP, text…) but tRNS: their CRC is
  ** still checked, their contents are never parsed, so no warnings about
  ** colour profiles on valid files. */
  png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, NULL, -1);
  png_read_info(png, info);
  s->width = png_get_image_width(png, info);
  s->height = png_get_image_height(png, info);
  hf_status st = check_dims(s->label, "PNG", s->width, s->height, err);
  if (st != HF_OK) return st;
  png_set_expand(png);        /* palette → RGB, grey < 8 bits → 8, tRNS → alpha */
  png_set_scale_16(png);      /* 16 → 8 bits, rounded */
  png_set_gray_to_rgb(png);
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  s->channels = png_get_channels(png, info);
  size_t rowbytes = png_get_rowbytes(png, info);
  if ((s->channels != 3 && s->channels != 4) || png_get_bit_depth(png, info) != 8 ||
      rowbytes != (size_t)s->width * s->channels)
    return hf_fail(err, HF_ERR_IO, LOGO "内部错误：PNG 转换后为 %u 通道、每行 %zu 字节", s->label, s->channels,
                   rowbytes);
  s->pixels = hf_xmalloc(rowbytes * s->height);
  s->rows = hf_xmalloc(sizeof *s->rows * s->height);
  for (uint32_t y = 0; y < s->height; y++) s->rows[y] = s->pixels + rowbytes * y;
  png_read_image(png, s->rows);
  png_read_end(png, info);    /* the chunks after IDAT, up to IEND and its CRC */
  if (s->warned) return png_failure(s, err);
  return HF_OK;
}

/* Moves RGBA pixels into separate RGB and alpha planes (in place for RGB);
** an alpha plane that is all 255 is dropped. */
static void split_alpha(hf_image *out, uint8_t *px, size_t n) {
  uint8_t *alpha = hf_xmalloc(n);
  int opaque = 1;
  for (size_t i = 0; i < n; i++) {
    uint8_t r = px[4 * i], g = px[4 * i + 1], b = px[4 * i + 2], a = px[4 * i + 3];
    px[3 * i] = r;   /* 3i ≤ 4i: never overwrites a pixel not yet read */
    px[3 * i + 1] = g;
    px[3 * i + 2] = b;
    alpha[i] = a;
    opaque &= a == 255;
  }
  out->rgb = hf_xrealloc(px, n * 3);
  if (opaque) free(alpha);
  else out->alpha = alpha;
}

static uint32_t get_be32(const uint8_t *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Walks the chunks up to IEND before libpng sees any: every chunk complete
** and its CRC right. libpng checks a chunk's CRC only after inflating its
** data, so a damaged IDAT would otherwise surface as a zlib error. */
static hf_status png_check_chunks(const char *label, const uint8_t *data, size_t len, hf_error *err) {
  uint32_t table[256];
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  size_t off = 8;
  for (;;) {
    if (len - off < 12) return hf_fail(err, HF_ERR_DATA, LOGO "PNG 数据不完整（文件被截断）", label);
    uint32_t n = get_be32(data + off);
    const uint8_t *type = data + off + 4;
    char name[5];   /* for messages: letters only, as chunk types are */
    for (int i = 0; i < 4; i++) {
      int letter = (type[i] >= 'A' && type[i] <= 'Z') || (type[i] >= 'a' && type[i] <= 'z');
      name[i] = letter ? (char)type[i] : '?';
    }
    name[4] = '\0';
    if (n > 0x7FFFFFFFu)
      return hf_fail(err, HF_ERR_DATA, LOGO "PNG 数据损坏（%s 块的长度无效）", label, name);
    if (len - off - 12 < n) return hf_fail(err, HF_ERR_DATA, LOGO "PNG 数据不完整（文件被截断）", label);
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < (size_t)n + 4; i++) crc = table[(crc ^ type[i]) & 0xFF] ^ (crc >> 8);
    if ((crc ^ 0xFFFFFFFFu) != get_be32(type + 4 + n))
      return hf_fail(err, HF_ERR_DATA, LOGO "PNG 数据损坏（%s 块 CRC 错误）", label, name);
    off += 12 + (size_t)n;
    if (memcmp(type, "IEND", 4) == 0) return HF_OK;
  }
}

static hf_status decode_png(const char *label, const uint8_t *data, size_t len, hf_image *out, hf_error *err) {
  hf_status st = png_check_chunks(label, data, len, err);
  if (st != HF_OK) return st;
  /* The IHDR read straight from the bytes: a precise message before libpng's
  ** own user limit would stop it with a generic one. */
  if (len >= 24 && memcmp(data + 12, "IHDR", 4) == 0) {
    st = check_dims(label, "PNG", get_be32(data + 16), get_be32(data + 20), err);
    if (st != HF_OK) return st;
  }
  png_src s;
  memset(&s, 0, sizeof s);
  s.label = label;
  s.data = data;
  s.len = len;
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &s, png_on_error, png_on_warning);
  png_infop info = png ? png_create_info_struct(png) : NULL;
  if (!info) {
    png_destroy_read_struct(png ? &png : NULL, NULL, NULL);
    return hf_fail(err, HF_ERR_IO, LOGO "无法初始化 libpng（内存不足）", label);
  }
  st = png_run(png, info, &s, err);
  png_destroy_read_struct(&png, &info, NULL);
  free(s.rows);
  if (st != HF_OK) {
    free(s.pixels);
    return st;
  }
  out->width = s.width;
  out->height = s.height;
  if (s.channels == 4) split_alpha(out, s.pixels, (size_t)s.width * s.height);
  else out->rgb = s.pixels;
  snprintf(out->kind, sizeof out->kind, "PNG");
  return HF_OK;
}

/* ---- JPEG ----------------------------------------------------------------- */

typedef struct jpeg_src {
  struct jpeg_error_mgr jerr;
  struct jpeg_progress_mgr progress;
  jmp_buf jump;
  const char *label;
  int msg_code;            /* libjpeg's message code of the error or warning */
  int too_many_scans;
  char message[JMSG_LENGTH_MAX];
  uint8_t *pixels;         /* width * height * 3, until moved to the hf_image */
  uint8_t *row;            /* one CMYK row */
} jpeg_src;

static void jpeg_on_error(j_common_ptr cinfo) {
  jpeg_src *s = cinfo->client_data;
  s->msg_code = cinfo->err->msg_code;
  (*cinfo->err->format_message)(cinfo, s->message);
  longjmp(s->jump, 1);
}

/* Warnings (level < 0) are refusals: premature end of data — what a
** truncated file gives, libjpeg then fakes an EOI and fills the rest with
** grey — corrupt entropy data, extraneous bytes. Trace messages are ignored. */
static void jpeg_on_message(j_common_ptr cinfo, int level) {
  if (level >= 0) return;
  cinfo->err->num_warnings++;
  jpeg_on_error(cinfo);
}

static void jpeg_quiet(j_common_ptr cinfo) { (void)cinfo; }

/* Each progressive scan decodes the whole image again: cap their number. */
static void jpeg_on_progress(j_common_ptr cinfo) {
  jpeg_src *s = cinfo->client_data;
  if (cinfo->is_decompressor && ((j_decompress_ptr)cinfo)->input_scan_number > HF_IMAGE_MAX_SCANS) {
    s->too_many_scans = 1;
    longjmp(s->jump, 1);
  }
}

static hf_status jpeg_failure(const jpeg_src *s, hf_error *err) {
  if (s->too_many_scans)
    return hf_fail(err, HF_ERR_DATA, LOGO "JPEG 的扫描段超过 %d 个（异常的渐进式 JPEG），拒绝解码", s->label,
                   HF_IMAGE_MAX_SCANS);
  if (s->msg_code == JWRN_JPEG_EOF || s->msg_code == JERR_INPUT_EOF)
    return hf_fail(err, HF_ERR_DATA, LOGO "JPEG 数据不完整（文件被截断）", s->label);
  return hf_fail(err, HF_ERR_DATA, LOGO "JPEG 数据损坏（libjpeg：%s）", s->label, s->message);
}

/* x·y/255, rounded. */
static uint8_t mul255(unsigned x, unsigned y) { return (uint8_t)((x * y + 127) / 255); }

/* One row of CMYK to RGB: R = (1 − C)(1 − K). Adobe files store CMYK
** inverted (255 = no ink). */
static void cmyk_row(const uint8_t *cmyk, uint8_t *rgb, size_t w, int inverted) {
  for (size_t x = 0; x < w; x++, cmyk += 4, rgb += 3) {
    unsigned c = cmyk[0], m = cmyk[1], y = cmyk[2], k = cmyk[3];
    if (!inverted) c = 255 - c, m = 255 - m, y = 255 - y, k = 255 - k;
    rgb[0] = mul255(c, k);
    rgb[1] = mul255(m, k);
    rgb[2] = mul255(y, k);
  }
}

/* Runs libjpeg under setjmp; *cinfo is zeroed with err and client_data set,
** and the caller destroys it whatever happens. State lives in *s. */
static hf_status jpeg_run(struct jpeg_decompress_struct *cinfo, jpeg_src *s, const uint8_t *data, size_t len,
                          hf_image *out, hf_error *err) {
  if (setjmp(s->jump)) return jpeg_failure(s, err);
  jpeg_create_decompress(cinfo);
  cinfo->progress = &s->progress;
  jpeg_mem_src(cinfo, data, (unsigned long)len);
  jpeg_read_header(cinfo, TRUE);
  hf_status st = check_dims(s->label, "JPEG", cinfo->image_width, cinfo->image_height, err);
  if (st != HF_OK) return st;
  int cmyk = 0;
  switch (cinfo->jpeg_color_space) {
    case JCS_GRAYSCALE:
    case JCS_YCbCr:
    case JCS_RGB: cinfo->out_color_space = JCS_RGB; break;
    case JCS_CMYK:
    case JCS_YCCK: cinfo->out_color_space = JCS_CMYK; cmyk = 1; break;
    default:
      return hf_fail(err, HF_ERR_DATA, LOGO "JPEG 的颜色空间不受支持（%d 个颜色分量）；请另存为 RGB JPEG 或 PNG",
                     s->label, cinfo->num_components);
  }
  jpeg_start_decompress(cinfo);
  size_t w = cinfo->output_width, h = cinfo->output_height;
  if (w != cinfo->image_width || h != cinfo->image_height || cinfo->output_components != (cmyk ? 4 : 3))
    return hf_fail(err, HF_ERR_IO, LOGO "内部错误：libjpeg 输出 %zu×%zu、%d 个分量", s->label, w, h,
                   cinfo->output_components);
  s->pixels = hf_xmalloc(w * h * 3);
  if (cmyk) s->row = hf_xmalloc(w * 4);
  while (cinfo->output_scanline < h) {
    size_t y = cinfo->output_scanline;
    JSAMPROW row = cmyk ? s->row : s->pixels + y * w * 3;
    if (jpeg_read_scanlines(cinfo, &row, 1) != 1)   /* a memory source never suspends */
      return hf_fail(err, HF_ERR_IO, LOGO "内部错误：libjpeg 在第 %zu 行停止", s->label, y);
    if (cmyk) cmyk_row(s->row, s->pixels + y * w * 3, w, cinfo->saw_Adobe_marker);
  }
  jpeg_finish_decompress(cinfo);   /* reads up to EOI: a file cut just before it warns here */
  if (s->jerr.num_warnings > 0) return jpeg_failure(s, err);
  out->width = (uint32_t)w;
  out->height = (uint32_t)h;
  return HF_OK;
}

static hf_status decode_jpeg(const char *label, const uint8_t *data, size_t len, hf_image *out, hf_error *err) {
  jpeg_src s;
  memset(&s, 0, sizeof s);
  s.label = label;
  struct jpeg_decompress_struct cinfo;
  memset(&cinfo, 0, sizeof cinfo);
  cinfo.err = jpeg_std_error(&s.jerr);
  s.jerr.error_exit = jpeg_on_error;
  s.jerr.emit_message = jpeg_on_message;
  s.jerr.output_message = jpeg_quiet;
  s.progress.progress_monitor = jpeg_on_progress;
  cinfo.client_data = &s;
  hf_status st = jpeg_run(&cinfo, &s, data, len, out, err);
  jpeg_destroy_decompress(&cinfo);
  free(s.row);
  if (st != HF_OK) {
    free(s.pixels);
    out->width = out->height = 0;
    return st;
  }
  out->rgb = s.pixels;
  snprintf(out->kind, sizeof out->kind, "JPEG");
  return HF_OK;
}

/* ---- public API --------------------------------------------------------- */

hf_status image_decode(const char *label, const uint8_t *data, size_t len, hf_image *out, hf_error *err) {
  memset(out, 0, sizeof *out);
  if (!label) label = "（未命名）";
  if (len == 0 || !data) return hf_fail(err, HF_ERR_DATA, LOGO "文件为空（0 字节）", label);
  if (len > HF_IMAGE_MAX_BYTES)
    return hf_fail(err, HF_ERR_DATA, LOGO "文件有 %zu 字节，超过 %u MB 的上限；请压缩图片", label, len,
                   HF_IMAGE_MAX_BYTES / (1024u * 1024u));
  const char *problem;
  switch (sniff(data, len, &problem)) {
    case FMT_PNG: return problem ? hf_fail(err, HF_ERR_DATA, LOGO "%s", label, problem)
                                 : decode_png(label, data, len, out, err);
    case FMT_JPEG: return problem ? hf_fail(err, HF_ERR_DATA, LOGO "%s", label, problem)
                                  : decode_jpeg(label, data, len, out, err);
    case FMT_UNKNOWN: break;
  }
  const char *other = other_format(data, len);
  if (other)
    return hf_fail(err, HF_ERR_DATA, LOGO "是 %s 文件，只支持 PNG 和 JPEG；请转换为 PNG", label, other);
  return hf_fail(err, HF_ERR_DATA, LOGO "不是 PNG 或 JPEG 图片（文件开头没有它们的标志字节，与扩展名无关）", label);
}

hf_status image_load(const char *path, hf_image *out, hf_error *err) {
  memset(out, 0, sizeof *out);
  FILE *fp = fopen(path, "rb");
  if (!fp) return hf_fail(err, HF_ERR_DATA, LOGO "无法打开文件：%s", path, strerror(errno));
  struct stat sb;
  if (fstat(fileno(fp), &sb) != 0 || !S_ISREG(sb.st_mode)) {
    fclose(fp);
    return hf_fail(err, HF_ERR_DATA, LOGO "不是普通文件", path);
  }
  if (sb.st_size > (off_t)HF_IMAGE_MAX_BYTES) {
    fclose(fp);
    return hf_fail(err, HF_ERR_DATA, LOGO "文件有 %lld 字节，超过 %u MB 的上限；请压缩图片", path,
                   (long long)sb.st_size, HF_IMAGE_MAX_BYTES / (1024u * 1024u));
  }
  size_t size = (size_t)sb.st_size;
  uint8_t *data = hf_xmalloc(size);
  size_t n = fread(data, 1, size, fp);
  int failed = ferror(fp);
  fclose(fp);
  hf_status st = failed ? hf_fail(err, HF_ERR_IO, LOGO "读取失败：%s", path, strerror(errno))
                        : image_decode(path, data, n, out, err);
  free(data);
  return st;
}

void image_free(hf_image *img) {
  if (!img) return;
  free(img->rgb);
  free(img->alpha);
  memset(img, 0, sizeof *img);
}

/* Both loads copy the pixels into the document. libharu 2.3.0 dereferences
** the image it failed to create when image compression is on, so an
** allocation failure inside it crashes rather than returning NULL — as any
** out-of-memory does in huifang. */
HPDF_Image image_to_pdf(HPDF_Doc doc, const hf_image *img) {
  if (!img || !img->rgb || img->width == 0 || img->height == 0) return NULL;
  HPDF_Image rgb = HPDF_LoadRawImageFromMem(doc, img->rgb, img->width, img->height, HPDF_CS_DEVICE_RGB, 8);
  if (!rgb || !img->alpha) return rgb;
  HPDF_Image mask = HPDF_LoadRawImageFromMem(doc, img->alpha, img->width, img->height, HPDF_CS_DEVICE_GRAY, 8);
  if (!mask || HPDF_Image_AddSMask(rgb, mask) != HPDF_OK) return NULL;
  return rgb;
}
