#!/usr/bin/env bash
# Fetches the real BTS flights and airports that the npm package vega-datasets ships (with npm
# pack, at run time: the data is not committed). Idempotent. Prints the data folder.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
version="${VEGA_DATASETS_VERSION:-3.2.1}"
data="$root/.local/data/vega-datasets-$version"

if [[ -f "$data/airports.csv" && -f "$data/flights-20k.json" && -f "$data/flights-3m.parquet" ]]; then
  echo "$data"
  exit 0
fi
command -v npm >/dev/null || { echo "fetch-vega: npm not found; install Node.js (npm) to fetch the flight data" >&2; exit 1; }

echo "fetch-vega: downloading vega-datasets@$version (once)" >&2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "vega-datasets@$version" >/dev/null)
mkdir -p "$data"
tar -xzf "$work"/vega-datasets-*.tgz -C "$work"
cp "$work"/package/data/{airports.csv,flights-2k.json,flights-5k.json,flights-10k.json,flights-20k.json,flights-200k.json,flights-3m.parquet,seattle-weather.csv} "$data/"
echo "$data"
