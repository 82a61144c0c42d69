# shellcheck shell=bash
# Host side of the guests that tests/callers and tests/zimage boot: build
# initramfs images around tests/callers/guest-init (its /init), boot them in
# qemu-system-ppc64 and read the "KXS-..." lines the guests print:
#   KXS-BOOT role=ROLE marker=M cpus=N memtotal_kb=N kernel=R
#   KXS-CMDLINE role=ROLE WORDS...        (/proc/cmdline as that kernel saw it)
#   KXS-VMCORE size=BYTES magic=HEX       (a kdump kernel's /proc/vmcore)
#   KXS-OUT NAME: LINE / KXS-RC NAME STATUS   (kxs_run NAME CMD... in a script)
#   KXS-VAL NAME CONTENT                  (kxs_val NAME FILE in a script)
#   KXS-END role=ROLE
# Needs tools/lib.sh, tests/lib.sh and tests/qemu/lib.sh sourced first, and
# kxq_setup run (KXQ_VMLINUX, KXQ_BUSYBOX).

KXS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# kxs_stage DIR ROLE MARKER: start an initramfs tree in DIR (which must not
# exist) for a kernel of ROLE (first, next) whose initrd marker is MARKER.
kxs_stage() {
	local d=$1
	mkdir -p "$d/bin" &&
		cp "$KXQ_BUSYBOX" "$d/bin/busybox" &&
		cp "$KXS_DIR/guest-init" "$d/init" &&
		chmod 755 "$d/init" "$d/bin/busybox" &&
		echo "$3" >"$d/kxs-marker" &&
		{ [ "$2" = first ] || echo "$2" >"$d/kxs-role"; }
}

# kxs_cpio DIR OUT: DIR as an uncompressed newc archive (TCG unpacks that
# faster than a compressed one), files owned by root, in a stable order.
kxs_cpio() {
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$2"
}

# kxs_next_initrd OUT MARKER [SCRIPT]: an initrd for a kernel started by
# kexec (role "next"), optionally with a script for that role.
kxs_next_initrd() {
	local s
	s=$(mktemp -d "$(dirname "$1")/stage.XXXXXX") || return 1
	rmdir "$s"
	kxs_stage "$s" next "$2" &&
		{ [ -z "${3:-}" ] || cp "$3" "$s/kxs-script-next"; } &&
		kxs_cpio "$s" "$1"
	local rc=$?
	rm -rf "$s"
	return $rc
}

# kxs_boot LOG SECONDS CPIO APPEND QEMU-ARGS...: boot Debian's kernel on the
# pseries machine (QEMU's minimal firmware) with initramfs CPIO; the console
# goes to LOG.  Returns kxq_qemu's status (124: out of time, 125: silent).
kxs_boot() {
	local log=$1 t=$2 cpio=$3 append=$4
	shift 4
	kxq_machine pseries || return 1
	kxq_qemu "$log" "$t" "${KXQ_M[@]}" "$@" -kernel "$KXQ_VMLINUX" -initrd "$cpio" -append "$append"
}

# kxs_boot_why STATUS: kxs_boot's status as a reason ("" when 0).
kxs_boot_why() {
	case $1 in
	0) ;;
	124) echo "QEMU ran out of time" ;;
	125) echo "the guest hung (no console output for ${KXQ_IDLE_USED:-?}s)" ;;
	*) echo "QEMU exited with status $1" ;;
	esac
}

# Readers of a console log.
kxs_rc() { kxq_lines "$1" "KXS-RC $2 " | head -n1 | cut -d' ' -f3; }
kxs_out() { kxq_lines "$1" "KXS-OUT $2: " | sed "s/^KXS-OUT $2: //"; }
kxs_val() { kxq_lines "$1" "KXS-VAL $2 " | head -n1 | cut -d' ' -f3-; }
kxs_cmdline() { kxq_lines "$1" "KXS-CMDLINE role=$2 " | head -n1 | cut -d' ' -f3-; }
# kxs_boot_field LOG ROLE KEY: KEY's value in ROLE's KXS-BOOT line.
kxs_boot_field() {
	kxq_lines "$1" "KXS-BOOT role=$2 " | head -n1 | tr ' ' '\n' | sed -n "s/^$3=//p"
}
kxs_vmcore_field() {
	kxq_lines "$1" "KXS-VMCORE " | head -n1 | tr ' ' '\n' | sed -n "s/^$2=//p"
}
