# shellcheck shell=bash
# Shared helpers for the project's scripts: the download cache, installing
# host packages, and fetching ppc64el packages through a private apt index
# (multiarch installs of ppc64el fail on Debian mirrors whose security index
# lags the main one; a private index plus dpkg -x does not care).

KX_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KX_CACHE=${KX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kexec-ppc64}

kx_die() { echo "$(basename "$0"): $*" >&2; exit 1; }

kx_sudo() {
	if [ "$(id -u)" = 0 ]; then "$@"
	elif command -v sudo >/dev/null; then sudo "$@"
	else kx_die "need root to run: $* (no sudo)"; fi
}

# Install Debian packages that are not installed yet (quietly, once).
kx_apt_install() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "installing: ${missing[*]}" >&2
	kx_sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
	kx_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null || kx_die "apt-get install ${missing[*]} failed"
}

# Everything the build and the tests need on the host.
KX_HOST_PACKAGES=(gcc make autoconf pkg-config libfdt-dev zlib1g-dev liblzma-dev libzstd-dev
	gcc-powerpc64le-linux-gnu gcc-powerpc64-linux-gnu libc6-dev-ppc64el-cross libc6-dev-ppc64-cross
	qemu-user-static qemu-system-ppc qemu-system-data device-tree-compiler
	cpio xz-utils zstd gzip python3 strace binutils-powerpc64le-linux-gnu groff-base file curl
	clang libclang-rt-14-dev time)

kx_host_deps() { kx_apt_install "${KX_HOST_PACKAGES[@]}"; }

# The private apt indexes (ppc64el, downloaded packages only, nothing
# installed).  "bookworm" is this machine's own sources (the libraries and
# tools the builds and guests use); "kernels" adds the suites the pinned
# kernels of tests/kernels/pins come from.
kx_apt_sources() {
	local f=$KX_CACHE/apt-kernels.list k=/usr/share/keyrings/debian-archive-keyring.gpg s
	mkdir -p "$KX_CACHE"
	{
		for s in bookworm bookworm-updates bookworm-backports trixie trixie-updates; do
			echo "deb [signed-by=$k] http://deb.debian.org/debian $s main"
		done
		for s in bookworm-security trixie-security; do
			echo "deb [signed-by=$k] http://deb.debian.org/debian-security $s main"
		done
	} >"$f.$$" && mv "$f.$$" "$f"
	echo "$f"
}

# _kx_apt INDEX ARGS...: apt-get for ppc64el on the private INDEX, refreshed
# every 12 hours.  (The security index may fail to match the main one; the
# packages needed are in the others.)
_kx_apt() {
	local index=$1 lists=$KX_CACHE/apt-lists stamp
	shift
	local o=(-o APT::Architecture=ppc64el -o APT::Architectures=ppc64el -o Debug::NoLocking=1)
	if [ "$index" = kernels ]; then
		lists=$KX_CACHE/apt-lists-kernels
		o+=(-o Dir::Etc::SourceList="$(kx_apt_sources)" -o Dir::Etc::SourceParts=/dev/null)
	fi
	o+=(-o Dir::State::Lists="$lists")
	mkdir -p "$lists/partial"
	stamp=$lists/.updated
	if [ ! -f "$stamp" ] || [ -n "$(find "$stamp" -mmin +720)" ]; then
		apt-get "${o[@]}" update >/dev/null 2>&1 || true
		touch "$stamp"
	fi
	apt-get "${o[@]}" "$@"
}

# _kx_apt_cache INDEX ARGS...: apt-cache on the private INDEX (see _kx_apt).
_kx_apt_cache() {
	local index=$1 lists=$KX_CACHE/apt-lists
	shift
	local o=(-o APT::Architecture=ppc64el -o APT::Architectures=ppc64el)
	if [ "$index" = kernels ]; then
		lists=$KX_CACHE/apt-lists-kernels
		o+=(-o Dir::Etc::SourceList="$(kx_apt_sources)" -o Dir::Etc::SourceParts=/dev/null)
	fi
	apt-cache "${o[@]}" -o Dir::State::Lists="$lists" "$@"
}

# kx_ppc64el_fetch PKG... : download the newest ppc64el .debs of PKG (this
# machine's Debian release) into $KX_CACHE/debs (kept across runs) and print
# their paths.
kx_ppc64el_fetch() {
	local debs=$KX_CACHE/debs p f
	mkdir -p "$debs"
	for p in "$@"; do
		f=$(cd "$debs" && ls -t "${p}"_*_ppc64el.deb 2>/dev/null | head -n1)
		if [ -z "$f" ]; then
			(cd "$debs" && _kx_apt bookworm download "$p" >/dev/null 2>&1) ||
				kx_die "cannot download ppc64el package $p"
			f=$(cd "$debs" && ls -t "${p}"_*_ppc64el.deb | head -n1)
		fi
		echo "$debs/$f"
	done
}

# kx_pinned_fetch PKG VERSION: download exactly that package version (from
# any suite of the "kernels" index) into $KX_CACHE/debs; print its path.
# Fails quietly when the mirror does not serve it.
kx_pinned_fetch() {
	local debs=$KX_CACHE/debs f
	mkdir -p "$debs"
	f=$(cd "$debs" && ls "${1}_${2/:/%3a}"_*.deb 2>/dev/null | head -n1)
	if [ -z "$f" ]; then
		(cd "$debs" && _kx_apt kernels download "$1=$2" >/dev/null 2>&1) || return 1
		f=$(cd "$debs" && ls "${1}_${2/:/%3a}"_*.deb 2>/dev/null | head -n1)
	fi
	[ -n "$f" ] && echo "$debs/$f"
}

# kx_suite_extract SUITE DIR PKG... : the ppc64el PKGs of Debian release
# SUITE (bookworm, trixie: the "kernels" index), unpacked into DIR.
kx_suite_extract() {
	local suite=$1 dir=$2 debs=$KX_CACHE/debs/$1 p f
	shift 2
	mkdir -p "$debs" "$dir"
	for p in "$@"; do
		f=$(cd "$debs" && ls -t "${p}"_*_ppc64el.deb 2>/dev/null | head -n1)
		if [ -z "$f" ]; then
			(cd "$debs" && { _kx_apt kernels download "$p/$suite" >/dev/null 2>&1 ||
				_kx_apt kernels download "$p/$suite-security" >/dev/null 2>&1 ||
				_kx_older_point_release "$p/$suite" || _kx_any_version "$p"; }) ||
				kx_die "cannot download $p from Debian $suite (ppc64el)"
			f=$(cd "$debs" && ls -t "${p}"_*_ppc64el.deb | head -n1)
		fi
		dpkg -x "$debs/$f" "$dir" || return 1
	done
}

# _kx_any_version PKG: into the current directory, the newest version of PKG
# in any suite of the "kernels" index that the pool serves (a library with a
# stable ABI, from the neighbouring release, when the mirror has dropped
# every build of its own).
_kx_any_version() {
	local v
	for v in $(_kx_apt_cache kernels madison "$1" | awk -F'|' '{gsub(/ /, "", $2); print $2}'); do
		_kx_apt kernels download "$1=$v" >/dev/null 2>&1 && return 0
	done
	return 1
}

# _kx_older_point_release PKG/SUITE: into the current directory, the newest
# earlier stable update of PKG that the pool still serves, when the index
# names one it no longer does (seen: trixie's libc6 2.41-12+deb13u5 listed,
# only +deb13u4 served).  Debian numbers them VERSION+debNNuM.
_kx_older_point_release() {
	local uri base m
	uri=$(_kx_apt kernels download --print-uris "$1" 2>/dev/null | sed -n "s/^'\([^']*\)'.*/\1/p" | head -n1)
	[[ $uri =~ ^(.*%2bdeb[0-9]+u)([0-9]+)(_[a-z0-9]+\.deb)$ ]] || return 1
	for ((m = BASH_REMATCH[2] - 1; m >= 0; m--)); do
		# u0: the release's own version, without the +debNNuM suffix.
		base=${BASH_REMATCH[1]}$m${BASH_REMATCH[3]}
		[ $m = 0 ] && base=${BASH_REMATCH[1]%%%2bdeb*}${BASH_REMATCH[3]}
		curl -fsS -o "$(basename "${base//%2b/+}").part" "$base" 2>/dev/null &&
			mv "$(basename "${base//%2b/+}").part" "$(basename "${base//%2b/+}")" && return 0
		rm -f "$(basename "${base//%2b/+}").part"
	done
	return 1
}

# kx_ppc64el_extract DIR PKG... : fetch and unpack into DIR (a sysroot).
kx_ppc64el_extract() {
	local dir=$1 d; shift
	mkdir -p "$dir"
	for d in $(kx_ppc64el_fetch "$@"); do
		dpkg -x "$d" "$dir"
	done
}

# kx_kernel NAME: make the pinned kernel NAME (tests/kernels/pins) ready and
# print its directory: vmlinux, config (its /boot/config-*), release (its
# uname -r), id ("PACKAGE VERSION", or for built kernels also the fragment's
# digest), suite (the Debian release whose userspace goes with it).  Tries
# NAME's lines in order.
kx_kernel() {
	local name=$1 n kind pkg ver dir tmp deb tried=''
	# fd 3: what runs inside the loop (apt-get, make) may read stdin.
	while read -r -u 3 n kind pkg ver suite; do
		[ "$n" = "$name" ] || continue
		case $kind in
		deb) dir=$KX_CACHE/kernels/${pkg}_$ver ;;
		build) dir=$KX_CACHE/kernels/$name-${ver}-$(kx_build_key "$name") ;;
		*) kx_die "tests/kernels/pins: $name has an unknown kind '$kind'" ;;
		esac
		if [ -s "$dir/vmlinux" ] && [ -s "$dir/config" ]; then
			echo "${suite:?tests/kernels/pins: $name has no SUITE}" >"$dir/suite"
			echo "$dir"
			return 0
		fi
		tried+=" $pkg=$ver"
		tmp=$dir.tmp.$$
		rm -rf "$tmp"
		case $kind in
		deb)
			deb=$(kx_pinned_fetch "$pkg" "$ver") || continue
			# Only /boot: the modules are not needed (the guests use built-ins).
			mkdir -p "$tmp/x" && dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp/x" ./boot &&
				mv "$tmp"/x/boot/vmlinux-* "$tmp/vmlinux" && mv "$tmp"/x/boot/config-* "$tmp/config" ||
				{ rm -rf "$tmp"; continue; }
			echo "$pkg $ver" >"$tmp/id"
			# uname -r is the package name without "linux-image-".
			echo "${pkg#linux-image-}" >"$tmp/release"
			rm -rf "$tmp/x"
			;;
		build)
			"$KX_TOP/tools/build-kernel" "$name" "$pkg" "$ver" "$tmp" >&2
			case $? in
			0) ;;
			3) rm -rf "$tmp"; continue ;;	# not served: the next pin
			*) rm -rf "$tmp"; echo "kx_kernel: building $name from $pkg=$ver failed" >&2; return 1 ;;
			esac
			;;
		esac
		if [ -s "$tmp/vmlinux" ] && [ -s "$tmp/config" ]; then
			echo "${suite:?tests/kernels/pins: $name has no SUITE}" >"$tmp/suite"
			rm -rf "$dir" && mv "$tmp" "$dir" && echo "$dir" && return 0
		fi
		rm -rf "$tmp"
	done 3<"$KX_TOP/tests/kernels/pins"
	echo "kx_kernel: no pinned kernel '$name' is available (tried:${tried:- nothing: unknown name})" >&2
	return 1
}

# kx_build_key NAME: a short digest of what a built kernel depends on.
kx_build_key() {
	cat "$KX_TOP/tests/kernels/$1.config" "$KX_TOP/tools/build-kernel" | sha256sum | cut -c1-12
}

# kx_kconfig DIR OPTION: y, m or n: the kernel's own configuration says.
kx_kconfig() {
	local v
	v=$(sed -n "s/^$2=//p" "$1/config" | head -n1)
	echo "${v:-n}"
}

# kx_kernel_desc DIR: one line for test output: what ran.
kx_kernel_desc() {
	local pg=64K
	[ "$(kx_kconfig "$1" CONFIG_PPC_4K_PAGES)" = y ] && pg=4K
	echo "$(cat "$1/id") ($(cat "$1/release"), ${pg} pages, KEXEC_FILE=$(kx_kconfig "$1" CONFIG_KEXEC_FILE), CRASH_HOTPLUG=$(kx_kconfig "$1" CONFIG_CRASH_HOTPLUG))"
}

# The kernel the suites boot unless told otherwise (KX_KERNEL=NAME): prints
# the path of its vmlinux.  Kept for the scripts that want one kernel.
kx_ppc64el_kernel() {
	local d
	d=$(kx_kernel "${KX_KERNEL:-deb12}") || kx_die "cannot fetch the kernel ${KX_KERNEL:-deb12}"
	echo "$d/vmlinux"
}
