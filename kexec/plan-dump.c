// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --dump-dir: the plan as JSON plus one file per segment, for other tools and
 * for golden tests.  Output depends only on the plan, so identical inputs give
 * identical bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "image.h"
#include "log.h"
#include "plan.h"

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static int write_file(const char *path, const void *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644), rc;

	if (fd < 0)
		return -errno;
	rc = write_all(fd, buf, len);
	if (close(fd) < 0 && rc == 0)
		rc = -errno;
	return rc;
}

/* The dump directory (it may exist already). */
static int make_dir(const char *dir)
{
	int rc;

	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		rc = -errno;	/* before printing, which may change errno */
		kx_err("cannot create dump directory %s: %s", dir, strerror(-rc));
		return rc;
	}
	return 0;
}

/* Open @dir/plan.json, its name into @path; NULL with errno set. */
static FILE *open_plan_json(const char *dir, char *path, size_t size)
{
	FILE *f;
	int rc;

	snprintf(path, size, "%s/plan.json", dir);
	f = fopen(path, "w");
	if (!f) {
		rc = -errno;
		kx_err("cannot write %s: %s", path, strerror(-rc));
		errno = -rc;
	}
	return f;
}

static int close_plan_json(FILE *f, const char *path)
{
	if (fclose(f) != 0) {
		kx_err("cannot write %s: %s", path, strerror(errno));
		return -EIO;
	}
	return 0;
}

/* The "notes" array and the end of the object. */
static void json_notes_end(FILE *f, const char *const *notes, size_t n)
{
	size_t i;

	fputs("  \"notes\": [", f);
	for (i = 0; i < n; i++) {
		fputs(i ? ",\n    " : "\n    ", f);
		json_str(f, notes[i]);
	}
	fputs(n ? "\n  ]\n}\n" : "]\n}\n", f);
}

int plan_dump(const struct plan *p, const char *dir)
{
	char path[4096], name[64];
	const char *notes[KX_MAX_NOTES];
	FILE *f;
	size_t i, k;
	int rc;

	if ((rc = make_dir(dir)) < 0)
		return rc;
	for (i = 0; i < p->nseg; i++) {
		const struct segment *s = &p->seg[i];

		snprintf(name, sizeof(name), "segment-%zu-%s.bin", i, role_name(s->role));
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		rc = write_file(path, s->buf, s->bufsz);
		if (rc < 0) {
			kx_err("cannot write %s: %s", path, strerror(-rc));
			return rc;
		}
	}
	if (!(f = open_plan_json(dir, path, sizeof(path))))
		return -errno;
	fprintf(f, "{\n  \"arch\": \"%s\",\n  \"syscall\": \"kexec_load\",\n  \"flags\": \"0x%lx\",\n",
		p->arch, p->flags);
	fprintf(f, "  \"page_size\": \"0x%llx\",\n  \"entry\": \"0x%llx\",\n",
		(unsigned long long)p->page_size, (unsigned long long)p->entry);
	fprintf(f, "  \"kernel_entry\": \"0x%llx\",\n  \"fdt\": \"0x%llx\",\n",
		(unsigned long long)p->kernel_entry, (unsigned long long)p->fdt_addr);
	fputs("  \"cmdline\": ", f);
	json_str(f, p->cmdline ? p->cmdline : "");
	fputs(",\n  \"segments\": [", f);
	for (i = 0; i < p->nseg; i++) {
		const struct segment *s = &p->seg[i];

		uint32_t j;

		fprintf(f, "%s\n    {\"index\": %zu, \"role\": \"%s\", \"mem\": \"0x%llx\", "
			"\"memsz\": \"0x%llx\", \"bufsz\": \"0x%zx\", \"digests\": [",
			i ? "," : "", i, role_name(s->role), (unsigned long long)s->mem,
			(unsigned long long)s->memsz, s->bufsz);
		for (j = 0; j < s->ndig; j++) {
			fprintf(f, "%s{\"offset\": \"0x%llx\", \"len\": \"0x%llx\", \"blake2b\": \"",
				j ? ", " : "", (unsigned long long)plan_piece_off(p, s, j),
				(unsigned long long)plan_piece_len(p, s, j));
			for (k = 0; k < KX_DIGEST_SIZE; k++)
				fprintf(f, "%02x", p->digest[s->dig0 + j][k]);
			fprintf(f, "\", \"zero_mask\": \"0x%llx\", \"block\": \"0x%llx\"}",
				(unsigned long long)p->zero_mask[s->dig0 + j],
				(unsigned long long)(p->piece_size ? 1ULL << p->block_shift : 0));
		}
		fprintf(f, "], \"verified\": %s, \"file\": \"segment-%zu-%s.bin\"}",
			s->verified ? "true" : "false", i, role_name(s->role));
	}
	fputs("\n  ],\n", f);
	for (i = 0; i < p->nnotes; i++)
		notes[i] = p->notes[i];
	json_notes_end(f, notes, p->nnotes);
	return close_plan_json(f, path);
}

int file_plan_dump(const struct file_plan *p, const char *dir)
{
	char path[4096];
	FILE *f;
	int rc;

	if ((rc = make_dir(dir)) < 0)
		return rc;
	if (!(f = open_plan_json(dir, path, sizeof(path))))
		return -errno;
	fprintf(f, "{\n  \"arch\": \"%s\",\n  \"syscall\": \"kexec_file_load\",\n  \"flags\": \"0x%lx\",\n",
		p->arch, p->flags);
	fprintf(f, "  \"page_size\": \"0x%llx\",\n  \"kernel_file\": ", (unsigned long long)p->page_size);
	json_str(f, p->kernel_file ? p->kernel_file : "");
	fputs(",\n  \"initrd_file\": ", f);
	json_str(f, p->initrd_file ? p->initrd_file : "");
	fputs(",\n  \"cmdline\": ", f);
	json_str(f, p->cmdline ? p->cmdline : "");
	fputs(",\n", f);
	json_notes_end(f, &p->note, p->note ? 1 : 0);
	return close_plan_json(f, path);
}
