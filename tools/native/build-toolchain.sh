#!/usr/bin/env bash
# build-toolchain.sh — assemble a GraalVM-like home that Quarkus accepts as
# quarkus.native.graalvm-home, from what this machine can reach: a JDK 25 with JVMCI
# (Temurin), the native-image builder's jars from Maven Central, and C helpers of our own.
#
# Usage:  tools/native/build-toolchain.sh [HOME_DIR]     (default .local/native/graalvm-<svm>)
# Prints the home's path on its last line; `GRAALVM_HOME=$(tools/native/build-toolchain.sh | tail -1)`.
#
# What differs from a GraalVM distribution (see docs/native.md):
#   - bin/native-image is a small driver of our own (tools/native/driver): GraalVM's driver jar is
#     not on Maven Central. It knows the options a Quarkus build passes; any other stops the build.
#   - no static JDK libraries: lib/static/.../lib{java,nio,net,zip,...}.a are linker scripts that
#     name the JDK's shared libraries, so an executable needs lib/ beside it with those libraries
#     and the libjvm.so shim (tools/native/package-native-zip.sh copies them into function.zip).
#   - SubstrateVM's C libraries (libchelper, libjvm, libsvm_container) and their headers are ours
#     (tools/native/csrc), written against the declarations in the svm jar.
# Idempotent: a complete home is reused; FORCE=1 rebuilds it. Not part of bin/test.
#
# Knobs (environment): JDK25 (default /usr/lib/jvm/temurin-25-jdk-amd64), SVM_VERSION (25.0.2),
# MVN_OFFLINE=1 to resolve the jars from ~/.m2 only.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SVM_VERSION=${SVM_VERSION:-25.0.2}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
GRAAL_HOME=${1:-$ROOT/.local/native/graalvm-$SVM_VERSION}
STAMP="$GRAAL_HOME/.iceflow-toolchain"
# The home's linker scripts name its libraries by absolute path: a moved home is rebuilt.
STAMP_VALUE="home=$GRAAL_HOME svm=$SVM_VERSION jdk=$("$JDK25/bin/java" -XshowSettings:properties -version 2>&1 | awk '/java.runtime.version/{print $3}') sources=$(cat "$HERE"/csrc/* "$HERE"/driver/* "$0" | sha256sum | cut -c1-16)"

if [ "${FORCE:-0}" != 1 ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$STAMP_VALUE" ]; then
  echo "native toolchain up to date:"
  echo "$GRAAL_HOME"
  exit 0
fi

"$JDK25/bin/java" --list-modules | grep -q '^jdk.internal.vm.ci@' \
  || { echo "error: $JDK25 has no JVMCI module (jdk.internal.vm.ci)" >&2; exit 1; }
command -v gcc >/dev/null || { echo "error: gcc is needed (apt-get install gcc libc6-dev zlib1g-dev)" >&2; exit 1; }

echo ">> JDK copy: $JDK25 -> $GRAAL_HOME"
rm -rf "$GRAAL_HOME"
mkdir -p "$(dirname "$GRAAL_HOME")"
cp -a "$JDK25" "$GRAAL_HOME"
J="$GRAAL_HOME/bin"
SVM="$GRAAL_HOME/lib/svm"
BUILDER="$SVM/builder"
CLIB="$SVM/clibraries/linux-amd64/glibc"
SHARED="$SVM/jdk-shared"
STATIC="$GRAAL_HOME/lib/static/linux-amd64/glibc"
mkdir -p "$BUILDER/upgrade" "$BUILDER/lib" "$CLIB/include" "$SHARED" "$STATIC" "$SVM/driver"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo ">> builder jars (org.graalvm.nativeimage:svm:$SVM_VERSION and its dependencies)"
mvn -q ${MVN_OFFLINE:+-o} -f "$HERE/toolchain-pom.xml" -Dsvm.version="$SVM_VERSION" \
  dependency:copy-dependencies -DoutputDirectory="$WORK/jars"
# the JDK carries an older jdk.graal.compiler: the builder's compiler and its libraries upgrade it
for jar in "$WORK"/jars/*.jar; do
  case "$(basename "$jar")" in
    compiler-*|collections-*|word-*|truffle-compiler-*) cp "$jar" "$BUILDER/upgrade/" ;;
    *) cp "$jar" "$BUILDER/" ;;
  esac
done

echo ">> builder JVM options"
JAVA_BUILD=$("$J/java" -XshowSettings:properties -version 2>&1 | awk '/java.runtime.version/{print $3}' | sed 's/-.*//')
BUILDER_MODULES=org.graalvm.nativeimage.builder,org.graalvm.nativeimage.pointsto,org.graalvm.nativeimage.base,jdk.graal.compiler,org.graalvm.nativeimage.objectfile,org.graalvm.nativeimage.configure,org.graalvm.nativeimage.libgraal,org.graalvm.espresso.shared.svm,org.graalvm.truffle.compiler,ALL-UNNAMED
{
  echo "-XX:+UnlockExperimentalVMOptions"
  echo "-XX:+EnableJVMCI"
  echo "-XX:-UseJVMCICompiler"
  echo "-Xss10m"
  echo "-XX:MaxRAMPercentage=60"
  echo "-Djdk.internal.lambda.disableEagerInitialization=true"
  echo "-Dcom.oracle.graalvm.isaot=true"
  echo "-Djava.system.class.loader=com.oracle.svm.hosted.NativeImageSystemClassLoader"
  echo "-Dorg.graalvm.nativeimage.imagecode=buildtime"
  echo "-Djava.awt.headless=true"
  echo "-Dorg.graalvm.version=$SVM_VERSION"
  echo "-Dorg.graalvm.vendor=GraalVMCommunity"
  # what bin/native-image --version says, read back by Quarkus's image-time version check
  echo "\"-Dorg.graalvm.vendorversion=GraalVM CE $JAVA_BUILD.1\""
  echo "--enable-native-access=org.graalvm.nativeimage.builder"
  echo "--add-modules=ALL-DEFAULT"
  # a GraalVM JDK exports its internals to the builder in its module descriptors; Temurin's do
  # not, so every package of every JDK module is opened to the builder's modules
  for m in $("$J/java" --list-modules | sed 's/@.*//' | grep -vE '^(jdk.graal.compiler|jdk.hotspot.agent)'); do
    for p in $("$J/java" --describe-module "$m" | awk '$1=="exports"||$1=="contains"||$1=="opens"{print $2} $1=="qualified"{print $3}' | sort -u); do
      echo "--add-exports=$m/$p=$BUILDER_MODULES"
      echo "--add-opens=$m/$p=$BUILDER_MODULES"
    done
  done
} > "$BUILDER/builder-jvm.args"

echo ">> C headers from the svm jar's declarations"
mkdir -p "$WORK/svm"
(cd "$WORK/svm" && "$J/jar" xf "$BUILDER/svm-$SVM_VERSION.jar" \
  'com/oracle/svm/core/amd64/AMD64LibCHelper$CPUFeatures.class' \
  'com/oracle/svm/core/aarch64/AArch64LibCHelper$CPUFeatures.class' \
  'com/oracle/svm/core/riscv64/RISCV64LibCHelper$CPUFeatures.class')
cpu_header() {
  { echo "/* Generated by build-toolchain.sh from $1 (svm $SVM_VERSION): a flag per field. */"
    echo "typedef struct {"
    "$J/javap" -p -cp "$WORK/svm" "$1" | grep -oE 'boolean f[A-Za-z0-9_]+\(\)' | sed -E 's/boolean (f[A-Za-z0-9_]+)\(\)/  char \1;/'
    echo "} CPUFeatures;"; } > "$CLIB/include/$2"
}
cpu_header 'com.oracle.svm.core.amd64.AMD64LibCHelper$CPUFeatures' amd64cpufeatures.h
cpu_header 'com.oracle.svm.core.aarch64.AArch64LibCHelper$CPUFeatures' aarch64cpufeatures.h
cpu_header 'com.oracle.svm.core.riscv64.RISCV64LibCHelper$CPUFeatures' riscv64cpufeatures.h
cp "$HERE/csrc/svm_locale.h" "$CLIB/include/"

echo ">> C libraries"
CFLAGS="-O2 -Wall -fPIC -I$CLIB/include -I$GRAAL_HOME/include -I$GRAAL_HOME/include/linux"
gcc $CFLAGS -c "$HERE/csrc/chelper.c" -o "$WORK/chelper.o"
gcc $CFLAGS -c "$HERE/csrc/jvm.c" -o "$WORK/jvm.o"
gcc $CFLAGS -c "$HERE/csrc/container.c" -o "$WORK/container.o"
# the builder links a @CLibrary("libchelper") as liblibchelper.a
ar rcs "$CLIB/liblibchelper.a" "$WORK/chelper.o"
ar rcs "$CLIB/libjvm.a" "$WORK/jvm.o"
ar rcs "$CLIB/libsvm_container.a" "$WORK/container.o"
gcc $CFLAGS -shared "$HERE/csrc/reporterchelper.c" -o "$BUILDER/lib/libreporterchelper.so"

echo ">> JDK shared libraries and the libjvm.so shim they load"
# the JDK libraries SubstrateVM links as built-in (JNI_OnLoad_<name> in csrc/jvm.c for each)
JDK_LIBRARIES="java nio net zip jimage extnet prefs management_ext"
for lib in $JDK_LIBRARIES; do
  cp "$GRAAL_HOME/lib/lib$lib.so" "$SHARED/"
  echo "INPUT($SHARED/lib$lib.so)" > "$STATIC/lib$lib.a"
done
gcc $CFLAGS -c "$HERE/csrc/jdk-jvm-shim.c" -o "$WORK/shim.o"
implemented=$(nm "$WORK/shim.o" | awk '$2=="T"{print $3}')
{ echo "void iceflow_jvm_shim_unsupported(const char *name);"
  for lib in "$SHARED"/*.so; do
    nm -D --undefined-only "$lib" | awk '{print $2}' | sed 's/@.*//' | { grep -E '^(JVM_|jio_|JDK_)' || true; }
  done | sort -u | while read -r symbol; do
    grep -qx "$symbol" <<<"$implemented" || echo "void $symbol(void) { iceflow_jvm_shim_unsupported(\"$symbol\"); }"
  done; } > "$WORK/stubs.c"
echo 'SUNWprivate_1.1 { global: *; };' > "$WORK/jvm.map"
gcc $CFLAGS -shared -Wl,-soname,libjvm.so -Wl,--version-script,"$WORK/jvm.map" \
  "$WORK/shim.o" "$WORK/stubs.c" -o "$SHARED/libjvm.so" -ldl -lpthread

echo ">> bin/native-image"
"$J/javac" -d "$SVM/driver" "$HERE/driver/NativeImageDriver.java"
cat > "$J/native-image" <<'SH'
#!/usr/bin/env bash
home=$(cd "$(dirname "$0")/.." && pwd)
exec "$home/bin/java" -cp "$home/lib/svm/driver" NativeImageDriver "$@"
SH
chmod +x "$J/native-image"

echo "$STAMP_VALUE" > "$STAMP"
"$J/native-image" --version
echo "native toolchain assembled:"
echo "$GRAAL_HOME"
