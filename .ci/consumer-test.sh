#!/usr/bin/env bash
# The "Done when" install test of issue 11: a fresh project OUTSIDE this repository (.ci/consumer, copied to a
# temporary folder) imports the installed tsq-bom, depends on tsq-client (and tsq-server for a loopback server to
# query), and
#   1. without QUIC natives: TsqClient.build() fails with a TsqException naming the platform and the dependency;
#   2. with dev.tsq:tsq-natives-all: loads a PEM chain + PKCS#8 key with the JDK alone (no BouncyCastle on its
#      class path; self-signed generation is refused naming bcpkix) and gets one answer from a loopback server.
# TSQ is installed into a PRIVATE local repository (a hard-linked copy of ~/.m2/repository), never into ~/.m2.
# Run after `mvn -B verify` (it reuses the built jars). Loopback only; it never touches the clock.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
src_repo="${TSQ_M2_REPOSITORY:-$HOME/.m2/repository}"
work="$(mktemp -d /tmp/tsq-consumer.XXXXXX)"
trap 'rm -rf "$work"' EXIT
repo="$work/m2"
version="$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' pom.xml | head -n1)"
[ -n "$version" ] || { echo "consumer-test: cannot read the project version from pom.xml" >&2; exit 1; }

# A private local repository seeded with what the reactor build already downloaded (hard links: instant, no
# space; Maven adds new files and does not rewrite artifacts). Nothing of TSQ's own is copied.
mkdir -p "$repo"
if [ -d "$src_repo" ]; then
  (cd "$src_repo" && find . -mindepth 1 -maxdepth 1 -print0 | xargs -0 -I{} cp -al {} "$repo/" 2>/dev/null) \
    || cp -a "$src_repo/." "$repo/"
  rm -rf "$repo/dev/tsq"
fi
mvnq() { mvn -B -q -Dmaven.repo.local="$repo" "$@"; }

echo "consumer-test: installing TSQ $version into a private repository"
mvnq -f "$root/pom.xml" install -pl tsq-bom,tsq-client,tsq-server,tsq-natives-all -am \
  -DskipTests -Djapicmp.skip=true -Dmaven.source.skip=true >"$work/install.log" 2>&1 \
  || { cat "$work/install.log"; echo "consumer-test: FAILED to install TSQ" >&2; exit 1; }

app="$work/consumer"
cp -r "$root/.ci/consumer" "$app"
sed -i "s/@TSQ_VERSION@/$version/" "$app/pom.xml"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
grep -q "BEGIN PRIVATE KEY" "$work/key.pem"   # PKCS#8, which the JDK reads alone

fail=0
run() { # profile-args... -- mode expected-text...
  local args=() mode
  while [ "$1" != "--" ]; do args+=("$1"); shift; done
  shift; mode="$1"; shift
  (cd "$app" && mvnq "${args[@]}" compile dependency:build-classpath -Dmdep.includeScope=runtime \
      -Dmdep.outputFile="$work/cp-$mode.txt" >"$work/build-$mode.log" 2>&1) \
    || { cat "$work/build-$mode.log"; echo "consumer-test: FAILED to build the consumer ($mode)"; fail=1; return; }
  if tr ':' '\n' <"$work/cp-$mode.txt" | grep -q bouncycastle; then
    echo "consumer-test: FAILED: BouncyCastle is on the consumer's class path: $(cat "$work/cp-$mode.txt")"; fail=1
  fi
  local out
  if ! out="$(cd "$app" && timeout 120 java -cp "target/classes:$(cat "$work/cp-$mode.txt")" consumer.Consumer \
      "$mode" "$work/cert.pem" "$work/key.pem" 2>"$work/run-$mode.err")"; then
    echo "$out"; cat "$work/run-$mode.err"; echo "consumer-test: FAILED ($mode exited non-zero)"; fail=1; return
  fi
  echo "$out" | sed 's/^/  /'
  for want in "$@"; do
    if ! grep -qF -- "$want" <<<"$out"; then
      echo "consumer-test: FAILED ($mode): expected \"$want\" in the output"; fail=1
    fi
  done
}

here="$(uname -s | tr 'A-Z' 'a-z')"
case "$(uname -m)" in x86_64|amd64) arch=x86_64 ;; aarch64|arm64) arch=aarch_64 ;; *) arch="$(uname -m)" ;; esac
[ "$here" = darwin ] && here=osx
echo "consumer-test: tsq-bom + tsq-client without natives"
run -- no-natives "natives missing: QUIC is not available on this platform, $here-$arch" \
  "io.netty:netty-codec-native-quic:" ":$here-$arch" "dev.tsq:tsq-natives-all:$version (type pom)"
echo "consumer-test: tsq-bom + tsq-client + tsq-natives-all, querying a loopback server"
run -Pnatives -- query "self-signed without BouncyCastle: self-signed certificate generation" \
  "org.bouncycastle:bcpkix-jdk18on" "answered: offset "

if [ "$fail" = 0 ]; then
  echo "consumer-test: 2 passed, 0 failed"
else
  echo "consumer-test: FAILED"
  exit 1
fi
