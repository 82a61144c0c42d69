// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sysread.c and log.c: every host read goes under the sysroot; numbers in
 * /proc and /sys files; messages are one "kexec: " line, debug only with -d;
 * human-readable sizes.
 */
#include <errno.h>
#include "check.h"
#include "log.h"
#include "sysread.h"
#include "tutil.h"

static void paths(void)
{
	struct kx_ctx c = { "/captured/sys1", 0 }, real = { "", 0 };
	char buf[64], small[20];
	char longroot[5000];

	CHECK(sysread_path(&c, "/proc/cmdline", buf, sizeof(buf)) == 0 && !strcmp(buf, "/captured/sys1/proc/cmdline"),
	      "sysread_path prefixes the sysroot");
	CHECK(sysread_path(&real, "/proc/cmdline", buf, sizeof(buf)) == 0 && !strcmp(buf, "/proc/cmdline"),
	      "sysread_path with \"\" is the real path");
	CHECK(sysread_path(NULL, "/proc/cmdline", buf, sizeof(buf)) == 0 && !strcmp(buf, "/proc/cmdline"),
	      "sysread_path with no context is the real path");
	CHECK_EQ_U64(sysread_path(&c, "/proc/cmdline", small, sizeof(small)), -ENAMETOOLONG,
		     "sysread_path that does not fit: -ENAMETOOLONG");
	CHECK_EQ_U64(sysread_path(&c, "/proc/cmdline", buf, 27), -ENAMETOOLONG, "one byte short for the NUL");
	CHECK_EQ_U64(sysread_path(&c, "/proc/cmdline", buf, 28), 0, "exactly enough");
	memset(longroot, 'r', sizeof(longroot) - 1);
	longroot[0] = '/';
	longroot[sizeof(longroot) - 1] = 0;
	{
		struct kx_ctx lc = { longroot, 0 };
		char *s = NULL;
		struct t_capture cap;
		char *err;
		int rc;

		t_capture_start(&cap, 2);
		rc = sysread_file(&lc, "/proc/cmdline", &s, NULL);
		err = t_capture_end(&cap);
		CHECK(rc == -ENAMETOOLONG && s == NULL, "a sysroot too long for a path: -ENAMETOOLONG (%d)", rc);
		free(err);
	}
}

static void reads(void)
{
	char *d = t_mkdtemp("sysfs"), *s = NULL, *err;
	struct kx_ctx c = { d, 0 };
	struct t_capture cap;
	unsigned long long v = 7;
	size_t len = 0;
	int rc;

	t_write_str(t_fmt("%s/proc/cmdline", d), "root=/dev/sda\n");
	t_write_str(t_fmt("%s/dec", d), "42\n");
	t_write_str(t_fmt("%s/hex", d), "0x1f000000");
	t_write_str(t_fmt("%s/big", d), "18446744073709551615\n");
	t_write_str(t_fmt("%s/over", d), "18446744073709551616\n");
	t_write_str(t_fmt("%s/text", d), "yes\n");
	t_write_str(t_fmt("%s/empty", d), "");

	rc = sysread_file(&c, "/proc/cmdline", &s, &len);
	CHECK(rc == 0 && len == 14 && !strcmp(s, "root=/dev/sda\n"), "sysread_file under the sysroot");
	free(s);
	s = NULL;
	rc = sysread_try(&c, "/proc/cmdline", &s, NULL);
	CHECK(rc == 0 && s && !strcmp(s, "root=/dev/sda\n"), "sysread_try with a NULL length");
	free(s);

	t_capture_start(&cap, 2);
	rc = sysread_file(&c, "/proc/missing", &s, NULL);
	err = t_chomp(t_capture_end(&cap));
	CHECK(rc == -ENOENT && t_has(err, t_fmt("cannot read %s/proc/missing: No such file", d)),
	      "sysread_file names the full path on failure (%s)", err);
	free(err);
	t_capture_start(&cap, 2);
	rc = sysread_try(&c, "/proc/missing", &s, NULL);
	err = t_capture_end(&cap);
	CHECK(rc == -ENOENT && !err[0], "sysread_try is silent");
	free(err);

	CHECK(sysread_ull(&c, "/dec", &v) == 0 && v == 42, "decimal with a newline");
	CHECK(sysread_ull(&c, "/hex", &v) == 0 && v == 0x1f000000, "0x hexadecimal without a newline");
	CHECK(sysread_ull(&c, "/big", &v) == 0 && v == UINT64_MAX, "2^64-1");
	CHECK_EQ_U64(sysread_ull(&c, "/over", &v), -EINVAL, "2^64 is out of range");
	CHECK_EQ_U64(sysread_ull(&c, "/text", &v), -EINVAL, "text is not a number");
	CHECK_EQ_U64(sysread_ull(&c, "/empty", &v), -EINVAL, "an empty file is not a number");
	CHECK_EQ_U64(sysread_ull(&c, "/none", &v), -ENOENT, "a missing file: -ENOENT");
	CHECK(sysread_exists(&c, "/proc/cmdline") && sysread_exists(&c, "/proc") && !sysread_exists(&c, "/proc/missing"),
	      "sysread_exists: a file and a directory under the sysroot, not a missing one");
	t_mkdirs(t_fmt("%s/proc/only-here", d));
	CHECK(!sysread_exists(NULL, t_fmt("%s/proc/only-here", d) + strlen(d)) && sysread_exists(&c, "/proc/only-here"),
	      "sysread_exists looks under the sysroot, not at the path itself");
	t_rmtree(d);
}

static void messages(void)
{
	struct kx_ctx quiet = { "", 0 }, loud = { "", 1 };
	struct t_capture cap;
	char *err;

	t_capture_start(&cap, 2);
	kx_err("a %s of %d", "thing", 3);
	kx_warn("careful");
	kx_dbg(&quiet, "hidden");
	kx_dbg(NULL, "hidden too");
	kx_dbg(&loud, "shown %d", 1);
	err = t_capture_end(&cap);
	CHECK_STR(err, "kexec: a thing of 3\nkexec: warning: careful\nkexec: debug: shown 1\n",
		  "kx_err, kx_warn, and kx_dbg only with -d");
	free(err);
}

static void sizes(void)
{
	static const struct {
		unsigned long long v;
		const char *s;
	} cases[] = {
		{ 0, "0 bytes" },
		{ 1, "1 bytes" },
		{ 1023, "1023 bytes" },
		{ 1024, "1 KiB" },
		{ 1536, "1.5 KiB" },
		{ 65536, "64 KiB" },
		{ 40ULL * 1048576 + 524288, "40.5 MiB" },
		{ 1ULL << 30, "1 GiB" },
		{ 3ULL << 40, "3 TiB" },
		{ 1ULL << 50, "1024 TiB" },
	};
	char buf[KX_SIZE_BUF];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK_STR(kx_size(buf, cases[i].v), cases[i].s, "kx_size(%llu)", cases[i].v);
	kx_size(buf, UINT64_MAX);
	CHECK(strlen(buf) < KX_SIZE_BUF && t_has(buf, "TiB"), "kx_size(2^64-1) fits the buffer (%s)", buf);
}

int main(void)
{
	CHECK_PROGRAM("sysfs");
	paths();
	reads();
	messages();
	sizes();
	return CHECK_DONE();
}
