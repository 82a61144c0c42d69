// SPDX-License-Identifier: GPL-2.0-or-later
/* The fuzz targets' shared helpers (fuzz.h says what each does). */
#include "fuzz.h"

size_t fz_split(const uint8_t *d, size_t n, struct fz_piece *out, size_t max)
{
	size_t k = 0, start = 0, i = 0;

	while (i + 4 <= n && k + 1 < max) {
		if (!memcmp(d + i, FZ_SEP, 4)) {
			out[k].p = d + start;
			out[k++].n = i - start;
			i += 4;
			start = i;
		} else {
			i++;
		}
	}
	out[k].p = d + start;
	out[k++].n = n - start;
	return k;
}

char *fz_str(const struct fz_piece *pc)
{
	char *s = malloc(pc->n + 1);

	if (!s)
		abort();
	memcpy(s, pc->p, pc->n);
	s[pc->n] = 0;
	return s;
}

/* ---- stderr capture ---------------------------------------------------------- */

static int fz_saved_err = -1, fz_cap = -1;

static void fz_dump_capture(void)
{
	char buf[4096];
	ssize_t r;

	if (fz_cap < 0 || fz_saved_err < 0)
		return;
	dup2(fz_saved_err, 2);
	lseek(fz_cap, 0, SEEK_SET);
	while ((r = read(fz_cap, buf, sizeof(buf))) > 0)
		if (write(2, buf, (size_t)r) < 0)
			break;
}

void fz_err_begin(void)
{
	fflush(stderr);
	if (fz_cap < 0) {
		fz_cap = memfd_create("kx-fuzz-stderr", 0);
		fz_saved_err = dup(2);
		if (fz_cap < 0 || fz_saved_err < 0)
			abort();
		__sanitizer_set_death_callback(fz_dump_capture);
	}
	if (ftruncate(fz_cap, 0) < 0 || lseek(fz_cap, 0, SEEK_SET) < 0)
		abort();
	dup2(fz_cap, 2);
}

void fz_err_end(char *out, size_t len)
{
	ssize_t r;

	fflush(stderr);
	dup2(fz_saved_err, 2);
	lseek(fz_cap, 0, SEEK_SET);
	r = read(fz_cap, out, len - 1);
	out[r > 0 ? r : 0] = 0;
}

void fz_check_refusal(int rc, const char *err, const char *what)
{
	if (rc == 0)
		return;
	if (strncmp(err, "kexec: ", 7) && !strstr(err, "\nkexec: ")) {
		fprintf(stderr, "FINDING: %s refused (rc=%d) without a \"kexec: \" line; it printed:\n%s\n",
			what, rc, err);
		abort();
	}
}

void fz_run_loader(fz_loader_fn fn, const char *path, const uint8_t *d, size_t n)
{
	struct kx_ctx c = { "", 0 };
	struct kernel_image k;
	struct blob b;
	char err[4096];
	int rc;

	b.data = malloc(n + 1);
	if (!b.data)
		abort();
	memcpy(b.data, d, n);
	b.data[n] = 0;
	b.len = n;
	b.mapped = 0;
	memset(&k, 0, sizeof(k));
	fz_err_begin();
	rc = fn(&c, path, &b, &k);
	fz_err_end(err, sizeof(err));
	fz_check_refusal(rc, err, path);
	kernel_image_free(&k);
	blob_free(&b);
}

/* ---- files the code under test reads ------------------------------------------ */

const char *fz_scratch(void)
{
	static char dir[256];

	if (!dir[0]) {
		const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";

		snprintf(dir, sizeof(dir), "%s/kx-fuzz-%d", base, (int)getpid());
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			abort();
	}
	return dir;
}

static int fz_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	remove(path);
	return 0;
}

void fz_reset_dir(const char *dir)
{
	nftw(dir, fz_rm_one, 16, FTW_DEPTH | FTW_PHYS);
	if (mkdir(dir, 0700) < 0)
		abort();
}

int fz_mkdirs(const char *path)
{
	char tmp[4096];
	size_t i, n = strlen(path);

	if (n >= sizeof(tmp))
		return -ENAMETOOLONG;
	memcpy(tmp, path, n + 1);
	for (i = 1; i <= n; i++) {
		if (tmp[i] == '/' || tmp[i] == 0) {
			char c = tmp[i];

			tmp[i] = 0;
			if (mkdir(tmp, 0700) < 0 && errno != EEXIST)
				return -errno;
			tmp[i] = c;
		}
	}
	return 0;
}

int fz_write(const char *path, const void *d, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ssize_t w = 0;

	if (fd < 0)
		return -errno;
	if (n)
		w = write(fd, d, n);
	close(fd);
	return w == (ssize_t)n ? 0 : -EIO;
}

int fz_safe_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 200 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] == '/' || (unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return 0;
	return 1;
}

int fz_memfile(const void *d, size_t n, char *path, size_t plen)
{
	int fd = memfd_create("kx-fuzz-file", 0);

	if (fd < 0 || (n && write(fd, d, n) != (ssize_t)n))
		abort();
	snprintf(path, plen, "/proc/self/fd/%d", fd);
	return fd;
}
