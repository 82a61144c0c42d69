# shellcheck shell=bash
# Helpers for test suites.  A suite prints one line per check, "ok - NAME" or
# "not ok - NAME: why", and tests/run-all counts them.  Suites get:
#   KX_TOP             the source tree
#   KX_OUT             a scratch directory of their own (under out/)
#   KX_HOST_KEXEC      kexec built for this host (AddressSanitizer + UBSan)
#   KX_PPC64LE_KEXEC   static ppc64le kexec (qemu-user, guests)
#   KX_CACHE           downloads kept between runs

kx_ok() { echo "ok - $*"; }
kx_not_ok() { echo "not ok - $*"; }

# kx_check NAME CMD...: ok if CMD succeeds.
kx_check() {
	local name=$1; shift
	if "$@"; then kx_ok "$name"; else kx_not_ok "$name"; fi
}

# In CI a missing tool is a failure, never a skip: the test command installs it.
kx_require() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null && continue
		kx_not_ok "required tool $t is missing"
		return 1
	done
}
