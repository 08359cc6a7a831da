#!/usr/bin/env python3
"""Writes a native image's reflection configuration for every class of the given jars.

Jackson binds the contracts (topology, data contracts, message payloads) and the common code's
records by reflection; on the JVM that needs nothing, in a native image every such class must be
registered. Registering the project's own jars whole keeps the list right as records are added.
Usage: reflect-config.py <out.json> <jar>...   (the validation native build's list is committed;
regenerate it after adding packages: see docs/native.md)
"""
import json
import sys
import zipfile


def classes(jar):
    with zipfile.ZipFile(jar) as z:
        for name in z.namelist():
            if name.endswith(".class") and not name.endswith(("module-info.class", "package-info.class")):
                yield name[: -len(".class")].replace("/", ".")


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    entries = [
        {
            "name": name,
            "allDeclaredConstructors": True,
            "allDeclaredMethods": True,
            "allDeclaredFields": True,
            "allPublicConstructors": True,
            "allPublicMethods": True,
            "allPublicFields": True,
        }
        for jar in argv[2:]
        for name in sorted(classes(jar))
    ]
    with open(argv[1], "w") as out:
        json.dump(entries, out, indent=1)
        out.write("\n")
    print(f"{argv[1]}: {len(entries)} classes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
