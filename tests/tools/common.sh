# shellcheck shell=bash
# Shared by the golden and bad-input suites (tests/golden, tests/bad):
# defaults for running a suite by hand, the host tools the suites need, the
# synthetic-input generators (tests/tools/*.c, compiled here with the host
# cc), and sysroots (tests/data/sysroots/NAME.tar.gz or NAME.dts).
#
# Source it after setting nothing: it finds the tree from its own path.

KX_TESTS_TOOLS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# tools/lib.sh sets KX_TOP and KX_CACHE and gives kx_apt_install.
# shellcheck source=../../tools/lib.sh
. "$KX_TESTS_TOOLS/../../tools/lib.sh"
# shellcheck source=../lib.sh
. "$KX_TOP/tests/lib.sh"

# Run by hand (not from tests/run-all): use the binaries run-all builds.
: "${KX_HOST_KEXEC:=$KX_TOP/out/host/build/kexec}"
: "${KX_PPC64LE_KEXEC:=$KX_TOP/out/ppc64le/kexec}"
: "${ASAN_OPTIONS:=detect_leaks=1:abort_on_error=0}"
: "${UBSAN_OPTIONS:=print_stacktrace=1:halt_on_error=1}"
export KX_HOST_KEXEC KX_PPC64LE_KEXEC ASAN_OPTIONS UBSAN_OPTIONS

KX_SYSROOTS=$KX_TOP/tests/data/sysroots

# kx_need_tools CMD=PACKAGE... : make sure each command exists, installing its
# Debian package if not (in CI nothing may be skipped for a missing tool).
# Prints "not ok" and returns 1 if a tool is still missing.
kx_need_tools() {
	local spec cmd pkg missing=()
	for spec in "$@"; do
		cmd=${spec%%=*} pkg=${spec#*=}
		command -v "$cmd" >/dev/null || missing+=("$pkg")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		# kx_apt_install exits through kx_die on failure: keep that in a subshell.
		(kx_apt_install "${missing[@]}") >&2 || true
	fi
	for spec in "$@"; do
		kx_require "${spec%%=*}" || return 1
	done
}

# kx_build_test_tools DIR: compile mkvmlinux and dtb2fs into DIR.
kx_build_test_tools() {
	local dir=$1 cc=${CC:-cc}
	mkdir -p "$dir" || return 1
	"$cc" -O2 -Wall -Wextra -Werror -o "$dir/mkvmlinux" "$KX_TESTS_TOOLS/mkvmlinux.c" &&
		"$cc" -O2 -Wall -Wextra -Werror -o "$dir/dtb2fs" "$KX_TESTS_TOOLS/dtb2fs.c" -lfdt
}

# kx_sysroot_names: every sysroot in tests/data/sysroots, one name a line, sorted.
kx_sysroot_names() {
	local f
	for f in "$KX_SYSROOTS"/*.tar.gz "$KX_SYSROOTS"/*.dts; do
		[ -e "$f" ] || continue
		f=$(basename "$f")
		echo "${f%%.*}"
	done | LC_ALL=C sort -u
}

# kx_sysroot NAME DEST BINDIR: make the sysroot NAME in DEST (which must not
# exist).  NAME.tar.gz is unpacked; NAME.dts is compiled with dtc and written
# out as proc/device-tree by BINDIR/dtb2fs, with proc/cmdline from NAME.cmdline
# (or /chosen/bootargs), sys/kernel/kexec_* of a system with nothing loaded,
# and the files NAME.sys lists (lines "sys/PATH: VALUE" or "proc/PATH: VALUE",
# e.g. the crash notes and vmcoreinfo that kexec -p reads, or the MMU line of
# proc/cpuinfo).
kx_sysroot() {
	local name=$1 dest=$2 bin=$3 src=$KX_SYSROOTS/$1 dt
	mkdir -p "$dest" || return 1
	if [ -f "$src.tar.gz" ]; then
		tar -C "$dest" -xzf "$src.tar.gz" || return 1
		# Captures keep Linux's root-only properties (options/security-*);
		# the suites run as any user and drop to "nobody" under qemu-user.
		chmod -R a+rX "$dest"
		return
	fi
	[ -f "$src.dts" ] || { echo "no sysroot $name in $KX_SYSROOTS" >&2; return 1; }
	dt=$dest/proc/device-tree
	mkdir -p "$dest/proc" "$dest/sys/kernel" || return 1
	dtc -q -I dts -O dtb -o "$dest/.dtb" "$src.dts" &&
		"$bin/dtb2fs" "$dest/.dtb" "$dt" || return 1
	rm -f "$dest/.dtb"
	if [ -f "$src.cmdline" ]; then
		cp "$src.cmdline" "$dest/proc/cmdline"
	else
		{ tr -d '\0' <"$dt/chosen/bootargs"; echo; } >"$dest/proc/cmdline"
	fi
	echo 0 >"$dest/sys/kernel/kexec_loaded"
	echo 0 >"$dest/sys/kernel/kexec_crash_loaded"
	[ -f "$src.sys" ] && { kx_sysfs_lines "$dest" <"$src.sys" || return 1; }
	if [ -f "$dt/chosen/linux,crashkernel-size" ]; then
		# 8-byte big-endian number -> decimal
		echo $((0x$(od -An -tx1 -v "$dt/chosen/linux,crashkernel-size" | tr -d ' \n'))) \
			>"$dest/sys/kernel/kexec_crash_size"
	else
		echo 0 >"$dest/sys/kernel/kexec_crash_size"
	fi
}

# kx_sysfs_lines DEST: write each "sys/PATH: VALUE" (or "proc/PATH: VALUE") line
# of stdin ('#' comments and blank lines skipped) as the file DEST/sys/PATH
# holding VALUE and "\n".
kx_sysfs_lines() {
	local dest=$1 l p v
	while IFS= read -r l; do
		case $l in '' | '#'*) continue ;; esac
		p=${l%%: *} v=${l#*: }
		case $p in sys/* | proc/*) ;; *) echo "kx_sysfs_lines: '$l' is not \"sys/PATH: VALUE\"" >&2; return 1 ;; esac
		case /$p/ in */../*) echo "kx_sysfs_lines: '$p' leaves sys/ or proc/" >&2; return 1 ;; esac
		mkdir -p "$dest/${p%/*}" && printf '%s\n' "$v" >"$dest/$p" || return 1
	done
}

# kx_indent: copy stdin to stdout as "#   " comment lines (for failure details).
kx_indent() {
	sed 's/^/#   /'
}
