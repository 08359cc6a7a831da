#!/usr/bin/env bash
# build-toolchain.sh — build OpenTofu and the AWS provider from the Go module
# proxy only (no registry.terraform.io / GitHub releases needed) and lay the
# provider out as a filesystem provider mirror usable offline by
# `tofu init` / `terraform init`.
#
# Usage:  build-toolchain.sh TARGET_DIR
#   e.g.  build-toolchain.sh "$PROJECT/.local/tofu"
#
# Result (TARGET_DIR):
#   bin/tofu                                   OpenTofu CLI
#   bin/terraform-provider-aws                 the provider binary
#   plugins/registry.opentofu.org/hashicorp/aws/<V>/linux_amd64/terraform-provider-aws_v<V>
#   plugins/registry.terraform.io/hashicorp/aws/<V>/linux_amd64/terraform-provider-aws_v<V>
#   cli.tfrc                                   CLI config (filesystem_mirror + direct exclude)
#   env.sh                                     `source` it: PATH + TF_CLI_CONFIG_FILE
#   go/                                        GOPATH / GOMODCACHE / GOCACHE (private)
#
# Idempotent: each step is skipped when its output exists and its stamp file
# records the same inputs. Re-run with FORCE=1 to rebuild everything.
#
# Knobs (environment):
#   TOFU_MODULE_VERSION   default v1.12.6
#   AWS_MODULE_VERSION    default v1.60.1-0.20260602190131-5f2286d6d836
#                         (= terraform-provider-aws main @ 5f2286d6d836, 2026-06-02,
#                          i.e. v6.47.0 + unreleased commits; the proxy serves no
#                          v6.x tag because the module path has no /v6 suffix)
#   AWS_PROVIDER_VERSION  version label used in the mirror; default: the
#                         source's version/VERSION file (6.47.1 for the default)
#   GO                    go binary (default: go on PATH, else /usr/local/go/bin/go)
#   BUILD_P               go build -p (default 2); GOMAXPROCS defaults to 2
#   NICE                  nice level for builds (default 19)
#   GOMEMLIMIT            soft memory limit for compiler/linker (default 6GiB; soft only:
#                         the provider link still peaks at ~9.3 GiB RSS)
#   GO_DIR                GOPATH/GOMODCACHE/GOCACHE root (default TARGET/go); point it at
#                         an existing one to reuse its module and build caches
#   CLEAN=1               afterwards delete GO_DIR (~12 GiB: 2.6 GiB modules + 9.3 GiB build
#                         cache) and TARGET/src; a later run then rebuilds from scratch
#   SMOKE=0               skip the final offline `tofu init` + `tofu validate` smoke test
set -euo pipefail

TARGET=${1:?usage: $0 TARGET_DIR}
mkdir -p "$TARGET"
TARGET=$(cd "$TARGET" && pwd)

TOFU_MODULE=github.com/opentofu/opentofu
TOFU_MODULE_VERSION=${TOFU_MODULE_VERSION:-v1.12.6}
AWS_MODULE=github.com/hashicorp/terraform-provider-aws
AWS_MODULE_VERSION=${AWS_MODULE_VERSION:-v1.60.1-0.20260602190131-5f2286d6d836}
BUILD_P=${BUILD_P:-2}
NICE=${NICE:-19}
FORCE=${FORCE:-0}

GO=${GO:-$(command -v go || echo /usr/local/go/bin/go)}
[ -x "$GO" ] || { echo "error: no go binary (set GO=...)" >&2; exit 1; }

GO_DIR=${GO_DIR:-$TARGET/go}
export GOPATH="$GO_DIR"
export GOMODCACHE="$GO_DIR/pkg/mod"
export GOCACHE="$GO_DIR/cache"
export GOMAXPROCS=${GOMAXPROCS:-2}
export GOMEMLIMIT=${GOMEMLIMIT:-6GiB}
export CGO_ENABLED=0
export GOTOOLCHAIN=local          # never try to download another Go toolchain
export GOFLAGS=-buildvcs=false
# GOPROXY / GOSUMDB: whatever `go env` says (default proxy.golang.org + sum.golang.org)

BIN="$TARGET/bin"; SRC="$TARGET/src"; PLUGINS="$TARGET/plugins"
mkdir -p "$BIN" "$SRC" "$PLUGINS"

TOTAL_START=$SECONDS
step() { STEP_NAME=$1; STEP_START=$SECONDS; echo "==> $1"; }
done_step() { echo "    done: $STEP_NAME in $((SECONDS-STEP_START))s"; }

# fetch MODULE@VERSION source from the proxy into $SRC/NAME (writable copy); echoes dir
fetch_src() {
  local mod=$1 ver=$2 name=$3 dir json
  dir="$SRC/$name"
  if [ -f "$dir/.fetched" ] && [ "$(cat "$dir/.fetched")" = "$mod@$ver" ]; then
    echo "$dir"; return
  fi
  json=$("$GO" mod download -json "$mod@$ver")
  local cache_dir
  cache_dir=$(printf '%s\n' "$json" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  if [ -z "$cache_dir" ] || [ ! -d "$cache_dir" ]; then
    echo "error: go mod download $mod@$ver failed:" >&2; printf '%s\n' "$json" >&2; exit 1
  fi
  rm -rf "$dir"; cp -r "$cache_dir" "$dir"; chmod -R u+w "$dir"
  echo "$mod@$ver" > "$dir/.fetched"
  echo "$dir"
}

"$GO" version

# ---------------------------------------------------------------- OpenTofu
TOFU_LDFLAGS="-s -w -X 'github.com/opentofu/opentofu/version.dev=no'"
TOFU_STAMP="$TOFU_MODULE@$TOFU_MODULE_VERSION $TOFU_LDFLAGS $("$GO" env GOVERSION)"
if [ "$FORCE" != 1 ] && [ -x "$BIN/tofu" ] && [ "$(cat "$BIN/.tofu.stamp" 2>/dev/null)" = "$TOFU_STAMP" ]; then
  echo "==> tofu up to date ($TOFU_MODULE_VERSION)"
else
  step "fetch $TOFU_MODULE@$TOFU_MODULE_VERSION"
  TOFU_SRC=$(fetch_src "$TOFU_MODULE" "$TOFU_MODULE_VERSION" opentofu)
  done_step
  # go install mod@version refuses it: its go.mod has a replace directive
  # (hashicorp/hcl/v2 => opentofu/hcl/v2), so build inside the module.
  step "build tofu"
  (cd "$TOFU_SRC" && nice -n "$NICE" "$GO" build -p "$BUILD_P" -mod=readonly -trimpath \
      -ldflags "$TOFU_LDFLAGS" -o "$BIN/tofu.tmp" ./cmd/tofu)
  mv -f "$BIN/tofu.tmp" "$BIN/tofu"
  echo "$TOFU_STAMP" > "$BIN/.tofu.stamp"
  done_step
fi

# ------------------------------------------------------------ AWS provider
step "fetch $AWS_MODULE@$AWS_MODULE_VERSION"
AWS_SRC=$(fetch_src "$AWS_MODULE" "$AWS_MODULE_VERSION" terraform-provider-aws)
done_step
AWS_PROVIDER_VERSION=${AWS_PROVIDER_VERSION:-$(tr -d ' \n' < "$AWS_SRC/version/VERSION")}
AWS_LDFLAGS="-s -w -X github.com/hashicorp/terraform-provider-aws/version.ProviderVersion=$AWS_PROVIDER_VERSION"
AWS_STAMP="$AWS_MODULE@$AWS_MODULE_VERSION $AWS_LDFLAGS $("$GO" env GOVERSION)"
if [ "$FORCE" != 1 ] && [ -x "$BIN/terraform-provider-aws" ] && [ "$(cat "$BIN/.aws.stamp" 2>/dev/null)" = "$AWS_STAMP" ]; then
  echo "==> terraform-provider-aws up to date ($AWS_PROVIDER_VERSION from $AWS_MODULE_VERSION)"
else
  step "build terraform-provider-aws $AWS_PROVIDER_VERSION (long: ~50 min on 2 shared cores; the final link peaks ~9 GiB RSS)"
  (cd "$AWS_SRC" && nice -n "$NICE" "$GO" build -p "$BUILD_P" -mod=readonly -trimpath \
      -ldflags "$AWS_LDFLAGS" -o "$BIN/terraform-provider-aws.tmp" .)
  mv -f "$BIN/terraform-provider-aws.tmp" "$BIN/terraform-provider-aws"
  echo "$AWS_STAMP" > "$BIN/.aws.stamp"
  done_step
fi

# ------------------------------------------------------------------ mirror
step "lay out filesystem mirror in $PLUGINS"
for host in registry.opentofu.org registry.terraform.io; do
  d="$PLUGINS/$host/hashicorp/aws/$AWS_PROVIDER_VERSION/linux_amd64"
  f="$d/terraform-provider-aws_v$AWS_PROVIDER_VERSION"
  mkdir -p "$d"
  if ! [ "$f" -ef "$BIN/terraform-provider-aws" ]; then
    rm -f "$f"
    ln "$BIN/terraform-provider-aws" "$f" 2>/dev/null || cp "$BIN/terraform-provider-aws" "$f"
  fi
done
# drop mirror entries of other versions so init can't pick a stale one
for host in registry.opentofu.org registry.terraform.io; do
  for v in "$PLUGINS/$host/hashicorp/aws"/*; do
    [ "$(basename "$v")" = "$AWS_PROVIDER_VERSION" ] || rm -rf "$v"
  done
done

cat > "$TARGET/cli.tfrc" <<EOF
# CLI config for tofu and terraform: the AWS provider comes from the local
# mirror only; every other provider would still go to its registry.
provider_installation {
  filesystem_mirror {
    path    = "$PLUGINS"
    include = ["registry.opentofu.org/hashicorp/aws", "registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.opentofu.org/hashicorp/aws", "registry.terraform.io/hashicorp/aws"]
  }
}
EOF
cat > "$TARGET/env.sh" <<EOF
# source me: puts tofu on PATH and points tofu/terraform at the local mirror
export PATH="$BIN:\$PATH"
export TF_CLI_CONFIG_FILE="$TARGET/cli.tfrc"
EOF
done_step

if [ "${SMOKE:-1}" = 1 ]; then
  step "smoke test: tofu init -backend=false + validate, offline"
  SMOKE_DIR=$(mktemp -d)
  cat > "$SMOKE_DIR/main.tf" <<'EOF'
terraform {
  backend "s3" {
    bucket = "smoke"
    key    = "smoke.tfstate"
    region = "us-east-1"
  }
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 6.0" }
  }
}
provider "aws" { region = "us-east-1" }
resource "aws_sqs_queue" "q" { name = "smoke" }
resource "aws_s3_bucket" "b" { bucket = "smoke" }
EOF
  (cd "$SMOKE_DIR" && TF_CLI_CONFIG_FILE="$TARGET/cli.tfrc" "$BIN/tofu" init -input=false -no-color -backend=false >/dev/null \
     && TF_CLI_CONFIG_FILE="$TARGET/cli.tfrc" "$BIN/tofu" validate -no-color)
  rm -rf "$SMOKE_DIR"
  done_step
fi

if [ "${CLEAN:-0}" = 1 ]; then
  step "clean Go caches and sources"
  chmod -R u+w "$GO_DIR" 2>/dev/null || true
  rm -rf "$GO_DIR" "$SRC"
  done_step
fi

echo
echo "tofu:     $(TF_CLI_CONFIG_FILE="$TARGET/cli.tfrc" "$BIN/tofu" version 2>/dev/null | head -1)  ($(du -h "$BIN/tofu" | cut -f1))"
echo "provider: hashicorp/aws $AWS_PROVIDER_VERSION from $AWS_MODULE@$AWS_MODULE_VERSION ($(du -h "$BIN/terraform-provider-aws" | cut -f1))"
echo "mirror:   $PLUGINS"
echo "use:      source $TARGET/env.sh && tofu init && tofu validate"
echo "   or:    tofu init -plugin-dir=$PLUGINS"
echo "total: $((SECONDS-TOTAL_START))s"
