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
	gcc-powerpc64le-linux-gnu gcc-powerpc64-linux-gnu libc6-dev-ppc64el-cross
	qemu-user-static qemu-system-ppc qemu-system-data device-tree-compiler
	cpio xz-utils zstd gzip python3 strace binutils-powerpc64le-linux-gnu groff-base file)

kx_host_deps() { kx_apt_install "${KX_HOST_PACKAGES[@]}"; }

# kx_ppc64el_fetch PKG... : download the newest ppc64el .debs of PKG into
# $KX_CACHE/debs (kept across runs) and print their paths.
kx_ppc64el_fetch() {
	local lists=$KX_CACHE/apt-lists debs=$KX_CACHE/debs stamp p f
	mkdir -p "$lists/partial" "$debs"
	local o=(-o APT::Architecture=ppc64el -o APT::Architectures=ppc64el
		-o Dir::State::Lists="$lists" -o Debug::NoLocking=1)
	stamp=$lists/.updated
	if [ ! -f "$stamp" ] || [ -n "$(find "$stamp" -mmin +720)" ]; then
		# The security index may fail to match; the main index is what we need.
		apt-get "${o[@]}" update >/dev/null 2>&1 || true
		touch "$stamp"
	fi
	for p in "$@"; do
		f=$(cd "$debs" && ls -t "${p}"_*_ppc64el.deb 2>/dev/null | head -n1)
		if [ -z "$f" ]; then
			(cd "$debs" && apt-get "${o[@]}" download "$p" >/dev/null 2>&1) ||
				kx_die "cannot download ppc64el package $p"
			f=$(cd "$debs" && ls -t "${p}"_*_ppc64el.deb | head -n1)
		fi
		echo "$debs/$f"
	done
}

# kx_ppc64el_extract DIR PKG... : fetch and unpack into DIR (a sysroot).
kx_ppc64el_extract() {
	local dir=$1 d; shift
	mkdir -p "$dir"
	for d in $(kx_ppc64el_fetch "$@"); do
		dpkg -x "$d" "$dir"
	done
}

# The newest Debian ppc64el kernel: prints the path of its vmlinux.
kx_ppc64el_kernel() {
	local root=$KX_CACHE/kernel meta dep vm
	meta=$(kx_ppc64el_fetch linux-image-powerpc64le)
	dep=$(dpkg-deb -f "$meta" Depends | sed -n 's/.*\(linux-image-[0-9][^ ,]*-powerpc64le\).*/\1/p')
	[ -n "$dep" ] || kx_die "cannot tell which kernel linux-image-powerpc64le depends on"
	vm=$(ls "$root/$dep"/boot/vmlinux-* 2>/dev/null | head -n1)
	if [ -z "$vm" ]; then
		kx_ppc64el_extract "$root/$dep.tmp" "$dep"
		rm -rf "$root/$dep" && mv "$root/$dep.tmp" "$root/$dep"
		vm=$(ls "$root/$dep"/boot/vmlinux-* | head -n1)
	fi
	echo "$vm"
}
