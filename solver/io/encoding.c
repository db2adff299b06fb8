/*
 * encoding.c -- attribute text to UTF-8 (see encoding.h): UTF-8
 * validation, code page labels and dBASE language drivers to iconv
 * names, and the per-file decoder built on glibc iconv.
 */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/encoding.h"

/* Offset of the first byte that breaks UTF-8 in s[0..n), or n. */
static size_t utf8_first_invalid(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		size_t len;
		unsigned lo = 0x80, hi = 0xBF;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			if (c == 0xE0)
				lo = 0xA0;          /* overlong */
			else if (c == 0xED)
				hi = 0x9F;          /* surrogates */
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			if (c == 0xF0)
				lo = 0x90;          /* overlong */
			else if (c == 0xF4)
				hi = 0x8F;          /* above U+10FFFF */
		} else {
			return i;
		}
		if (n - i < len)
			return i;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return i;
		for (size_t k = 2; k < len; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				return i;
		i += len;
	}
	return n;
}

int cl_utf8_valid(const char *s, size_t n)
{
	return utf8_first_invalid((const unsigned char *)s, n) == n;
}

/*
 * iconv_open(to, from), telling "out of memory" (*oom = 1) from "not
 * supported". glibc's iconv_open says EINVAL, as for an unknown code page,
 * when it cannot allocate what loading a conversion module (GB18030's
 * gconv module, by dlopen) needs, and ENOMEM only for its own descriptor.
 * So a refusal is tried once more, and a second refusal is checked with a
 * conversion glibc has built in (UTF-8 to UTF-16, no module to load):
 * when even that cannot be opened, memory is short.
 */
static iconv_t open_conv(const char *to, const char *from, int *oom)
{
	iconv_t cd;
	int e;

	*oom = 0;
	errno = 0;
	cd = iconv_open(to, from);
	if (cd != (iconv_t)-1)
		return cd;
	errno = 0;
	cd = iconv_open(to, from);
	if (cd != (iconv_t)-1)
		return cd;
	e = errno;
	if (e != ENOMEM) {
		iconv_t probe = iconv_open("UTF-16", "UTF-8");

		if (probe == (iconv_t)-1)
			e = ENOMEM;
		else
			iconv_close(probe);
	}
	*oom = e == ENOMEM;
	return (iconv_t)-1;
}

/* Can this system's iconv convert from charset to UTF-8? When iconv_open
 * runs out of memory, say yes: the decoder's own iconv_open then decides,
 * and reports out of memory if it happens again (the caller cannot tell
 * "unknown" from "no memory" otherwise). */
static int iconv_knows(const char *charset)
{
	iconv_t cd;
	int oom;

	cd = open_conv("UTF-8", charset, &oom);
	if (cd == (iconv_t)-1)
		return oom;
	iconv_close(cd);
	return 1;
}

static int put_name(const char *name, char *charset, size_t size)
{
	size_t len = strlen(name);

	if (len + 1 > size || !iconv_knows(name))
		return 0;
	memcpy(charset, name, len + 1);
	return 1;
}

/* A Windows / DOS / ISO code page given by number. */
static int numeric_codepage(long cp, char *charset, size_t size)
{
	char name[32];

	if (cp == 65001)
		return put_name("UTF-8", charset, size);
	if (cp == 936 || cp == 54936 || cp == 20936)
		return put_name("GB18030", charset, size);
	if (cp == 10000)
		return put_name("MACINTOSH", charset, size);
	if (cp == 20866)
		return put_name("KOI8-R", charset, size);
	if (cp == 21866)
		return put_name("KOI8-U", charset, size);
	if (cp == 20127)
		return put_name("ASCII", charset, size);
	if (cp >= 28591 && cp <= 28606) {
		snprintf(name, sizeof name, "ISO-8859-%ld", cp - 28590);
		return put_name(name, charset, size);
	}
	/* ArcGIS writes ISO 8859 parts as "88591" .. "885916". */
	if (cp >= 88591 && cp <= 88599) {
		snprintf(name, sizeof name, "ISO-8859-%ld", cp - 88590);
		return put_name(name, charset, size);
	}
	if (cp >= 885910 && cp <= 885916) {
		snprintf(name, sizeof name, "ISO-8859-%ld", cp - 885900);
		return put_name(name, charset, size);
	}
	if (cp <= 0 || cp > 99999)
		return 0;
	snprintf(name, sizeof name, "CP%ld", cp);
	return put_name(name, charset, size);
}

/* If s is all digits (at least one), store the number and return 1. */
static int all_digits(const char *s, long *out)
{
	long v = 0;

	if (!*s)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 9999999)
			return 0;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return 1;
}

/*
 * Lookup order: the Chinese aliases, then named aliases, code page numbers
 * (bare or after ANSI / CP / WINDOWS / MS / IBM / OEM), ISO 8859 parts,
 * and last a plain name iconv itself knows.
 */
int cl_codepage_from_label(const char *label, char *charset, size_t size)
{
	static const char *const gb_aliases[] = {
		"GBK", "CP936", "MS936", "WINDOWS936", "GB2312", "GB231280",
		"EUCCN", "GB18030", "CHINESE", "CSGB2312", "ISOIR58"
	};
	static const struct { const char *key, *name; } aliases[] = {
		{ "UTF8", "UTF-8" }, { "LATIN1", "ISO-8859-1" },
		{ "ASCII", "ASCII" }, { "USASCII", "ASCII" },
		{ "BIG5", "BIG5" }, { "SJIS", "CP932" }, { "SHIFTJIS", "CP932" },
		{ "EUCKR", "EUC-KR" }, { "EUCJP", "EUC-JP" },
		{ "KOI8R", "KOI8-R" }, { "KOI8U", "KOI8-U" },
	};
	static const char *const prefixes[] = { "ANSI", "WINDOWS", "CP", "MS", "IBM", "OEM" };
	char trimmed[64], key[64];
	const char *s = label, *e;
	size_t len, nk = 0;
	long num;

	if (!label || size == 0)
		return 0;
	if ((unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
	    (unsigned char)s[2] == 0xBF)
		s += 3;
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		e--;
	len = (size_t)(e - s);
	if (len == 0 || len >= sizeof trimmed)
		return 0;
	memcpy(trimmed, s, len);
	trimmed[len] = '\0';

	/* The comparison key: upper-case letters and digits only. */
	for (size_t i = 0; i < len; i++) {
		char c = trimmed[i];
		if (c >= 'a' && c <= 'z')
			key[nk++] = (char)(c - 'a' + 'A');
		else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
			key[nk++] = c;
	}
	key[nk] = '\0';

	for (size_t i = 0; i < sizeof gb_aliases / sizeof gb_aliases[0]; i++)
		if (strcmp(key, gb_aliases[i]) == 0)
			return put_name("GB18030", charset, size);
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(key, aliases[i].key) == 0)
			return put_name(aliases[i].name, charset, size);
	if (all_digits(key, &num))
		return numeric_codepage(num, charset, size);
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
		size_t pl = strlen(prefixes[i]);
		if (strncmp(key, prefixes[i], pl) == 0 && all_digits(key + pl, &num))
			return numeric_codepage(num, charset, size);
	}
	if (strncmp(key, "ISO8859", 7) == 0 && all_digits(key + 7, &num) &&
	    num >= 1 && num <= 16)
		return numeric_codepage(num < 10 ? 88590 + num : 885900 + num,
					charset, size);
	if (strncmp(key, "8859", 4) == 0 && all_digits(key + 4, &num) &&
	    num >= 1 && num <= 16)
		return numeric_codepage(num < 10 ? 88590 + num : 885900 + num,
					charset, size);

	/* Last resort: a plain iconv name ("TIS-620"); no "//" suffixes. */
	for (size_t i = 0; i < len; i++) {
		char c = trimmed[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == ':'))
			return 0;
	}
	return put_name(trimmed, charset, size);
}

const char *cl_codepage_from_ldid(int ldid)
{
	/*
	 * The dBASE / ESRI language driver table (as ArcGIS and GDAL read it),
	 * except 0x57 "ANSI": it means the writer's Windows code page, which
	 * on Chinese Windows is GBK, and it is also shapelib's default when
	 * writing. Treated as unknown: UTF-8 when valid, else GB18030.
	 */
	static const struct { int ldid; const char *name; } table[] = {
		{ 0x01, "CP437" }, { 0x02, "CP850" }, { 0x03, "CP1252" },
		{ 0x04, "MACINTOSH" }, { 0x08, "CP865" }, { 0x09, "CP437" },
		{ 0x0A, "CP850" }, { 0x0B, "CP437" }, { 0x0D, "CP437" },
		{ 0x0E, "CP850" }, { 0x0F, "CP437" }, { 0x10, "CP850" },
		{ 0x11, "CP437" }, { 0x12, "CP850" }, { 0x13, "CP932" },
		{ 0x14, "CP850" }, { 0x15, "CP437" }, { 0x16, "CP850" },
		{ 0x17, "CP865" }, { 0x18, "CP437" }, { 0x19, "CP437" },
		{ 0x1A, "CP850" }, { 0x1B, "CP437" }, { 0x1C, "CP863" },
		{ 0x1D, "CP850" }, { 0x1F, "CP852" }, { 0x22, "CP852" },
		{ 0x23, "CP852" }, { 0x24, "CP860" }, { 0x25, "CP850" },
		{ 0x26, "CP866" }, { 0x37, "CP850" }, { 0x40, "CP852" },
		{ 0x4D, "GB18030" }, { 0x4E, "CP949" }, { 0x4F, "CP950" },
		{ 0x50, "CP874" }, { 0x58, "CP1252" },
		{ 0x59, "CP1252" }, { 0x64, "CP852" }, { 0x65, "CP866" },
		{ 0x66, "CP865" }, { 0x67, "CP861" }, { 0x6A, "CP737" },
		{ 0x6B, "CP857" }, { 0x78, "CP950" }, { 0x79, "CP949" },
		{ 0x7A, "GB18030" }, { 0x7B, "CP932" }, { 0x7C, "CP874" },
		{ 0x7D, "CP1255" }, { 0x7E, "CP1256" }, { 0x86, "CP737" },
		{ 0x87, "CP852" }, { 0x88, "CP857" }, { 0xC8, "CP1250" },
		{ 0xC9, "CP1251" }, { 0xCA, "CP1254" }, { 0xCB, "CP1253" },
		{ 0xCC, "CP1257" },
	};

	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].ldid == ldid)
			return table[i].name;
	return NULL;
}

enum dec_mode { DEC_UTF8, DEC_ICONV, DEC_GUESS };

struct cl_decoder {
	enum dec_mode mode;
	iconv_t cd;     /* to UTF-8 from the charset (or GB18030 when guessing) */
};

/* UTF-8 needs no iconv handle; anything else opens one (GB18030 when
 * guessing). */
int cl_decoder_create(const char *charset, struct cl_decoder **out,
		      struct cl_error *err)
{
	struct cl_decoder *dec;
	char key[16];
	size_t nk = 0;

	*out = NULL;
	dec = calloc(1, sizeof *dec);
	if (!dec)
		return cl_oom(err, "decoding text");
	dec->cd = (iconv_t)-1;
	if (charset) {
		for (const char *p = charset; *p && nk + 1 < sizeof key; p++)
			if (*p != '-' && *p != '_')
				key[nk++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
		key[nk] = '\0';
	}
	if (charset && strcmp(key, "UTF8") == 0) {
		dec->mode = DEC_UTF8;
	} else {
		dec->mode = charset ? DEC_ICONV : DEC_GUESS;
		int oom;

		dec->cd = open_conv("UTF-8", charset ? charset : "GB18030", &oom);
		if (dec->cd == (iconv_t)-1) {
			free(dec);
			if (oom)
				return cl_oom(err, "opening the %s decoder",
					      charset ? charset : "GB18030");
			return cl_fail(err, CL_EINPUT,
				       "code page \"%s\" is not supported by iconv",
				       charset ? charset : "GB18030");
		}
	}
	*out = dec;
	return CL_OK;
}

void cl_decoder_destroy(struct cl_decoder *dec)
{
	if (!dec)
		return;
	if (dec->cd != (iconv_t)-1)
		iconv_close(dec->cd);
	free(dec);
}

static int copy_bytes(const char *in, size_t n, char **out, struct cl_error *err)
{
	char *s = malloc(n + 1);

	if (!s)
		return cl_oom(err, "decoding text");
	memcpy(s, in, n);
	s[n] = '\0';
	*out = s;
	return CL_OK;
}

/*
 * Run iconv over in[0..n) into a new NUL-terminated string. The output
 * position is kept as an index so that growing the buffer cannot leave a
 * pointer into the old one.
 */
static int convert(iconv_t cd, const char *in, size_t n, char **out,
		   struct cl_error *err)
{
	size_t cap = 4 * n + 16, used = 0, inleft = n, outleft;
	char *buf, *grown, *ip = (char *)in, *op;  /* iconv does not write the input */
	int flushing = 0, rc;

	buf = malloc(cap);
	if (!buf)
		return cl_oom(err, "decoding text");
	iconv(cd, NULL, NULL, NULL, NULL);     /* reset the shift state */
	for (;;) {
		size_t r;

		op = buf + used;
		outleft = cap - used - 1;
		if (inleft > 0)
			r = iconv(cd, &ip, &inleft, &op, &outleft);
		else
			r = iconv(cd, NULL, NULL, &op, &outleft);   /* flush */
		used = cap - 1 - outleft;
		if (r != (size_t)-1) {
			if (inleft == 0 && flushing)
				break;
			flushing = inleft == 0;
			continue;
		}
		if (errno == E2BIG) {
			if (cap > ((size_t)-1) / 4)
				goto nomem;
			grown = realloc(buf, cap * 2);
			if (!grown)
				goto nomem;
			buf = grown;
			cap *= 2;
		} else if (errno == EINVAL) {
			rc = cl_fail(err, CL_EINPUT,
				     "incomplete multi-byte sequence at the end (byte %zu)",
				     n - inleft + 1);
			goto fail;
		} else {
			rc = cl_fail(err, CL_EINPUT,
				     "invalid byte sequence at byte %zu (0x%02x)",
				     n - inleft + 1, (unsigned char)*ip);
			goto fail;
		}
	}
	buf[used] = '\0';
	*out = buf;
	return CL_OK;
nomem:
	rc = cl_oom(err, "decoding text");
fail:
	free(buf);
	return rc;
}

int cl_decoder_run(struct cl_decoder *dec, const char *in, size_t n,
		   char **out, int *guessed, struct cl_error *err)
{
	size_t bad;

	*out = NULL;
	if (guessed)
		*guessed = 0;
	switch (dec->mode) {
	case DEC_UTF8:
		bad = utf8_first_invalid((const unsigned char *)in, n);
		if (bad < n)
			return cl_fail(err, CL_EINPUT,
				       "invalid byte sequence at byte %zu (0x%02x)",
				       bad + 1, (unsigned char)in[bad]);
		return copy_bytes(in, n, out, err);
	case DEC_GUESS:
		if (cl_utf8_valid(in, n))
			return copy_bytes(in, n, out, err);
		if (guessed)
			*guessed = 1;
		return convert(dec->cd, in, n, out, err);
	case DEC_ICONV:
	default:
		return convert(dec->cd, in, n, out, err);
	}
}

/* ---------------------------------------------------------------- encoding */

struct cl_encoder {
	int utf8;       /* 1: copy (validated) */
	iconv_t cd;     /* from UTF-8 to the charset */
};

int cl_encoder_create(const char *charset, struct cl_encoder **out,
		      struct cl_error *err)
{
	struct cl_encoder *enc;
	char key[16];
	size_t nk = 0;

	*out = NULL;
	enc = calloc(1, sizeof *enc);
	if (!enc)
		return cl_oom(err, "for a text encoder");
	enc->cd = (iconv_t)-1;
	for (const char *p = charset; *p && nk + 1 < sizeof key; p++)
		if (*p != '-' && *p != '_')
			key[nk++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
	key[nk] = '\0';
	if (strcmp(key, "UTF8") == 0) {
		enc->utf8 = 1;
	} else {
		int oom;

		enc->cd = open_conv(charset, "UTF-8", &oom);
		if (enc->cd == (iconv_t)-1) {
			free(enc);
			if (oom)
				return cl_oom(err, "opening the %s encoder", charset);
			return cl_fail(err, CL_EINPUT, "code page \"%s\" is not supported by iconv",
				       charset);
		}
	}
	*out = enc;
	return CL_OK;
}

void cl_encoder_destroy(struct cl_encoder *enc)
{
	if (!enc)
		return;
	if (enc->cd != (iconv_t)-1)
		iconv_close(enc->cd);
	free(enc);
}

/* Length of the UTF-8 sequence at s (1 for a byte that starts none). */
static size_t seq_len(const char *s, size_t left)
{
	unsigned char c = (unsigned char)*s;
	size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 1;

	return n <= left && cl_utf8_valid(s, n) ? n : 1;
}

int cl_encoder_run(struct cl_encoder *enc, const char *in, char **out,
		   int *lossy, struct cl_error *err)
{
	size_t n = strlen(in), cap = n * 4 + 8, o = 0;
	char *buf = malloc(cap);

	*out = NULL;
	if (!buf)
		return cl_oom(err, "encoding text");
	for (size_t i = 0; i < n;) {
		size_t len = seq_len(in + i, n - i);

		if (!cl_utf8_valid(in + i, len)) {
			buf[o++] = '?';
			if (lossy)
				*lossy = 1;
		} else if (enc->utf8) {
			memcpy(buf + o, in + i, len);
			o += len;
		} else {
			char *src = (char *)(in + i), *dst = buf + o;
			size_t sl = len, dl = cap - o - 1;

			if (iconv(enc->cd, &src, &sl, &dst, &dl) == (size_t)-1) {
				iconv(enc->cd, NULL, NULL, NULL, NULL);
				buf[o++] = '?';
				if (lossy)
					*lossy = 1;
			} else {
				o = (size_t)(dst - buf);
			}
		}
		i += len;
	}
	if (!enc->utf8) {
		/* flush a stateful encoding's shift sequence */
		char *dst = buf + o;
		size_t dl = cap - o - 1;

		iconv(enc->cd, NULL, NULL, &dst, &dl);
		o = (size_t)(dst - buf);
	}
	buf[o] = '\0';
	*out = buf;
	return CL_OK;
}

/* The code point of the UTF-8 sequence at s (valid UTF-8), its length in *len. */
static unsigned utf8_cp(const unsigned char *s, size_t *len)
{
	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	if (s[0] < 0xE0) {
		*len = 2;
		return (unsigned)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
	}
	if (s[0] < 0xF0) {
		*len = 3;
		return (unsigned)(s[0] & 0x0F) << 12 | (unsigned)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
	}
	*len = 4;
	return (unsigned)(s[0] & 0x07) << 18 | (unsigned)(s[1] & 0x3F) << 12 |
	       (unsigned)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
}

/* What a single-byte Western code page makes of the high bytes: Latin-1
 * letters and signs, Latin Extended, and CP1252's quotes and dashes. */
static int latinish(unsigned cp)
{
	return (cp >= 0x80 && cp < 0x300) || (cp >= 0x2010 && cp <= 0x2122);
}

/* Two such code points in a row (decoded is valid UTF-8). */
static int mojibake(const char *decoded)
{
	const unsigned char *p = (const unsigned char *)decoded;
	int run = 0;

	while (*p) {
		size_t len;
		unsigned cp = utf8_cp(p, &len);
		run = latinish(cp) ? run + 1 : 0;
		if (run >= 2)
			return 1;
		p += len;
	}
	return 0;
}

/*
 * Every byte above 0x7F is the first of a GBK pair (lead 0x81..0xFE,
 * trail 0x40..0xFE but 0x7F), and at least half of the pairs are GB2312
 * hanzi (lead 0xB0..0xF7, trail 0xA1..0xFE), the bulk of Chinese names.
 */
static int looks_gbk(const unsigned char *s, size_t n)
{
	size_t pairs = 0, hanzi = 0;

	for (size_t i = 0; i < n;) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] == 0x80 || s[i] == 0xFF || i + 1 >= n || s[i + 1] < 0x40 ||
		    s[i + 1] == 0x7F || s[i + 1] == 0xFF)
			return 0;
		pairs++;
		hanzi += s[i] >= 0xB0 && s[i] <= 0xF7 && s[i + 1] >= 0xA1;
		i += 2;
	}
	return pairs > 0 && 2 * hanzi >= pairs;
}

/* Valid UTF-8 with at least one character of three bytes or two of two. */
static int looks_utf8(const char *s, size_t n)
{
	size_t multi = 0;

	if (!cl_utf8_valid(s, n))
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0xE0)
			return 1;
		multi += c >= 0xC0;
	}
	return multi >= 2;
}

/* See encoding.h. */
const char *cl_text_misread(const char *raw, size_t n, const char *decoded,
			    int declared_gbk)
{
	if (looks_utf8(raw, n))
		return "UTF-8";
	if (!declared_gbk && looks_gbk((const unsigned char *)raw, n) &&
	    (!decoded || mojibake(decoded)))
		return "GBK";
	return NULL;
}
