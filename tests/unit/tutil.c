// SPDX-License-Identifier: GPL-2.0-or-later
/* The unit tests' shared helpers (tutil.h says what each does). */
#include "tutil.h"

uint64_t t_ld(int be, const uint8_t *p, int n)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < n; i++)
		v = v << 8 | p[be ? i : n - 1 - i];
	return v;
}

/* ---- temporary directories and files -------------------------------------- */

char *t_mkdtemp(const char *tag)
{
	const char *base = getenv("TMPDIR");
	char *p;

	if (!base || !*base)
		base = "/tmp";
	if (asprintf(&p, "%s/kx-%s-XXXXXX", base, tag) < 0 || !mkdtemp(p)) {
		perror("mkdtemp");
		exit(99);
	}
	return p;
}

static int t_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

void t_rmtree(char *dir)
{
	if (dir) {
		nftw(dir, t_rm_one, 16, FTW_DEPTH | FTW_PHYS);
		free(dir);
	}
}

const char *t_fmt(const char *fmt, ...)
{
	static char bufs[8][4096];
	static int i;
	char *b = bufs[i++ & 7];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b, sizeof(bufs[0]), fmt, ap);
	va_end(ap);
	return b;
}

int t_mkdirs(const char *path)
{
	char tmp[4096], *p;

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

int t_write(const char *path, const void *data, size_t len)
{
	char dir[4096], *slash;
	const char *p = data;
	int fd;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = 0;
		t_mkdirs(dir);
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -errno;
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n <= 0) {
			close(fd);
			return -EIO;
		}
		p += n;
		len -= (size_t)n;
	}
	return close(fd) < 0 ? -errno : 0;
}

int t_write_str(const char *path, const char *s)
{
	return t_write(path, s, strlen(s));
}

char *t_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	do {
		if (n + 4096 + 1 > cap) {
			char *nb;

			cap = cap ? cap * 2 : 8192;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		r = fread(buf + n, 1, 4096, f);
		n += r;
	} while (r > 0);
	fclose(f);
	if (!buf)
		buf = calloc(1, 1);
	buf[n] = 0;
	if (len)
		*len = n;
	return buf;
}

/* ---- capturing output ---------------------------------------------------- */

void t_capture_start(struct t_capture *c, int which)
{
	const char *base = getenv("TMPDIR");
	int fd;

	fflush(stdout);
	fflush(stderr);
	c->which = which;
	snprintf(c->path, sizeof(c->path), "%s/kx-capture-XXXXXX", base && *base ? base : "/tmp");
	fd = mkstemp(c->path);
	if (fd < 0) {
		perror("mkstemp");
		exit(99);
	}
	c->saved = dup(which);
	dup2(fd, which);
	close(fd);
}

char *t_capture_end(struct t_capture *c)
{
	char *s;

	fflush(stdout);
	fflush(stderr);
	dup2(c->saved, c->which);
	close(c->saved);
	s = t_slurp(c->path, NULL);
	unlink(c->path);
	return s ? s : strdup("");
}

char *t_chomp(char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n && s[n - 1] == '\n')
		s[n - 1] = 0;
	return s;
}

const char *t_ranges_(const void *v, size_t n, size_t stride)
{
	static char bufs[4][1024];
	static int k;
	char *b = bufs[k++ & 3];
	size_t i, o = 0;

	b[0] = 0;
	for (i = 0; i < n && o < sizeof(bufs[0]) - 64; i++) {
		uint64_t r[2];

		memcpy(r, (const char *)v + i * stride, sizeof(r));
		o += (size_t)snprintf(b + o, sizeof(bufs[0]) - o, "%s[%llx,%llx)", i ? " " : "",
				      (unsigned long long)r[0], (unsigned long long)r[1]);
	}
	return b;
}

const char *t_shown(const char *s)
{
	static char bufs[4][2048];
	static int k;
	char *b = bufs[k++ & 3];
	size_t i;

	for (i = 0; s && s[i] && i < sizeof(bufs[0]) - 1; i++)
		b[i] = s[i] == '\n' ? '|' : s[i];
	b[i] = 0;
	return b;
}

int t_has(const char *hay, const char *needle)
{
	return hay && needle && strstr(hay, needle) != NULL;
}

int t_lines(const char *s)
{
	int n = 0;

	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}
