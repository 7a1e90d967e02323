#!/usr/bin/env bash
# Resolves the Apache Kafka broker (and the kafka-clients it depends on) from Maven Central at the
# pinned versions into .cache/kafka/<kafka version>-<hash of the pom>/lib, for the tests that run a
# real broker: a new pin gets a new folder. The pom is written at run time; nothing fetched lands
# in the repository. Prints the lib folder.
#
#   scripts/kafka-jars.sh            resolve (once per pin) and print the folder
#   scripts/kafka-jars.sh --cached   print the folder if it is complete, nothing otherwise
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Kafka 4.1 is a release the pinned Strimzi runs; bump both together
KAFKA_VERSION=4.1.1
SCALA_VERSION=2.13
# Kafka 4 logs through SLF4J 2 and Log4j 2 (kafka-clients' pom still names SLF4J 1.7, which finds
# no SLF4J 2 provider: the broker would log nothing)
SLF4J_VERSION=2.0.17
LOG4J_VERSION=2.24.3

POM="<project xmlns=\"http://maven.apache.org/POM/4.0.0\">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.platform-synth</groupId>
  <artifactId>kafka-test-broker</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_$SCALA_VERSION</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-clients</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>$SLF4J_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j2-impl</artifactId><version>$LOG4J_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>$LOG4J_VERSION</version></dependency>
  </dependencies>
</project>"
OUT="${KAFKA_CACHE:-$ROOT/.cache/kafka}/$KAFKA_VERSION-$(printf '%s' "$POM" | sha256sum | cut -c1-12)"

if [ "${1:-}" = "--cached" ]; then
  [ ! -f "$OUT/lib/.complete" ] || echo "$OUT/lib"
  exit 0
fi
if [ -f "$OUT/lib/.complete" ]; then echo "$OUT/lib"; exit 0; fi

for tool in mvn java javac; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "error: $tool is needed to resolve and run the Kafka broker of the tests: run  sudo apt-get install -y maven openjdk-17-jdk-headless" >&2
    exit 1
  }
done

mkdir -p "$OUT"
printf '%s\n' "$POM" >"$OUT/pom.xml"
echo "resolving Kafka $KAFKA_VERSION from Maven Central into $OUT/lib" >&2
rm -rf "$OUT/lib.tmp"
mvn -q -B -f "$OUT/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$OUT/lib.tmp" >&2
touch "$OUT/lib.tmp/.complete"
rm -rf "$OUT/lib" && mv "$OUT/lib.tmp" "$OUT/lib"
# resolutions of older pins are of no further use
find "$(dirname "$OUT")" -mindepth 1 -maxdepth 1 -type d ! -path "$OUT" -exec rm -rf {} +
echo "$OUT/lib"
