#!/bin/sh
# autogen.sh: generate ./configure from configure.ac with the autoconf this
# machine has.  configure is not kept in git (it would have to match every
# contributor's autoconf byte for byte); release tarballs (make dist) carry
# a generated one, so users of a tarball need no autoconf.
set -e
cd "$(dirname "$0")"
command -v autoconf >/dev/null 2>&1 || {
	echo "autogen.sh: autoconf is not installed (Debian: apt-get install autoconf)" >&2
	exit 1
}
autoconf "$@"
rm -rf autom4te.cache
