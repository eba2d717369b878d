/*
** image.h — brand logos (PNG, JPEG) decoded here and handed to libharu as raw
** pixels, never as files.
**
** libharu 2.3.0 aborts the process on a bad PNG (its loader never sets
** setjmp(png_jmpbuf)) and embeds a truncated JPEG without a word. So the file
** is decoded completely here — libpng and libjpeg with setjmp/longjmp error
** handlers — and image_to_pdf gives libharu 8-bit DeviceRGB samples plus an
** 8-bit DeviceGray soft mask when the logo has transparency.
**
** What is refused (HF_ERR_DATA, a Chinese message "品牌标志 <label>：…"):
**   an empty file, more than HF_IMAGE_MAX_BYTES, a format other than PNG or
**   JPEG (told by its magic bytes, never by the file name), a width or height
**   of 0 or above HF_IMAGE_MAX_SIDE, more than HF_IMAGE_MAX_PIXELS pixels
**   (decompression bombs; checked from the header, before any pixel memory);
**   PNG: any libpng error or warning — bad signature, CRC error in any chunk,
**   truncated data, a zlib error, too much or too little image data;
**   JPEG: any libjpeg error or warning — premature end of data (a truncated
**   file), corrupt entropy data, extraneous bytes — and more than
**   HF_IMAGE_MAX_SCANS progressive scans (a CPU bomb).
** What is decoded:
**   PNG: every colour type and bit depth; palette, grey and < 8 bits expanded,
**   16 bits scaled to 8, interlacing undone. Alpha comes from an alpha channel
**   or a tRNS chunk. Ancillary chunks (gAMA, iCCP, sRGB, text…) are skipped
**   unread, apart from their CRC: no colour management.
**   JPEG: greyscale, YCbCr and RGB to RGB. CMYK and YCCK are converted with the
**   naive formula R = (1 − C)(1 − K) (no ICC profile); when the file has an
**   Adobe APP14 marker its CMYK samples are taken as inverted, the Photoshop
**   convention other readers (MuPDF, pdf.js) follow too. 12-bit and
**   lossless JPEG are refused (libjpeg-turbo 2.1 does not decode them).
** An alpha plane that is 255 everywhere is dropped (alpha = NULL): fully
** opaque logos get no soft mask. Decoding is deterministic: the same bytes
** give the same pixels, and image_to_pdf the same PDF objects.
**
** Ownership: the hf_image owns rgb and alpha (malloc'ed); image_free releases
** them. On failure *out is left zeroed, so image_free(out) is always safe.
*/
#ifndef HF_IMAGE_H
#define HF_IMAGE_H

#include <hpdf.h>
#include <stddef.h>
#include <stdint.h>

#include "common/diag.h"

#define HF_IMAGE_MAX_BYTES (20u * 1024u * 1024u)   /* file size */
#define HF_IMAGE_MAX_SIDE 8000u                    /* width and height */
#define HF_IMAGE_MAX_PIXELS 40000000u              /* width × height */
#define HF_IMAGE_MAX_SCANS 100                     /* progressive JPEG scans */

typedef struct hf_image {
  uint32_t width, height;
  uint8_t *rgb;     /* width * height * 3 bytes, rows top to bottom */
  uint8_t *alpha;   /* width * height bytes (255 = opaque), or NULL when opaque */
  char kind[8];     /* "PNG" or "JPEG" */
} hf_image;

/* Reads and decodes the file at path (the path names it in messages).
** A missing or unreadable file is HF_ERR_DATA, a read error HF_ERR_IO. */
hf_status image_load(const char *path, hf_image *out, hf_error *err);

/* Decodes data[0..len); label ("logo.png") names it in messages. */
hf_status image_decode(const char *label, const uint8_t *data, size_t len, hf_image *out, hf_error *err);

/* Releases the pixels and zeroes *img. Accepts NULL and a zeroed image. */
void image_free(hf_image *img);

/* Adds img to doc as an XObject (8-bit DeviceRGB, with the alpha plane as an
** 8-bit DeviceGray /SMask) for HPDF_Page_DrawImage. Returns NULL when img
** holds no pixels, or when libharu fails — then the error is set on doc (its
** error handler has been called).
** Flate-compressed when doc's compression mode includes HPDF_COMP_IMAGE. */
HPDF_Image image_to_pdf(HPDF_Doc doc, const hf_image *img);

#endif
