#!/usr/bin/env bash
# Install the Debian packages Vartio needs, only those missing; safe to run again and again.
set -euo pipefail

PACKAGES=(
  # Python venv on a bare Debian (where python3 comes from the distribution)
  python3-venv
  # PostgreSQL server binaries: the test suite starts a throwaway cluster
  postgresql
  # WeasyPrint's native libraries and the fonts the forms use
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
  # Chinese on screen (the language picker) and in documents
  fonts-noto-cjk
  # pdftoppm: tests rasterise badges to check the QR code
  poppler-utils
  # CUPS: lp/lpstat for printing badges; cupsd, lpadmin and pdftopdf for the tests' private
  # scheduler. Without systemd the postinst starts no system cupsd (invoke-rc.d finds no
  # runlevel); where one runs it does not matter, the tests use their own socket.
  cups-client cups-daemon cups-filters-core-drivers
  # Qt (PySide6 wheels) runtime, offscreen and on X11
  libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0 libxcb-shape0
  libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libxcb-xkb1
  # zbar for pyzbar: only `make bench` uses it, to compare QR decoding speed with zxing-cpp
  libzbar0
  # a virtual display for running the kiosk without a screen
  xvfb xauth
  make
)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not a Debian-like system; install the equivalents of: ${PACKAGES[*]}" >&2
  exit 0
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" != "install ok installed" ]; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
