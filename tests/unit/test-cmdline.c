// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmdline.c: dropping and finding words (double quotes respected), and the
 * next kernel's command line from --reuse-cmdline (a sysroot /proc/cmdline),
 * --append and the old root=, with the COMMAND_LINE_SIZE limit.
 */
#include <errno.h>
#include "check.h"
#include "cmdline.h"
#include "tutil.h"

/* @s with tabs and newlines made visible, for check names. */
static const char *vis(const char *s)
{
	static char buf[2][256];
	static int k;
	char *b = buf[k++ & 1], *o = b;

	for (; *s && o < b + sizeof(buf[0]) - 3; s++) {
		if (*s == '\n' || *s == '\t') {
			*o++ = '\\';
			*o++ = *s == '\n' ? 'n' : 't';
		} else {
			*o++ = *s;
		}
	}
	*o = 0;
	return b;
}

static void drop(const char *in, const char *prefix, const char *want)
{
	char *s = strdup(in);

	cmdline_drop(s, prefix);
	CHECK_STR(s, want, "drop %s from \"%s\"", prefix, vis(in));
	free(s);
}

static void find(const char *in, const char *prefix, int want_rc, const char *want)
{
	char buf[64] = "untouched";
	int rc = cmdline_find(in, prefix, buf, sizeof(buf));

	CHECK_EQ_U64(rc, want_rc, "find %s in \"%s\": %s", prefix, in, want_rc ? "found" : "absent");
	if (want_rc)
		CHECK_STR(buf, want, "find %s in \"%s\": the word", prefix, in);
}

static void words(void)
{
	char small[8];

	drop("BOOT_IMAGE=/vmlinux root=/dev/sda2 quiet", "BOOT_IMAGE=", "root=/dev/sda2 quiet");
	drop("root=/dev/sda2 BOOT_IMAGE=/vmlinux quiet", "BOOT_IMAGE=", "root=/dev/sda2 quiet");
	drop("root=/dev/sda2 quiet BOOT_IMAGE=/vmlinux", "BOOT_IMAGE=", "root=/dev/sda2 quiet");
	drop("BOOT_IMAGE=a BOOT_IMAGE=b", "BOOT_IMAGE=", "");
	drop("", "BOOT_IMAGE=", "");
	drop("   ", "x=", "");
	drop("  a=1\t\tb=2 \n", "c=", "a=1 b=2");
	drop("a=1 b=2\n", "a=", "b=2");
	drop("crashkernel=512M root=/dev/vda crashkernel=1G@128M", "crashkernel=", "root=/dev/vda");
	drop("xBOOT_IMAGE=1 BOOT_IMAGE=2", "BOOT_IMAGE=", "xBOOT_IMAGE=1");
	drop("foo=\"BOOT_IMAGE=x y\" BOOT_IMAGE=z", "BOOT_IMAGE=", "foo=\"BOOT_IMAGE=x y\"");
	drop("BOOT_IMAGE=\"/boot/my kernel\" quiet", "BOOT_IMAGE=", "quiet");
	drop("a \"b c\" d", "b", "a \"b c\" d");
	drop("dyndbg=\"file x.c +p\" root=/dev/sda", "root=", "dyndbg=\"file x.c +p\"");
	drop("unterminated=\"a b root=x", "root=", "unterminated=\"a b root=x");

	find("quiet root=/dev/sda2 ro", "root=", 1, "root=/dev/sda2");
	find("nfsroot=x root=y", "root=", 1, "root=y");
	find("root=\"LABEL=my disk\" ro", "root=", 1, "root=\"LABEL=my disk\"");
	find("a=\"root=x\" b", "root=", 0, NULL);
	find("", "root=", 0, NULL);
	find("rootwait", "root=", 0, NULL);
	find("root=1 root=2", "root=", 1, "root=1");
	CHECK_EQ_U64(cmdline_find("root=/dev/very/long/path", "root=", small, sizeof(small)), 1,
		     "find into a small buffer");
	CHECK_STR(small, "root=/d", "... truncated to the buffer with a NUL");
}

/* A sysroot with /proc/cmdline holding @cmd. */
static char *sysroot(const char *cmd)
{
	char *d = t_mkdtemp("cmdline");

	if (cmd)
		t_write_str(t_fmt("%s/proc/cmdline", d), cmd);
	return d;
}

static int build(const char *root, int reuse, int panic, const char *append, int no_old_root,
		 const char *old, size_t limit, char **out, char **err)
{
	struct kx_ctx c = { root, 0 };
	struct opts o;
	struct t_capture cap;
	int rc;

	memset(&o, 0, sizeof(o));
	o.reuse_cmdline = reuse;
	o.panic = panic;
	o.append = append ? strdup(append) : NULL;
	o.dt_no_old_root = no_old_root;
	*out = NULL;
	t_capture_start(&cap, 2);
	rc = cmdline_build(&c, &o, old, limit, out);
	*err = t_chomp(t_capture_end(&cap));
	opts_free(&o);
	return rc;
}

static void builds(void)
{
	char *root = sysroot("BOOT_IMAGE=/boot/vmlinux-6.1 root=/dev/sda2 ro crashkernel=512M quiet\n");
	char *s, *err;
	int rc;

	rc = build(root, 1, 0, NULL, 0, NULL, 2048, &s, &err);
	CHECK(rc == 0, "reuse: ok (%s)", err);
	CHECK_STR(s, "root=/dev/sda2 ro crashkernel=512M quiet",
		  "reuse drops BOOT_IMAGE= and the newline, keeps crashkernel= for -l");
	free(s);
	free(err);

	rc = build(root, 1, 1, NULL, 0, NULL, 2048, &s, &err);
	CHECK_STR(rc == 0 ? s : "(failed)", "root=/dev/sda2 ro quiet", "reuse with -p drops crashkernel= too");
	free(s);
	free(err);

	rc = build(root, 1, 0, "console=hvc0 debug", 0, NULL, 2048, &s, &err);
	CHECK_STR(rc == 0 ? s : "(failed)", "root=/dev/sda2 ro crashkernel=512M quiet console=hvc0 debug",
		  "reuse then --append, joined by one space");
	free(s);
	free(err);

	rc = build(root, 0, 0, "console=hvc0", 0, "root=/dev/old ro", 2048, &s, &err);
	CHECK_STR(rc == 0 ? s : "(failed)", "console=hvc0 root=/dev/old", "old root= is carried over");
	free(s);
	free(err);

	rc = build(root, 0, 0, "console=hvc0", 1, "root=/dev/old ro", 2048, &s, &err);
	CHECK_STR(rc == 0 ? s : "(failed)", "console=hvc0", "--dt-no-old-root: not carried over");
	free(s);
	free(err);

	rc = build(root, 0, 0, "root=/dev/new", 0, "root=/dev/old", 2048, &s, &err);
	CHECK_STR(rc == 0 ? s : "(failed)", "root=/dev/new", "an explicit root= wins over the old one");
	free(s);
	free(err);

	rc = build(root, 1, 0, NULL, 0, "root=/dev/old", 2048, &s, &err);
	CHECK_STR(rc == 0 ? s : "(failed)", "root=/dev/sda2 ro crashkernel=512M quiet",
		  "the reused root= counts as present");
	free(s);
	free(err);

	rc = build(root, 0, 0, "nfsroot=1.2.3.4:/x", 0, "quiet root=\"LABEL=a b\"", 2048, &s, &err);
	CHECK_STR(rc == 0 ? s : "(failed)", "nfsroot=1.2.3.4:/x root=\"LABEL=a b\"",
		  "nfsroot= is not root=; a quoted old root= is carried whole");
	free(s);
	free(err);

	rc = build(root, 0, 0, NULL, 0, NULL, 2048, &s, &err);
	CHECK_STR(rc == 0 ? s : "(failed)", "", "nothing at all: an empty line");
	free(s);
	free(err);

	rc = build(root, 0, 0, "", 0, "ro quiet", 2048, &s, &err);
	CHECK_STR(rc == 0 ? s : "(failed)", "", "old line without root=: nothing carried");
	free(s);
	free(err);
	t_rmtree(root);

	/* /proc/cmdline missing under the sysroot: an error naming the path. */
	root = sysroot(NULL);
	rc = build(root, 1, 0, NULL, 0, NULL, 2048, &s, &err);
	CHECK_EQ_U64(rc, -ENOENT, "reuse without /proc/cmdline fails");
	CHECK(t_has(err, t_fmt("%s/proc/cmdline", root)) && s == NULL,
	      "... naming %s/proc/cmdline: \"%s\"", root, err);
	free(err);
	t_rmtree(root);

	/* /proc/cmdline that is only BOOT_IMAGE= */
	root = sysroot("BOOT_IMAGE=/vmlinuz\n");
	rc = build(root, 1, 0, "quiet", 0, NULL, 2048, &s, &err);
	CHECK_STR(rc == 0 ? s : "(failed)", "quiet", "reuse of a line that is only BOOT_IMAGE=");
	free(s);
	free(err);
	t_rmtree(root);
}

static void limits(void)
{
	char *app = malloc(3000), *s, *err;
	int rc;

	memset(app, 'a', 3000);
	app[2047] = 0;
	rc = build("", 0, 0, app, 0, NULL, 2048, &s, &err);
	CHECK(rc == 0 && s && strlen(s) == 2047, "2047 bytes fit COMMAND_LINE_SIZE 2048");
	free(s);
	free(err);
	app[2047] = 'a';
	app[2048] = 0;
	rc = build("", 0, 0, app, 0, NULL, 2048, &s, &err);
	CHECK_EQ_U64(rc, -E2BIG, "2048 bytes do not");
	CHECK(s == NULL, "... and nothing is returned");
	CHECK(t_has(err, "2048") && t_has(err, "2047"), "... the message names both numbers: \"%s\"", err);
	free(err);
	/* The old root= pushes it over. */
	app[2040] = 0;
	rc = build("", 0, 0, app, 0, "root=/dev/sda1", 2048, &s, &err);
	CHECK_EQ_U64(rc, -E2BIG, "2040 bytes + \" root=/dev/sda1\" is too long");
	free(err);
	if (rc == 0)
		free(s);

	/*
	 * An old root= longer than 1023 bytes (a long root=PARTUUID list or
	 * a device path) must be carried whole, or not at all: a truncated
	 * root= names a device that does not exist.
	 */
	memset(app, 'r', 1500);
	memcpy(app, "root=", 5);
	app[1500] = 0;
	rc = build("", 0, 0, "quiet", 0, app, 2048, &s, &err);
	CHECK(rc == 0 && s && strlen(s) == 6 + 1500 && !strcmp(s + 6, app),
	      "a 1500-byte old root= is carried whole (got %zu bytes)", s ? strlen(s) : 0);
	free(s);
	free(err);
	free(app);
}

int main(void)
{
	CHECK_PROGRAM("cmdline");
	words();
	builds();
	limits();
	return CHECK_DONE();
}
