/*
 * check_io.c - the line reader and atomic outputs.
 */
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kaigo/io.h"
#include "suites.h"

static char dir[64];

static void make_dir(void)
{
	strcpy(dir, "/tmp/kaigo-check-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static int count_entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' || (e->d_name[1] && e->d_name[1] != '.'))
			n++;
	closedir(d);
	return n;
}

static void remove_dir(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[400];

	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

static void write_file(const char *path, const char *s, size_t n)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(s, 1, n, f), n);
	fclose(f);
}

START_TEST(test_atomic_commit)
{
	struct kaigo_output out;
	struct kaigo_diag_sink sink = { NULL, NULL, 0, 0 };
	char path[128], got[32];
	FILE *f;
	size_t n;

	make_dir();
	snprintf(path, sizeof(path), "%s/out.txt", dir);
	ck_assert_int_eq(kaigo_output_open(&out, path, &sink), 0);
	ck_assert_int_eq(kaigo_output_write(&out, "hello\n", 6, &sink), 0);
	/* nothing under the final name before the commit */
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_int_eq(kaigo_output_commit(&out, &sink), 0);
	f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	n = fread(got, 1, sizeof(got), f);
	fclose(f);
	ck_assert_uint_eq(n, 6);
	ck_assert_mem_eq(got, "hello\n", 6);
	ck_assert_int_eq(count_entries(), 1); /* no temporary file left */
	remove_dir();
}
END_TEST

START_TEST(test_atomic_abort)
{
	struct kaigo_output out;
	struct kaigo_diag_sink sink = { NULL, NULL, 0, 0 };
	char path[128];

	make_dir();
	snprintf(path, sizeof(path), "%s/out.txt", dir);
	ck_assert_int_eq(kaigo_output_open(&out, path, &sink), 0);
	ck_assert_int_eq(kaigo_output_write(&out, "partial", 7, &sink), 0);
	kaigo_output_abort(&out);
	ck_assert_int_eq(count_entries(), 0);
	remove_dir();
}
END_TEST

START_TEST(test_full_disk)
{
	struct kaigo_output out;
	struct kaigo_diag_sink sink = { NULL, NULL, 0, 0 };
	int fd = open("/dev/full", O_WRONLY);

	if (fd < 0)
		return; /* no /dev/full here: nothing to test */
	ck_assert_int_eq(kaigo_output_open(&out, "-", &sink), 0);
	out.fd = fd;
	kaigo_output_write(&out, "x", 1, &sink);
	ck_assert_int_eq(kaigo_output_commit(&out, &sink), -1);
	ck_assert_uint_eq(sink.errors, 1);
	close(fd);
}
END_TEST

struct lines_row {
	const char *in;
	size_t max_line;
	const char *want;  /* pieces joined by '|' as "number:partial:continued:text" */
};

static const struct lines_row lines_rows[] = {
	{ "a\nb\r\nc", 0, "1:0:0:a\n|2:0:0:b\r\n|3:0:0:c|" },
	{ "\n\n", 0, "1:0:0:\n|2:0:0:\n|" },
	{ "", 0, "" },
	{ "abcdefgh\nxy\n", 3, "1:1:0:abc|1:1:1:def|1:0:1:gh\n|2:0:0:xy\n|" },
};

START_TEST(test_lines)
{
	const struct lines_row *r = &lines_rows[_i];
	char path[128];
	struct kaigo_input in;
	struct kaigo_lines lr;
	struct kaigo_line ln;
	char got[256] = "";

	make_dir();
	snprintf(path, sizeof(path), "%s/in", dir);
	write_file(path, r->in, strlen(r->in));
	ck_assert_int_eq(kaigo_input_open(&in, path, NULL), 0);
	ck_assert_int_eq(kaigo_lines_init(&lr, &in, r->max_line), 0);
	while (kaigo_lines_next(&lr, &ln, NULL) > 0)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%lu:%d:%d:%.*s|", ln.number,
			 ln.partial, ln.continued, (int)ln.len, ln.data);
	ck_assert_str_eq(got, r->want);
	kaigo_lines_release(&lr);
	kaigo_input_close(&in);
	remove_dir();
}
END_TEST

START_TEST(test_open_errors)
{
	struct kaigo_input in;
	struct kaigo_diag_sink sink = { NULL, NULL, 0, 0 };

	ck_assert_int_eq(kaigo_input_open(&in, "/nonexistent/kaigo", &sink), -1);
	ck_assert_int_eq(kaigo_input_open(&in, "/tmp", &sink), -1);
	ck_assert_uint_eq(sink.errors, 2);
}
END_TEST

Suite *kaigo_suite_io(void)
{
	Suite *s = suite_create("io");
	TCase *t = tcase_create("io");

	tcase_add_test(t, test_atomic_commit);
	tcase_add_test(t, test_atomic_abort);
	tcase_add_test(t, test_full_disk);
	tcase_add_loop_test(t, test_lines, 0, (int)(sizeof(lines_rows) / sizeof(lines_rows[0])));
	tcase_add_test(t, test_open_errors);
	suite_add_tcase(s, t);
	return s;
}
