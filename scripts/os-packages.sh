#!/usr/bin/env bash
# Install the Debian packages medarb needs that this machine lacks. Idempotent.
#   scripts/os-packages.sh run    what `make run` needs
#   scripts/os-packages.sh test   plus what the test suite needs (browser, PostgreSQL)
set -euo pipefail

run_packages=(
  python3-venv python3-dev gcc make
  fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b
  poppler-utils gettext libgl1 libglib2.0-0
  xorriso nginx libnginx-mod-rtmp ffmpeg
  janus janus-tools
)
test_packages=(chromium postgresql)

wanted=("${run_packages[@]}")
[ "${1:-run}" = "test" ] && wanted+=("${test_packages[@]}")

missing=()
# Node.js may come from elsewhere than Debian (its npm then conflicts with Debian's): ask for
# Debian's only when there is no npm at all.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "Installing Debian packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts a system-wide Janus on install (HTTP on 8088, the live port of medarb's
# nginx-rtmp); medarb runs its own (manage.py run_meetings), so the system one is stopped.
if printf '%s\n' "${missing[@]}" | grep -qx janus && [ -d /run/systemd/system ]; then
  $sudo systemctl disable --now janus.service >/dev/null 2>&1 || true
fi
