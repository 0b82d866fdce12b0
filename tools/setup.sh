#!/usr/bin/env bash
# What the tests need beyond the .NET SDK and Node.js, installed from Debian when missing.
# Called by .ci/run and, through an MSBuild step of the test project, by `dotnet test` itself,
# so the README's two commands work on a fresh machine. Quick when everything is there.
#   chromium                 the GraphiQL browser test (Playwright drives Debian's chromium)
#   fonts-noto-cjk           Chinese glyphs for pages rendered in that browser
#   libreoffice-calc-nogui   the CSV round-trip test (CSV -> xlsx -> CSV keeps every cell)
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -d /usr/share/fonts/opentype/noto ] && ls /usr/share/fonts/opentype/noto/NotoSansCJK* >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "tools/setup.sh: installing ${missing[*]} (Debian packages the tests need)" >&2
sudo=()
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo=(sudo -n); else
    echo "tools/setup.sh: run as root, or install these Debian packages: ${missing[*]}" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
office=() browser=()
for p in "${missing[@]}"; do if [ "$p" = libreoffice-calc-nogui ]; then office+=("$p"); else browser+=("$p"); fi; done
[ ${#browser[@]} -eq 0 ] || "${sudo[@]}" apt-get install -y -qq "${browser[@]}" >/dev/null
# Calc alone, without the recommended desktop integration, Java and help packs.
[ ${#office[@]} -eq 0 ] || "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${office[@]}" >/dev/null
