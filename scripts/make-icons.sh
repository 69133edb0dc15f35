#!/usr/bin/env bash
# Regenerates the app icons in resources/ (committed) from resources/icon.svg, with Debian's
# librsvg2-bin, imagemagick and icnsutils. Run it after changing the SVG; packaging only reads
# the results (icon.icns for macOS, icon.ico for Windows, icons/ for Linux).
set -euo pipefail
cd "$(dirname "$0")/.."

need() {
  command -v "$1" >/dev/null || {
    echo "make-icons: $1 is missing; install it with: sudo apt-get install -y $2" >&2
    exit 1
  }
}
need rsvg-convert librsvg2-bin
need convert imagemagick
need png2icns icnsutils

mkdir -p resources/icons
for size in 16 32 48 64 128 256 512 1024; do
  rsvg-convert -w "$size" -h "$size" resources/icon.svg -o "resources/icons/${size}x${size}.png"
done
cp resources/icons/512x512.png resources/icon.png
convert resources/icons/{16x16,32x32,48x48,64x64,128x128,256x256}.png resources/icon.ico
png2icns resources/icon.icns resources/icons/{16x16,32x32,128x128,256x256,512x512,1024x1024}.png >/dev/null
echo "make-icons: resources/ updated"
