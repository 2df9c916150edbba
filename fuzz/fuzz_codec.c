/*
 * fuzz_codec.c - libFuzzer harness for the CP932 and EUC-JP converters.
 *
 * Decodes the input as CP932 and as EUC-JP; decoded text (status 0 or 1) is
 * valid UTF-8 and is encoded back, which must not fail.  The raw input is
 * also encoded as UTF-8, which exercises the invalid-UTF-8 path of the
 * encoder.
 */
#include <stddef.h>
#include <stdint.h>

#include "kaigo/buf.h"
#include "kaigo/codec.h"

static struct kaigo_codec *codecs[2]; /* cp932, euc-jp; built once */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[256];

	codecs[0] = kaigo_codec_new(KAIGO_ENC_CP932, err, sizeof(err));
	codecs[1] = kaigo_codec_new(KAIGO_ENC_EUCJP, err, sizeof(err));
	if (!codecs[0] || !codecs[1])
		__builtin_trap();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kaigo_buf dec = KAIGO_BUF_INIT, enc = KAIGO_BUF_INIT;
	const char *s = (const char *)data;
	size_t bad_off, bad_len;
	unsigned long bad_cp;
	long rc;
	int i, st;

	for (i = 0; i < 2; i++) {
		kaigo_buf_reset(&dec);
		kaigo_buf_reset(&enc);
		bad_off = bad_len = (size_t)-1;
		st = kaigo_codec_decode(codecs[i], s, size, &dec, &bad_off, &bad_len);
		if (st < 0) {
			if (dec.len != 0 || bad_off >= size || bad_len == 0 || bad_len > size - bad_off)
				__builtin_trap(); /* out unchanged, the bad bytes inside the input */
			continue;
		}
		if (st > 1)
			__builtin_trap();
		rc = kaigo_codec_encode(codecs[i], dec.data ? dec.data : "", dec.len, &enc, &bad_off, &bad_cp);
		if (rc < 0)
			__builtin_trap(); /* the decoder's output is valid UTF-8 */
	}
	kaigo_buf_reset(&enc);
	for (i = 0; i < 2; i++)
		(void)kaigo_codec_encode(codecs[i], s, size, &enc, &bad_off, &bad_cp);
	kaigo_buf_release(&dec);
	kaigo_buf_release(&enc);
	return 0;
}
