# shellcheck shell=bash
# Host side of the real-boot tests (tests/qemu/run, tests/qemu/capture-sysroot,
# tools/demo): build a guest initramfs around tests/qemu/guest-init, boot it
# in qemu-system-ppc64, and read the "KXT-..." lines its /init prints.
# Needs tools/lib.sh sourced first.

KXQ_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# kxq_machine NAME: sets the array KXQ_M to QEMU's machine arguments.
#   pseries    pseries without the Spectre capabilities TCG cannot provide,
#              with x-vof=on: QEMU's minimal firmware instead of SLOF (~3 s
#              faster per boot, and it works with power8 too)
#   slof       the same with SLOF, the firmware KVM pseries guests boot through
#   powernv9, powernv10   bare metal with skiboot (OPAL); -nodefaults drops the
#              BMC that OPAL powers the machine off through, so add one back
# shellcheck disable=SC2034,SC2054  # KXQ_M is the result; commas are QEMU's
kxq_machine() {
	local p=pseries,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off
	case $1 in
	pseries) KXQ_M=(-M "$p,x-vof=on" -nodefaults) ;;
	slof) KXQ_M=(-M "$p" -nodefaults) ;;
	powernv*) KXQ_M=(-M "$1" -nodefaults -device ipmi-bmc-sim,id=bmc0
		-device isa-ipmi-bt,bmc=bmc0,irq=10) ;;
	*) echo "kxq_machine: unknown machine $1" >&2; return 1 ;;
	esac
}

# kxq_setup: fetch (or build) the kernel named by KX_KERNEL (default deb12,
# see tests/kernels/pins) and busybox; sets KXQ_KERNEL (the name), KXQ_KDIR
# (its directory: vmlinux, config, release, id), KXQ_VMLINUX, KXQ_RELEASE,
# KXQ_BUSYBOX.
kxq_setup() {
	local bb=$KX_CACHE/busybox-ppc64el
	kx_apt_install qemu-system-ppc qemu-system-data cpio gzip xz-utils
	KXQ_KERNEL=${KX_KERNEL:-deb12}
	KXQ_KDIR=$(kx_kernel "$KXQ_KERNEL") || return 1
	KXQ_VMLINUX=$KXQ_KDIR/vmlinux
	KXQ_RELEASE=$(cat "$KXQ_KDIR/release")
	if [ ! -x "$bb/bin/busybox" ]; then
		rm -rf "$bb.tmp" && kx_ppc64el_extract "$bb.tmp" busybox-static &&
			rm -rf "$bb" && mv "$bb.tmp" "$bb" || return 1
	fi
	KXQ_BUSYBOX=$bb/bin/busybox
}

# kxq_describe: the "# kernel ..." line every suite prints: which pinned
# kernel ran, and what its own configuration says about the features the
# checks depend on.
kxq_describe() { echo "# kernel $KXQ_KERNEL: $(kx_kernel_desc "$KXQ_KDIR")"; }

# kxq_has OPTION: whether the booted kernel's configuration has OPTION=y.
kxq_has() { [ "$(kx_kconfig "$KXQ_KDIR" "$1")" = y ]; }

# kxq_boots NAME MACHINE: whether this kernel can boot on MACHINE (a powernv
# machine needs CONFIG_PPC_POWERNV, which the small kexec_file_load kernel
# leaves out); if not, one line says that scenario NAME does not apply.
kxq_boots() {
	case $2 in
	powernv*) kxq_has CONFIG_PPC_POWERNV || { echo "# $1: does not apply: kernel $KXQ_KERNEL has no CONFIG_PPC_POWERNV"; return 1; } ;;
	esac
}

# kxq_compressed gz|xz: print the path of a compressed copy of the kernel,
# made once per kernel in the cache (xz takes a while).
kxq_compressed() {
	local c=$1 f
	f=$KXQ_KDIR/vmlinux.$c
	if [ ! -s "$f" ]; then
		case $c in
		gz) gzip -9 -n -c "$KXQ_VMLINUX" >"$f.$$" ;;
		xz) xz -6 -T0 --check=crc32 -c "$KXQ_VMLINUX" >"$f.$$" ;;
		*) false ;;
		esac || { rm -f "$f.$$"; return 1; }
		mv "$f.$$" "$f" || return 1
	fi
	echo "$f"
}

# kxq_initramfs OUT KEXEC IMAGE MARKER: an uncompressed newc initramfs for
# generation 1 (TCG unpacks it faster than a gzip'ed one): busybox, /init,
# /kexec, the kernel image to load as /vmlinux, /kxt-gen and /kxt-marker.
# KEXEC or IMAGE may be "-" to leave them out.
kxq_initramfs() {
	local out=$1 kexec=$2 image=$3 marker=$4 s
	s=$(mktemp -d "$(dirname "$out")/stage.XXXXXX") || return 1
	local rc=0
	{
		mkdir -p "$s/bin" &&
			cp "$KXQ_BUSYBOX" "$s/bin/busybox" &&
			cp "$KXQ_DIR/guest-init" "$s/init" &&
			{ [ "$kexec" = - ] || cp "$kexec" "$s/kexec"; } &&
			{ [ "$image" = - ] || cp "$image" "$s/vmlinux"; } &&
			echo 1 >"$s/kxt-gen" &&
			echo "$marker" >"$s/kxt-marker" &&
			chmod 755 "$s/init" "$s/bin/busybox" &&
			(cd "$s" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$out"
	} || rc=1
	rm -rf "$s"
	return $rc
}

# kxq_nonce: a fresh random token (hex, 12 digits).
kxq_nonce() { od -An -N6 -tx1 /dev/urandom | tr -d ' \n'; }

# kxq_qemu LOG SECONDS QEMU-ARGS...: boot (QEMU-ARGS start with "${KXQ_M[@]}"),
# console to LOG (and to stdout if KXQ_SHOW is set).  The guest powers off
# when done.  Returns QEMU's status, 124 if it ran out of time, 125 if the
# console stayed silent for KXQ_IDLE seconds (see kxq_idle): a hung guest is stopped
# early, so a broken kexec costs seconds per scenario, not the whole timeout.
kxq_qemu() { kxq_run "$1" "$2" '' 0 "${@:3}"; }

# kxq_qemu_until LOG SECONDS PATTERN GRACE QEMU-ARGS...: like kxq_qemu, but
# once PATTERN (grep -E) is on the console, wait GRACE seconds more and stop
# QEMU.  Returns 0 if the pattern was seen, 1 if not.
kxq_qemu_until() {
	kxq_run "$@"
	grep -qaE "$3" "$1"
}

# kxq_idle QEMU-ARGS...: how long a silent console means a hung guest, in
# seconds: KXQ_IDLE if set, else 60 scaled by the load per host core (1 to 4
# times), counting the host's load now and the guest's own vCPUs (-smp N).
# A quiet kernel is silent for 10 s of guest time in places (a crash kernel
# between its early lines and /init, the crash IPI waits), and TCG guest time
# stretches when vCPU threads outnumber host cores: a crashed 4-CPU hash-MMU
# guest clears its hash table with hypercalls on one vCPU while the other
# three spin in kexec_wait, which on two host cores took over 60 s of silence
# before the crash kernel's first line.  Sets KXQ_IDLE_USED, which the
# suites' "hung" messages report.
kxq_idle() {
	local l1 rest smp=1 prev=''
	if [ -n "${KXQ_IDLE:-}" ]; then
		KXQ_IDLE_USED=$KXQ_IDLE
		return
	fi
	for a in "$@"; do
		[ "$prev" = -smp ] && smp=${a%%[!0-9]*}
		prev=$a
	done
	read -r l1 rest </proc/loadavg
	KXQ_IDLE_USED=$(awk -v l="$l1" -v s="${smp:-1}" -v n="$(nproc)" \
		'BEGIN { f = (l + s) / n; if (f < 1) f = 1; if (f > 4) f = 4; printf "%d", 60 * f }')
}

# Every guest gets a human monitor on the FIFOs PATH.in (kxq_monitor writes
# commands there) and PATH.out (kept in PATH.log), PATH being KXQ_MON or else
# LOG.mon: a hung guest's CPU registers (info registers -a) go into LOG
# before QEMU is stopped, so a hang says where each CPU was -- a kernel
# address, purgatory, or 0x60.  With KXQ_ON_POLL=FUNCTION, FUNCTION LOG runs
# at every poll, to act on what the guest says (hotplug through the monitor).
kxq_run() {
	local log=$1 t=$2 pat=$3 grace=$4 pid show='' size=0 n quiet=0 rc mon drain
	local KXQ_MON=${KXQ_MON:-$1.mon}
	shift 4
	kxq_idle "$@"
	rm -f "$KXQ_MON.in" "$KXQ_MON.out" "$KXQ_MON.log" && mkfifo "$KXQ_MON.in" "$KXQ_MON.out" || return 1
	mon=(-chardev "pipe,id=kxqmon,path=$KXQ_MON" -mon chardev=kxqmon,mode=readline)
	echo "# qemu-system-ppc64 ${mon[*]} $*" >"$log.cmd"
	# tests/run-all counts the guests each suite boots.
	[ -n "${KX_OUT:-}" ] && echo "$log" >>"$KX_OUT/.boots"
	: >"$log"
	timeout -k 5 "$t" qemu-system-ppc64 -display none -monitor none -no-reboot \
		-serial stdio "${mon[@]}" "$@" </dev/null >"$log" 2>&1 &
	pid=$!
	cat "$KXQ_MON.out" >"$KXQ_MON.log" &
	drain=$!
	if [ -n "${KXQ_SHOW:-}" ]; then
		tail -n +1 -f --pid="$pid" "$log" &
		show=$!
	fi
	# Poll 4 times a second: for the stop pattern and for silence.
	while kill -0 "$pid" 2>/dev/null; do
		sleep 0.25
		[ -z "${KXQ_ON_POLL:-}" ] || "$KXQ_ON_POLL" "$log"
		if [ -n "$pat" ] && grep -qaE "$pat" "$log"; then
			sleep "$grace"
			kill "$pid" 2>/dev/null
			break
		fi
		n=$(stat -c %s "$log")
		if [ "$n" != "$size" ]; then size=$n quiet=0
		elif [ $((quiet += 1)) -ge $((KXQ_IDLE_USED * 4)) ]; then
			kxq_dump_cpus "$log"
			kill "$pid" 2>/dev/null
			wait "$pid" 2>/dev/null
			echo "kxq: no console output for ${KXQ_IDLE_USED}s: QEMU stopped" >>"$log"
			[ -z "$show" ] || wait "$show"
			kill "$drain" 2>/dev/null
			return 125
		fi
	done
	wait "$pid"
	rc=$?
	[ -z "$show" ] || wait "$show"
	kill "$drain" 2>/dev/null
	return $rc
}

# kxq_dump_cpus LOG: each CPU's NIP/LR/CTR, MSR, r0-r7 and r12-r15 from the
# monitor, appended to LOG as "kxq-cpu:" lines (the whole dump, SRR0 and DAR
# included, stays in the .mon.log).
kxq_dump_cpus() {
	local i
	kxq_monitor "info registers -a" 2>/dev/null || return 0
	for ((i = 0; i < 8; i++)); do
		sleep 0.25
		grep -q "^NIP" "$KXQ_MON.log" 2>/dev/null && break
	done
	sleep 0.5
	tr -d '\r' <"$KXQ_MON.log" | awk '/^NIP|^MSR|^GPR00|^GPR04|^GPR12/ { print "kxq-cpu: " $0 }' >>"$1"
}

# kxq_monitor COMMAND...: one command to the monitor of the running guest
# (KXQ_MON), echoed into the console log for the record.
kxq_monitor() {
	echo "kxq-monitor: $*" >>"$KXQ_MON.sent"
	# (bounded: opening the FIFO would wait forever for a QEMU that has gone)
	timeout 5 sh -c 'printf "%s\n" "$1" >"$2"' sh "$*" "$KXQ_MON.in"
}

# kxq_hostload_start SECONDS: one busy loop per host core, so QEMU's vCPU
# threads are descheduled at random points (a CPU of the guest then stalls
# for a host time slice, as a busy hypervisor or host does to a guest).
# Each loop ends by itself after SECONDS; kxq_hostload_stop ends exactly
# these processes (KXQ_LOAD_PIDS) earlier.
kxq_hostload_start() {
	local i
	KXQ_LOAD_PIDS=()
	for ((i = 0; i < $(nproc); i++)); do
		timeout "$1" sh -c 'while :; do :; done' &
		KXQ_LOAD_PIDS+=($!)
	done
}
kxq_hostload_stop() {
	local p
	for p in "${KXQ_LOAD_PIDS[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${KXQ_LOAD_PIDS[@]}"; do wait "$p" 2>/dev/null; done
	KXQ_LOAD_PIDS=()
}

# kxq_lines LOG PREFIX: the console lines that carry PREFIX, from PREFIX on,
# without \r.  (Not anchored: the early boot banner of a kexec'd kernel ends
# without a newline, so the /init's first line may follow it on the same line.)
kxq_lines() { tr -d '\r' <"$1" | grep -ao "$2.*" || true; }

# kxq_field LOG GEN KEY: KEY's value in generation GEN's KXT-REPORT line.
kxq_field() {
	kxq_lines "$1" "KXT-REPORT gen=$2 " | head -n1 | tr ' ' '\n' | sed -n "s/^$3=//p"
}

# kxq_tail LOG [N]: the last N (20) console lines, as "#" comments.
kxq_tail() { tr -d '\r' <"$1" | tail -n "${2:-20}" | sed 's/^/#   /'; }
