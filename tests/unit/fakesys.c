// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The recording fake kernel interface, kexec run in-process, and the
 * captured system (fakesys.h says what each does).  rec and next are the
 * recorder's state: one per test program, as when each test compiled the
 * header.
 */
#include "fakesys.h"

struct fake_rec rec;

struct fake_next next;

void rec_call(char c)
{
	size_t n = strlen(rec.order);

	if (n + 1 < sizeof(rec.order)) {
		rec.order[n] = c;
		rec.order[n + 1] = 0;
	}
}

int f_load(unsigned long entry, unsigned long nr, struct kx_kseg *segs, unsigned long flags)
{
	rec.load++;
	rec_call('L');
	rec.entry = entry;
	rec.nr = nr;
	rec.flags = flags;
	rec.segs_null = segs == NULL;
	if (segs && nr <= KX_MAX_SEGMENTS)
		memcpy(rec.segs, segs, nr * sizeof(*segs));
	return rec.load_rc;
}

int f_file_load(int kfd, int ifd, unsigned long len, const char *cmdline, unsigned long flags)
{
	rec.file_load++;
	rec_call('F');
	rec.file_kfd = kfd;
	rec.file_ifd = ifd;
	rec.file_flags = flags;
	rec.file_cmdline_len = len;
	snprintf(rec.file_cmdline, sizeof(rec.file_cmdline), "%s", cmdline ? cmdline : "(null)");
	return rec.file_rc == 1 ? 0 : rec.file_rc ? rec.file_rc : -ENOSYS;
}

void f_sync(void)
{
	rec.sync++;
	rec_call('S');
}

int f_ifdown(const struct kx_ctx *c)
{
	(void)c;
	rec.ifdown++;
	rec_call('I');
	return 0;
}

int f_reboot(void)
{
	rec.reboot++;
	rec_call('R');
	return rec.reboot_rc ? rec.reboot_rc : -EPERM;
}

int f_shutdown(void)
{
	rec.shutdown++;
	rec_call('D');
	return -ENOENT;
}

const struct kx_sys fake = {
	.host_arch = NULL,
	.kexec_load = f_load,
	.kexec_file_load = f_file_load,
	.sync = f_sync,
	.ifdown = f_ifdown,
	.reboot_kexec = f_reboot,
	.shutdown_reboot = f_shutdown,
};

const struct kx_sys fake_power = {
	.host_arch = "ppc64le",
	.kexec_load = f_load,
	.kexec_file_load = f_file_load,
	.sync = f_sync,
	.ifdown = f_ifdown,
	.reboot_kexec = f_reboot,
	.shutdown_reboot = f_shutdown,
};

int calls(void)
{
	return rec.load + rec.file_load + rec.sync + rec.ifdown + rec.reboot + rec.shutdown;
}

/* ---- running kexec ----------------------------------------------------------------- */

char out_text[65536], err_text[8192];

int kexec_va(const struct kx_sys *sys, const char *first, va_list ap)
{
	static char pool[64][4096];
	char *argv[64];
	int argc = 0, rc;
	struct opts o;
	struct t_capture co, ce;
	const char *a;
	char *so, *se;

	snprintf(pool[argc], sizeof(pool[0]), "kexec");
	argv[argc] = pool[argc];
	argc++;
	for (a = first; a && argc < 63; a = va_arg(ap, const char *)) {
		snprintf(pool[argc], sizeof(pool[0]), "%s", a);
		argv[argc] = pool[argc];
		argc++;
	}
	argv[argc] = NULL;
	memset(&rec, 0, sizeof(rec));
	rec.load_rc = next.load_rc;
	rec.file_rc = next.file_rc;
	rec.reboot_rc = next.reboot_rc;
	memset(&next, 0, sizeof(next));
	t_capture_start(&co, 1);
	t_capture_start(&ce, 2);
	rc = opts_parse(argc, argv, &o);
	if (rc == 0)
		rc = kx_run(&o, sys);
	else
		rc = -1000;	/* usage error: never reached kx_run */
	opts_free(&o);
	se = t_capture_end(&ce);
	so = t_capture_end(&co);
	snprintf(out_text, sizeof(out_text), "%s", so);
	snprintf(err_text, sizeof(err_text), "%s", se);
	free(so);
	free(se);
	return rc;
}

int kexec(const char *first, ...)
{
	va_list ap;
	int rc;

	va_start(ap, first);
	rc = kexec_va(&fake, first, ap);
	va_end(ap);
	return rc;
}

int kexec_power(const char *first, ...)
{
	va_list ap;
	int rc;

	va_start(ap, first);
	rc = kexec_va(&fake_power, first, ap);
	va_end(ap);
	return rc;
}

/* ---- sysroots ---------------------------------------------------------------------- */

void *system_tree(int crash)
{
	struct fb b;

	fb_start(&b, 8192);
	fb_u32(&b, "#address-cells", 2);
	fb_u32(&b, "#size-cells", 2);
	fb_str(&b, "compatible", "qemu,pseries");
	fb_node(&b, "chosen");
	fb_str(&b, "bootargs", "BOOT_IMAGE=/boot/vmlinux root=/dev/vda2");
	fb_u64(&b, "linux,kernel-end", 0x1d2c000);
	fb_str(&b, "linux,stdout-path", "/vdevice/vty@71000000");
	if (crash) {
		fb_u64(&b, "linux,crashkernel-base", 0x8000000);
		fb_u64(&b, "linux,crashkernel-size", 0x8000000);
	}
	fb_end(&b);
	fb_node(&b, "memory@0");
	fb_str(&b, "device_type", "memory");
	fb_reg(&b, "reg", 2, 2, 1, 0ULL, 0x40000000ULL);
	fb_end(&b);
	fb_node(&b, "rtas");
	fb_u32(&b, "linux,rtas-base", 0x3fff0000);
	fb_u32(&b, "rtas-size", 0x10000);
	fb_end(&b);
	fb_node(&b, "vdevice");
	fb_node(&b, "vty@71000000");
	fb_str(&b, "compatible", "hvterm1");
	fb_u32(&b, "reg", 0x71000000);
	fb_end(&b);
	fb_end(&b);
	return fb_finish(&b);
}

char *sysroot(int crash)
{
	char *d = t_mkdtemp("actions");
	void *fdt = system_tree(crash);

	fdt_to_dir(fdt, t_fmt("%s/proc/device-tree", d));
	free(fdt);
	t_write_str(t_fmt("%s/proc/cmdline", d), "BOOT_IMAGE=/boot/vmlinux root=/dev/vda2 quiet\n");
	t_write_str(t_fmt("%s/sys/kernel/kexec_loaded", d), "0\n");
	t_write_str(t_fmt("%s/sys/kernel/kexec_crash_loaded", d), "0\n");
	t_write_str(t_fmt("%s/sys/kernel/kexec_crash_size", d), crash ? "134217728\n" : "0\n");
	t_write_str(t_fmt("%s/sys/devices/system/cpu/possible", d), "0-3\n");
	t_write_str(t_fmt("%s/sys/devices/system/cpu/cpu0/crash_notes", d), "3ff00000\n");
	t_write_str(t_fmt("%s/sys/devices/system/cpu/cpu0/crash_notes_size", d), "400\n");
	t_write_str(t_fmt("%s/sys/devices/system/cpu/cpu1/crash_notes", d), "3ff10000\n");
	t_write_str(t_fmt("%s/sys/devices/system/cpu/cpu1/crash_notes_size", d), "400\n");
	t_write_str(t_fmt("%s/sys/kernel/vmcoreinfo", d), "3fe00000 1000\n");
	return d;
}

const char *kernel_file(const char *d)
{
	struct eb_kseg s[1] = { { 0, 0xc000000000000000ULL, 0x20000, 0x30000, 0x10000, 0 } };
	size_t len;
	uint8_t *img = eb_vmlinux(0, KX_EM_PPC64, 0xc000000000000000ULL, s, 1, 1, &len);
	const char *path = t_fmt("%s/vmlinux", d);

	t_write(path, img, len);
	free(img);
	return path;
}
