/*
 * encoding.h -- turning attribute text into UTF-8.
 *
 * Shapefile attributes arrive in whatever code page the writer used: the
 * .cpg file or the .dbf language driver (LDID) may say which, and often
 * neither does. A decoder is made once per file from the declared charset
 * (or none) and converts each value with glibc iconv:
 *
 *   declared UTF-8     the bytes are validated and copied
 *   declared other     converted by iconv; invalid bytes are an error
 *   unknown (NULL)     valid UTF-8 is kept, anything else is read as
 *                      GB18030 (a superset of GBK / GB2312 / CP936) and
 *                      the caller is told so it can warn once
 */
#ifndef CUNLU_ENCODING_H
#define CUNLU_ENCODING_H

#include <stddef.h>

#include "cunlu/error.h"

/* 1 if s[0..n) is well-formed UTF-8 (no overlong forms, no surrogates,
 * nothing above U+10FFFF), else 0. */
int cl_utf8_valid(const char *s, size_t n);

/*
 * The iconv charset for a code page label as found in a .cpg file
 * ("UTF-8", "65001", "GBK", "CP936", "936", "GB2312", "ANSI 1252",
 * "ISO-8859-1", "88591", "Big5", ...; case, surrounding blanks and a
 * UTF-8 byte order mark are ignored). GBK, GB2312 and CP936 all map to
 * GB18030, which reads every one of them. Writes the name into
 * charset[0..size) and returns 1, or returns 0 when the label is not
 * recognised or this system's iconv cannot convert from it.
 */
int cl_codepage_from_label(const char *label, char *charset, size_t size);

/*
 * The iconv charset for a dBASE language driver ID (byte 29 of the .dbf
 * header): 0x4D and 0x7A -> GB18030 (CP936), 0x57 -> ISO-8859-1, 0x58 and
 * 0x59 -> CP1252, and the DOS / Windows code pages of the usual table.
 * NULL for 0 (not set) and for IDs not in the table. Static string.
 */
const char *cl_codepage_from_ldid(int ldid);

struct cl_decoder;

/*
 * Make a decoder for charset (an iconv name such as those returned above)
 * or, with charset NULL, for unknown text. CL_EINPUT when iconv does not
 * know the charset; CL_EINTERNAL when out of memory. The caller owns
 * *out; free it with cl_decoder_destroy.
 */
int cl_decoder_create(const char *charset, struct cl_decoder **out,
		      struct cl_error *err);

/* Free a decoder; accepts NULL. */
void cl_decoder_destroy(struct cl_decoder *dec);

/*
 * Decode in[0..n) to a new NUL-terminated UTF-8 string in *out (the
 * caller frees it). *guessed (may be NULL) is set to 1 when the text was
 * not UTF-8 and the charset unknown, so GB18030 was assumed, else 0.
 * CL_EINPUT when the bytes are not valid in the charset, with a message
 * saying where ("invalid byte sequence at byte 4 (0xff)") but no file
 * context: the caller prefixes that. CL_EINTERNAL when out of memory.
 * Nothing is allocated on failure.
 */
int cl_decoder_run(struct cl_decoder *dec, const char *in, size_t n,
		   char **out, int *guessed, struct cl_error *err);

/*
 * Writing text in a code page (the shapefile outputs, --shp-encoding):
 * an encoder from UTF-8 to charset ("UTF-8": the text is copied; "GBK"
 * and any other iconv name: converted, each character the code page
 * lacks written as '?'). CL_EINPUT when iconv does not know charset,
 * CL_EINTERNAL when out of memory.
 */
struct cl_encoder;

int cl_encoder_create(const char *charset, struct cl_encoder **out,
		      struct cl_error *err);
void cl_encoder_destroy(struct cl_encoder *enc);

/*
 * Encode the UTF-8 string in into a new NUL-terminated string *out (the
 * caller frees it). *lossy (may be NULL) is set to 1 when a character
 * became '?', else left alone; an invalid UTF-8 byte becomes '?' too.
 * CL_OK or CL_EINTERNAL (out of memory).
 */
int cl_encoder_run(struct cl_encoder *enc, const char *in, char **out,
		   int *lossy, struct cl_error *err);

/*
 * Was raw[0..n), decoded as `decoded` under a declared code page that is
 * not UTF-8, more likely written in another one? "UTF-8" when the bytes
 * are well-formed UTF-8 with multi-byte characters (a legacy code page
 * rarely is); "GBK" when the declared page is not GBK/GB18030
 * (declared_gbk 0), every byte above 0x7F pairs up as GBK, mostly common
 * hanzi, and the decoded text has runs of accented Latin letters ("ÁúÌÁ´å"
 * for 龙塘村 read as ISO-8859-1); else NULL. decoded is NULL when the
 * declared page could not decode the bytes at all (GBK under a .cpg
 * saying UTF-8): then the GBK pairs alone decide.
 */
const char *cl_text_misread(const char *raw, size_t n, const char *decoded,
			    int declared_gbk);

#endif
