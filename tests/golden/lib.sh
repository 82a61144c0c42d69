# shellcheck shell=bash
# The golden dry-run machinery shared by tests/golden/run (compare) and
# tests/golden/update (rewrite the expected files).
#
# Every case of tests/golden/cases runs in one work directory ($G_WORK) that
# holds kernels/ (synthetic, from tests/tools/mkvmlinux), files/ (initrds, a
# dtb) and sysroots/ (every tests/data/sysroots entry), so the paths kexec
# prints are relative and the same on every machine.  A case renders as:
#   NAME.out   the command, kexec's stdout, its stderr and exit code
#   NAME.plan  tests/golden/render-plan of the --dump-dir (checked on the way)
#   NAME.dts   the next kernel's device tree, dtc -I dtb -O dts
# The purgatory's code is not pinned (its digest shows as "*"); the fields
# the loader writes into it are, through render-plan.  A dts line longer than
# G_DTS_MAX characters (a large LPAR's LMB list) is pinned by its length and
# SHA-256 instead of spelled out.
#
# A case whose OPTIONS start with -p loads a crash kernel (kexec -p instead of
# -l); tests/golden/run also checks its dump with tests/tools/check-kdump.
# Besides tests/data/sysroots, $G_WORK/sysroots holds the generated large
# LPARs of golden_generated_sysroots, which cases name explicitly.

# shellcheck source=../tools/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../tools/common.sh"

G_DIR=$KX_TOP/tests/golden
# shellcheck disable=SC2034  # used by run and update
G_EXPECTED=$G_DIR/expected
: "${KX_OUT:=$KX_TOP/out/golden}"
G_WORK=$KX_OUT/work
G_BIN=$KX_OUT/bin
# qemu-user: Debian's ppc64le kernel has 64 KiB pages (see environment.md).
# shellcheck disable=SC2034  # used by run
G_QEMU=(qemu-ppc64le-static -p 65536)
G_DTS_MAX=8000
# shellcheck disable=SC2034  # used by run
G_CHECK_KDUMP=$KX_TOP/tests/tools/check-kdump
G_CHECK_LOAD=$KX_TOP/tests/tools/check-load

# golden_generated_sysroots DIR: the sysroots made at test time, not kept in
# tests/data/sysroots (they would be megabytes): large LPARs from
# tests/tools/mklpar, 8 TiB in 32768 LMBs, 640 of 768 possible CPUs.
golden_generated_sysroots() {
	"$KX_TOP/tests/tools/mklpar" "$1/lpar-8t-v2" &&
		"$KX_TOP/tests/tools/mklpar" --v1 "$1/lpar-8t-v1"
}

# golden_setup: build the generators and fill $G_WORK.  Prints "not ok" and
# returns 1 on failure.
golden_setup() {
	local k=$G_WORK/kernels f=$G_WORK/files mk=$G_BIN/mkvmlinux n
	rm -rf "$G_WORK" && mkdir -p "$k" "$f" "$G_WORK/sysroots" "$G_WORK/runs" || return 1
	if ! kx_build_test_tools "$G_BIN" 2>"$KX_OUT/tools.log"; then
		kx_not_ok "golden setup: cannot build tests/tools"
		kx_indent <"$KX_OUT/tools.log"
		return 1
	fi
	# The kernel kinds tests/golden/cases names (seeds keep them distinct).
	if ! { "$mk" -E le -s 1 "$k/le" && "$mk" -E be -s 2 "$k/be" &&
		"$mk" -E le -s 3 -n 3 -g 128K "$k/le-multi" &&
		"$mk" -E le -s 4 -m 200M "$k/le-bigbss" &&
		"$mk" -E le -s 5 -R "$k/le-norun0" && "$mk" -E le -s 6 -H "$k/le-nohold" &&
		gzip -n -9 -c "$k/le" >"$k/le.gz" && xz -c "$k/le" >"$k/le.xz" &&
		zstd -q -c "$k/le" >"$k/le.zst" && xz -c "$k/be" >"$k/be.xz" &&
		"$mk" -r -f 1M -s 11 "$f/initrd-1M" && "$mk" -r -f 24M -s 12 "$f/initrd-24M" &&
		"$mk" -r -f 40M -s 13 "$f/initrd-40M" &&
		dtc -q -I dts -O dtb -o "$f/next.dtb" "$G_DIR/next.dts"; } 2>"$KX_OUT/setup.log"; then
		kx_not_ok "golden setup: cannot make the synthetic kernels and files"
		kx_indent <"$KX_OUT/setup.log"
		return 1
	fi
	for n in $(kx_sysroot_names); do
		if ! kx_sysroot "$n" "$G_WORK/sysroots/$n" "$G_BIN" 2>"$KX_OUT/setup.log"; then
			kx_not_ok "golden setup: cannot make sysroot $n"
			kx_indent <"$KX_OUT/setup.log"
			return 1
		fi
	done
	if ! golden_generated_sysroots "$G_WORK/sysroots" 2>"$KX_OUT/setup.log"; then
		kx_not_ok "golden setup: cannot generate the large LPAR sysroots (tests/tools/mklpar)"
		kx_indent <"$KX_OUT/setup.log"
		return 1
	fi
}

# golden_cases: the cases, "*" expanded, as NAME<TAB>SYSROOT<TAB>KERNEL<TAB>OPTIONS
# lines.  A malformed line or a repeated name is an error on stderr (return 1).
golden_cases() {
	local name sysroot kernel rest s line=0 bad=0 out=() x
	local -A seen=()
	while read -r name sysroot kernel rest; do
		line=$((line + 1))
		case $name in '' | '#'*) continue ;; esac
		if [ -z "$kernel" ]; then
			echo "tests/golden/cases:$line: expected NAME SYSROOT KERNEL [OPTIONS]" >&2
			bad=1
		elif [ "$sysroot" = '*' ]; then
			if [[ $name != *'*'* ]]; then
				echo "tests/golden/cases:$line: SYSROOT * needs a * in NAME" >&2
				bad=1
			fi
			for s in $(kx_sysroot_names); do
				out+=("${name//\*/$s}"$'\t'"$s"$'\t'"$kernel"$'\t'"$rest")
			done
		else
			out+=("$name"$'\t'"$sysroot"$'\t'"$kernel"$'\t'"$rest")
		fi
	done <"$G_DIR/cases"
	for x in "${out[@]}"; do
		name=${x%%$'\t'*}
		# Names become file names: keep them plain, and unique.
		if [[ ! $name =~ ^[A-Za-z0-9._-]+$ ]] || [ -n "${seen[$name]:-}" ]; then
			echo "tests/golden/cases: case name '$name' is repeated or not [A-Za-z0-9._-]" >&2
			bad=1
		fi
		seen[$name]=1
		printf '%s\n' "$x"
	done
	[ $bad = 0 ]
}

# golden_load NAME SYSROOT KERNEL OPTIONS: set the G_* variables for one case.
golden_load() {
	G_NAME=$1 G_SYSROOT=$2 G_KERNEL=$3 G_RAW_OPTS=$4
	# The options are shell words from our own cases file.
	G_OPTS=()
	eval "G_OPTS=($4)"
	# -p first: a crash kernel load (kexec -p KERNEL OPTIONS...).
	G_ACTION=-l
	if [ "${G_OPTS[0]:-}" = -p ]; then
		G_ACTION=-p
		G_OPTS=("${G_OPTS[@]:1}")
		G_RAW_OPTS=${G_RAW_OPTS#-p}
		G_RAW_OPTS=${G_RAW_OPTS# }
	fi
	G_INITRD='' G_ARCH=ppc64le G_REUSE=0 G_DTB='' G_NOCHECKS=0 G_REUSEINITRD=0 G_FILE=0
	local i
	for ((i = 0; i < ${#G_OPTS[@]}; i++)); do
		case ${G_OPTS[i]} in
		--initrd) G_INITRD=${G_OPTS[i + 1]:-} ;;
		--dtb) G_DTB=${G_OPTS[i + 1]:-} ;;
		-i) G_NOCHECKS=1 ;;
		--reuseinitrd) G_REUSEINITRD=1 ;;
		-s | --kexec-file-syscall) G_FILE=1 ;;
		--arch) G_ARCH=${G_OPTS[i + 1]:-} ;;
		--reuse-cmdline) G_REUSE=1 ;;
		esac
	done
}

# golden_check_kdump TAG: tests/tools/check-kdump on run TAG's dump of the
# current (-p) case; its summary or its complaints on stdout.
golden_check_kdump() {
	local base=$G_WORK/runs/$G_NAME.$1 args=()
	args=(--dump-dir "$base.dump" --sysroot "$G_WORK/sysroots/$G_SYSROOT"
		--kernel "$G_WORK/kernels/${G_KERNEL%%.*}" --arch "$G_ARCH" --max-loads 64)
	[ -n "$G_INITRD" ] && args+=(--initrd "$G_WORK/$G_INITRD")
	[ "$G_REUSE" = 1 ] && args+=(--reuse-cmdline)
	python3 "$G_CHECK_KDUMP" "${args[@]}" 2>&1
}

# golden_check_load TAG: tests/tools/check-load on run TAG's dump of the
# current (-l) case; its summary or its complaints on stdout.
golden_check_load() {
	local base=$G_WORK/runs/$G_NAME.$1 args=()
	args=(--dump-dir "$base.dump" --sysroot "$G_WORK/sysroots/$G_SYSROOT"
		--kernel "$G_WORK/kernels/${G_KERNEL%%.*}" --arch "$G_ARCH")
	[ -n "$G_INITRD" ] && args+=(--initrd "$G_WORK/$G_INITRD")
	[ -n "$G_DTB" ] && args+=(--dtb "$G_WORK/$G_DTB")
	[ "$G_NOCHECKS" = 1 ] && args+=(--no-checks)
	[ "$G_REUSEINITRD" = 1 ] && args+=(--reuseinitrd)
	python3 "$G_CHECK_LOAD" "${args[@]}" 2>&1
}

# golden_exec TAG CMD...: run kexec (CMD...) for the current case in $G_WORK;
# leaves runs/NAME.TAG.{stdout,stderr,rc} and the dump dir runs/NAME.TAG.dump.
golden_exec() {
	local base=runs/$G_NAME.$1
	shift
	(
		cd "$G_WORK" || exit 1
		rm -rf "$base.dump"
		"$@" --dry-run --sysroot "sysroots/$G_SYSROOT" "$G_ACTION" "kernels/$G_KERNEL" "${G_OPTS[@]}" \
			--dump-dir "$base.dump" >"$base.stdout" 2>"$base.stderr"
		echo $? >"$base.rc"
	)
}

# golden_render TAG DIR: write the case's NAME.out, NAME.plan, NAME.dts from
# run TAG into DIR.  Returns 1 (reason on stderr) if the dump is inconsistent.
golden_render() {
	local base=$G_WORK/runs/$G_NAME.$1 dir=$2 rc dtb elf=${G_KERNEL%%.*} args=()
	rc=$(cat "$base.rc")
	{
		echo "\$ kexec --dry-run --sysroot sysroots/$G_SYSROOT $G_ACTION kernels/$G_KERNEL $G_RAW_OPTS"
		# The purgatory's code is not pinned: mask its digest.
		sed -E '/^segment [0-9]+: purgatory /s/blake2b [0-9a-f]{64}/blake2b */' "$base.stdout"
		if [ -s "$base.stderr" ]; then
			echo "[stderr]"
			cat "$base.stderr"
		fi
		echo "[exit $rc]"
	} >"$dir/$G_NAME.out"
	rm -f "$dir/$G_NAME.plan" "$dir/$G_NAME.dts"
	[ "$rc" = 0 ] || return 0
	args=(--kernel "$G_WORK/kernels/$elf")
	[ -n "$G_INITRD" ] && args+=(--initrd "$G_WORK/$G_INITRD")
	python3 "$G_DIR/render-plan" "$base.dump" "${args[@]}" >"$dir/$G_NAME.plan" || return 1
	for dtb in "$base.dump"/segment-*-dtb.bin; do
		[ -f "$dtb" ] || continue
		dtc -q -I dtb -O dts "$dtb" | golden_dts_elide >"$dir/$G_NAME.dts" &&
			[ "${PIPESTATUS[0]}" = 0 ] || return 1
	done
	return 0
}

# golden_dts_elide: copy dts text, replacing each line longer than $G_DTS_MAX
# characters by its property name, length and SHA-256.
golden_dts_elide() {
	python3 -c '
import hashlib, sys
limit = int(sys.argv[1])
for line in sys.stdin.buffer:
    line = line.rstrip(b"\n")
    if len(line) > limit:
        name = line.split(b" = ", 1)[0]
        line = b"%s = /* %d characters of dtc text elided, sha256 %s */;" % (
            name, len(line), hashlib.sha256(line).hexdigest().encode())
    sys.stdout.buffer.write(line + b"\n")
' "$G_DTS_MAX"
}

# golden_same A B: are runs A and B of the case byte-identical (stdout, stderr,
# exit code, every dump file)?  Prints the differences on stdout if not.
golden_same() {
	local a=$G_WORK/runs/$G_NAME.$1 b=$G_WORK/runs/$G_NAME.$2 x rc=0
	for x in rc stdout stderr; do
		cmp -s "$a.$x" "$b.$x" && continue
		echo "$x differs:"
		diff -u "$a.$x" "$b.$x" | head -n 40
		rc=1
	done
	if [ -d "$a.dump" ] || [ -d "$b.dump" ]; then
		diff -r "$a.dump" "$b.dump" >/dev/null 2>&1 || { diff -rq "$a.dump" "$b.dump" 2>&1; rc=1; }
	fi
	return $rc
}
