/*
 * test_encoding.c -- UTF-8 validation, code page labels and language
 * drivers, and the decoder (declared, guessed, invalid bytes).
 */
#include <stdlib.h>
#include <string.h>

#include "io/encoding.h"
#include "tinytest.h"

#define LONGTANG_UTF8 "\xe9\xbe\x99\xe5\xa1\x98\xe6\x9d\x91"   /* 龙塘村 */
#define LONGTANG_GBK "\xc1\xfa\xcc\xc1\xb4\xe5"

static int valid(const char *s)
{
	return cl_utf8_valid(s, strlen(s));
}

static void test_utf8_valid(void)
{
	CHECK(valid(""));
	CHECK(valid("plain ascii"));
	CHECK(valid(LONGTANG_UTF8));
	CHECK(valid("\xf0\x9f\x9a\x9a"));         /* U+1F69A */
	CHECK(!valid("\xc0\x80"));                /* overlong NUL */
	CHECK(!valid("\xe0\x80\xaf"));            /* overlong '/' */
	CHECK(!valid("\xed\xa0\x80"));            /* surrogate */
	CHECK(!valid("\xf4\x90\x80\x80"));        /* above U+10FFFF */
	CHECK(!valid("\xe9\xbe"));                /* cut short */
	CHECK(!valid("\x80"));                    /* lone continuation */
	CHECK(!valid(LONGTANG_GBK));
	CHECK(cl_utf8_valid("\xe9\xbe\x99", 2) == 0);
}

static void check_label(const char *label, const char *want)
{
	char cs[64] = "";
	int ok = cl_codepage_from_label(label, cs, sizeof cs);

	if (want) {
		CHECK(ok);
		CHECK_STR(cs, want);
	} else {
		CHECK(!ok);
	}
}

static void test_labels(void)
{
	check_label("UTF-8", "UTF-8");
	check_label("utf8", "UTF-8");
	check_label("65001", "UTF-8");
	check_label("\xef\xbb\xbf UTF-8 \r\n", "UTF-8");
	check_label("GBK", "GB18030");
	check_label("cp936", "GB18030");
	check_label("936", "GB18030");
	check_label("GB2312", "GB18030");
	check_label("GB18030", "GB18030");
	check_label("1252", "CP1252");
	check_label("ANSI 1252", "CP1252");
	check_label("CP1252", "CP1252");
	check_label("ISO-8859-1", "ISO-8859-1");
	check_label("88591", "ISO-8859-1");
	check_label("8859_1", "ISO-8859-1");
	check_label("latin1", "ISO-8859-1");
	check_label("ISO 8859-15", "ISO-8859-15");
	check_label("Big5", "BIG5");
	check_label("950", "CP950");
	check_label("TIS-620", "TIS-620");
	check_label("", NULL);
	check_label("no such code page", NULL);
	check_label("UTF-8//TRANSLIT", NULL);
	check_label("99999", NULL);
}

static void test_ldid(void)
{
	CHECK(cl_codepage_from_ldid(0) == NULL);
	CHECK_STR(cl_codepage_from_ldid(0x4D), "GB18030");
	CHECK_STR(cl_codepage_from_ldid(0x7A), "GB18030");
	CHECK(cl_codepage_from_ldid(0x57) == NULL);   /* "ANSI": unknown, guessed */
	CHECK_STR(cl_codepage_from_ldid(0x58), "CP1252");
	CHECK_STR(cl_codepage_from_ldid(0x4F), "CP950");
	CHECK(cl_codepage_from_ldid(0xFF) == NULL);
}

static void test_decode_utf8(void)
{
	struct cl_decoder *dec = NULL;
	struct cl_error err;
	char *out = NULL;
	int guessed = 7;

	cl_error_clear(&err);
	CHECK_INT(cl_decoder_create("UTF-8", &dec, &err), CL_OK);
	CHECK_INT(cl_decoder_run(dec, LONGTANG_UTF8, strlen(LONGTANG_UTF8), &out,
				 &guessed, &err), CL_OK);
	CHECK_STR(out, LONGTANG_UTF8);
	CHECK_INT(guessed, 0);
	free(out);
	out = NULL;
	CHECK_INT(cl_decoder_run(dec, "ab" LONGTANG_GBK, 8, &out, &guessed, &err), CL_EINPUT);
	CHECK(out == NULL);
	CHECK_HAS(err.msg, "byte 3");
	CHECK_HAS(err.msg, "0xc1");
	cl_decoder_destroy(dec);
}

static void test_decode_gbk(void)
{
	struct cl_decoder *dec = NULL;
	struct cl_error err;
	char *out = NULL;
	char cs[64];

	cl_error_clear(&err);
	CHECK(cl_codepage_from_label("GBK", cs, sizeof cs));
	CHECK_INT(cl_decoder_create(cs, &dec, &err), CL_OK);
	CHECK_INT(cl_decoder_run(dec, LONGTANG_GBK, 6, &out, NULL, &err), CL_OK);
	CHECK_STR(out, LONGTANG_UTF8);
	free(out);
	out = NULL;
	/* 0xFF is no GB18030 lead byte; a lone lead byte at the end is cut short. */
	CHECK_INT(cl_decoder_run(dec, "x\xff", 2, &out, NULL, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "byte 2");
	CHECK_INT(cl_decoder_run(dec, "x\xc1", 2, &out, NULL, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "incomplete");
	CHECK(out == NULL);
	/* Empty input gives an empty string. */
	CHECK_INT(cl_decoder_run(dec, "", 0, &out, NULL, &err), CL_OK);
	CHECK_STR(out, "");
	free(out);
	cl_decoder_destroy(dec);
}

static void test_decode_guess(void)
{
	struct cl_decoder *dec = NULL;
	struct cl_error err;
	char *out = NULL;
	int guessed = 0;

	cl_error_clear(&err);
	CHECK_INT(cl_decoder_create(NULL, &dec, &err), CL_OK);
	CHECK_INT(cl_decoder_run(dec, LONGTANG_UTF8, strlen(LONGTANG_UTF8), &out,
				 &guessed, &err), CL_OK);
	CHECK_STR(out, LONGTANG_UTF8);
	CHECK_INT(guessed, 0);
	free(out);
	CHECK_INT(cl_decoder_run(dec, LONGTANG_GBK, 6, &out, &guessed, &err), CL_OK);
	CHECK_STR(out, LONGTANG_UTF8);
	CHECK_INT(guessed, 1);
	free(out);
	out = NULL;
	CHECK_INT(cl_decoder_run(dec, "\xff\xff", 2, &out, &guessed, &err), CL_EINPUT);
	CHECK(out == NULL);
	cl_decoder_destroy(dec);
}

static void test_decode_cp1252(void)
{
	struct cl_decoder *dec = NULL;
	struct cl_error err;
	char *out = NULL;
	char big[600];

	cl_error_clear(&err);
	CHECK_INT(cl_decoder_create("CP1252", &dec, &err), CL_OK);
	CHECK_INT(cl_decoder_run(dec, "\x80 5", 3, &out, NULL, &err), CL_OK);
	CHECK_STR(out, "\xe2\x82\xac 5");
	free(out);
	/* Every byte grows to three: the output buffer must follow. */
	memset(big, 0x80, sizeof big);
	CHECK_INT(cl_decoder_run(dec, big, sizeof big, &out, NULL, &err), CL_OK);
	CHECK_INT(strlen(out), 3 * sizeof big);
	free(out);
	cl_decoder_destroy(dec);
	cl_decoder_destroy(NULL);
}

static void test_decoder_unknown_charset(void)
{
	struct cl_decoder *dec = (struct cl_decoder *)&dec;
	struct cl_error err;

	cl_error_clear(&err);
	CHECK_INT(cl_decoder_create("NO-SUCH-CHARSET", &dec, &err), CL_EINPUT);
	CHECK(dec == NULL);
	CHECK_HAS(err.msg, "NO-SUCH-CHARSET");
}

int main(void)
{
	RUN(test_utf8_valid);
	RUN(test_labels);
	RUN(test_ldid);
	RUN(test_decode_utf8);
	RUN(test_decode_gbk);
	RUN(test_decode_guess);
	RUN(test_decode_cp1252);
	RUN(test_decoder_unknown_charset);
	TT_END();
}
