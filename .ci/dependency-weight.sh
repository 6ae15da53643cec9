#!/usr/bin/env bash
# Prints what a user's project gets on its runtime class path from one TSQ artifact (number of jars and MB),
# as the README's dependency table shows: each artifact is installed into a PRIVATE local repository (a
# hard-linked copy of ~/.m2/repository, never ~/.m2 itself) and resolved from a throwaway project outside the
# repository. Run after a build (mvn -B verify or package). Usage: .ci/dependency-weight.sh [artifact...]
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
src_repo="${TSQ_M2_REPOSITORY:-$HOME/.m2/repository}"
work="$(mktemp -d /tmp/tsq-weight.XXXXXX)"
trap 'rm -rf "$work"' EXIT
repo="$work/m2"
version="$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' pom.xml | head -n1)"
mkdir -p "$repo"
(cd "$src_repo" && find . -mindepth 1 -maxdepth 1 -print0 | xargs -0 -I{} cp -al {} "$repo/" 2>/dev/null) \
  || cp -a "$src_repo/." "$repo/"
rm -rf "$repo/dev/tsq"
mvn -B -q -Dmaven.repo.local="$repo" -f "$root/pom.xml" install -DskipTests -Djapicmp.skip=true \
  -Dmaven.source.skip=true -pl tsq-bom,tsq-client,tsq-server,tsq-natives-all,tsq-micrometer -am >"$work/install.log" 2>&1 \
  || { cat "$work/install.log"; exit 1; }
[ "$#" -gt 0 ] || set -- tsq-client tsq-server "tsq-client+natives:linux-x86_64" "tsq-server+bcpkix"
printf '%-36s %5s %9s\n' "what a project depends on" jars MB
for spec in "$@"; do
  art="${spec%%+*}"; extra=""
  case "$spec" in
    *+natives:*) c="${spec##*natives:}"
      extra="<dependency><groupId>io.netty</groupId><artifactId>netty-codec-native-quic</artifactId><version>4.2.18.Final</version><classifier>$c</classifier></dependency>
<dependency><groupId>io.netty</groupId><artifactId>netty-transport-native-epoll</artifactId><version>4.2.18.Final</version><classifier>$c</classifier></dependency>" ;;
    *+bcpkix) extra="<dependency><groupId>org.bouncycastle</groupId><artifactId>bcpkix-jdk18on</artifactId><version>1.87</version></dependency>" ;;
  esac
  p="$work/p-$RANDOM"; mkdir -p "$p"
  cat >"$p/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>com.example</groupId><artifactId>weight</artifactId><version>1</version>
<dependencies><dependency><groupId>dev.tsq</groupId><artifactId>$art</artifactId><version>$version</version></dependency>
$extra</dependencies>
<build><plugins><plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId>
<version>3.8.1</version></plugin></plugins></build></project>
POM
  (cd "$p" && mvn -B -q -Dmaven.repo.local="$repo" dependency:copy-dependencies -DincludeScope=runtime \
      -DoutputDirectory="$p/lib" >"$p/log" 2>&1) || { cat "$p/log"; exit 1; }
  n="$(ls "$p/lib" | wc -l)"
  bytes="$(du -cb "$p/lib"/*.jar | tail -n1 | cut -f1)"
  printf '%-36s %5d %9.2f\n' "$spec" "$n" "$(echo "$bytes" | awk '{printf "%.2f", $1/1e6}')"
done
