#!/usr/bin/env bash
# add-jdk-libraries.sh FUNCTION_ZIP — when the native executable in FUNCTION_ZIP was linked by the
# self-assembled toolchain (build-toolchain.sh), add the JDK shared libraries it loads from lib/
# beside bootstrap. An executable from a GraalVM/Mandrel distribution links them statically: the
# zip is left as it is.
set -euo pipefail
zip=${1:?usage: $0 FUNCTION_ZIP}
home=${GRAALVM_HOME:-${QUARKUS_NATIVE_GRAALVM_HOME:-}}
shared="$home/lib/svm/jdk-shared"
if [ -z "$home" ] || [ ! -d "$shared" ]; then
  echo "add-jdk-libraries: $zip keeps its own (no self-assembled toolchain in GRAALVM_HOME)"
  exit 0
fi
python3 - "$zip" "$shared" <<'PY'
import os, sys, zipfile
zip_path, shared = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(zip_path, "a", zipfile.ZIP_DEFLATED) as z:
    present = set(z.namelist())
    for name in sorted(os.listdir(shared)):
        entry = "lib/" + name
        if entry not in present:
            info = zipfile.ZipInfo(entry)
            info.external_attr = 0o755 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(os.path.join(shared, name), "rb") as f:
                z.writestr(info, f.read())
print("add-jdk-libraries: added lib/ from", shared, "to", zip_path)
PY
