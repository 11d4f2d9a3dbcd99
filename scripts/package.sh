#!/usr/bin/env bash
# Builds the offline release: dist/guanxi-<version>-linux-<arch>.tar.gz, one folder
# guanxi-<version>/ holding everything a machine with only Java 17 and no network needs:
#
#   guanxi                 the binary (the web page and its JavaScript are inside it)
#   neo4j-launcher/target/ the Neo4j launcher jar and every jar it needs (lib/), prebuilt:
#                          no pom.xml, so guanxi uses them as they are and never runs Maven
#   examples/ docs/        the example dataset (`./guanxi demo`) and the documentation
#   INSTALL.md guanxi.toml guanxi.service guanxi-neo4j.service
#                          everything in deploy/ (the operator's guide, the sample
#                          configuration, the systemd units)
#   README.md LICENSE*     when present
#   SHA256SUMS             of every file above (`sha256sum -c SHA256SUMS`)
#
# Usage: bash scripts/package.sh [--debug]
#   --debug (or PROFILE=debug)  package the debug build instead of the release build
#   DIST_DIR=DIR                write the tarball there instead of dist/
#   GUANXI_BIN=FILE             package this guanxi binary instead of building one
#                               (the offline test passes the binary cargo built for it)
#   STRIP=0                     keep the binary's symbols (default: strip them when
#                               `strip` is available: the debug binary goes from about
#                               380 MB to 40 MB)
#
# Needs, on the build machine: cargo, npm (build.rs), Maven + Java 17 (the launcher's jars
# are built with `mvn -B -q package` when missing or older than their sources), tar, gzip,
# sha256sum.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

profile=${PROFILE:-release}
for arg in "$@"; do
  case "$arg" in
    --debug) profile=debug ;;
    --release) profile=release ;;
    -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "package.sh: unknown argument $arg (see --help)" >&2; exit 2 ;;
  esac
done
case "$profile" in
  release|debug) ;;
  *) echo "package.sh: PROFILE must be release or debug, not $profile" >&2; exit 2 ;;
esac

# The package's own version: the first `version = "..."` of Cargo.toml's [package] table.
version=$(awk -F'"' '/^\[/{section=$0} section=="[package]" && /^version *=/{print $2; exit}' Cargo.toml)
[ -n "$version" ] || { echo "package.sh: no version in Cargo.toml's [package]" >&2; exit 1; }
name="guanxi-$version"
tarball_name="$name-linux-$(uname -m).tar.gz"
dist=${DIST_DIR:-$root/dist}

# 1. The binary.
if [ -n "${GUANXI_BIN:-}" ]; then
  binary=$GUANXI_BIN
else
  echo "== cargo build ($profile)"
  if [ "$profile" = release ]; then
    cargo build --locked --release --bin guanxi
  else
    cargo build --locked --bin guanxi
  fi
  # The target directory as cargo sees it (.cargo/config.toml or CARGO_TARGET_DIR may move it).
  target_dir=$(cargo metadata --format-version 1 --no-deps \
    | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
  binary="$target_dir/$profile/guanxi"
fi
[ -x "$binary" ] || { echo "package.sh: no guanxi binary at $binary" >&2; exit 1; }

# 2. The Neo4j launcher and its jars, built when missing or older than their sources.
launcher=neo4j-launcher
jar=$launcher/target/guanxi-neo4j-launcher.jar
if [ ! -f "$jar" ] || [ ! -d "$launcher/target/lib" ] \
  || [ -n "$(find "$launcher/pom.xml" "$launcher/src" -newer "$jar" -type f -print -quit)" ]; then
  echo "== mvn package (the Neo4j launcher; the first build downloads Neo4j from Maven Central)"
  mvn -B -q -f "$launcher/pom.xml" package -DskipTests
fi
lib_jars=$(find "$launcher/target/lib" -maxdepth 1 -name '*.jar' | wc -l)
[ "$lib_jars" -gt 0 ] || { echo "package.sh: no jars in $launcher/target/lib" >&2; exit 1; }

# 3. The folder.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage="$work/$name"
echo "== staging $name ($profile binary, $lib_jars launcher jars)"
mkdir -p "$stage/$launcher/target/lib"
cp "$binary" "$stage/guanxi"
chmod 755 "$stage/guanxi"
if [ "${STRIP:-1}" != 0 ] && command -v strip >/dev/null; then
  strip "$stage/guanxi"
fi
cp "$jar" "$stage/$jar"
cp "$launcher"/target/lib/*.jar "$stage/$launcher/target/lib/"
cp -R examples docs "$stage/"
cp -R deploy/. "$stage/"
for file in README.md LICENSE LICENSE.md LICENSE-APACHE NOTICE; do
  if [ -f "$file" ]; then cp "$file" "$stage/"; fi
done
# Relative paths, sorted, so that `sha256sum -c SHA256SUMS` in the folder checks them all.
(cd "$stage" && find . -type f ! -name SHA256SUMS -print0 | LC_ALL=C sort -z \
  | xargs -0 sha256sum > SHA256SUMS)

# 4. The tarball (owned by root in the archive, whoever built it), and its own checksum for
#    the transfer to the intranet.
mkdir -p "$dist"
tarball="$dist/$tarball_name"
tar -C "$work" --owner=0 --group=0 --numeric-owner -czf "$tarball.tmp" "$name"
mv "$tarball.tmp" "$tarball"
(cd "$dist" && sha256sum "$tarball_name" > "$tarball_name.sha256")
echo "== $tarball ($(du -h "$tarball" | cut -f1))"
