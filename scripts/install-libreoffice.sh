#!/bin/sh
# Install LibreOffice Writer + Calc (headless, 25.x) from Debian bookworm-backports, with
# Excel-metric fonts and poppler (pdftotext/pdftoppm), for the letter and formula tests.
# Idempotent: re-running adds nothing when everything is already there. Run as root.
set -eu

SOURCE=/etc/apt/sources.list.d/bookworm-backports.sources
PACKAGES_BP="libreoffice-writer-nogui libreoffice-calc-nogui"
PACKAGES="fonts-crosextra-carlito fonts-liberation2 poppler-utils"

installed() {
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || return 1
    done
}

if installed $PACKAGES_BP $PACKAGES && command -v soffice >/dev/null; then
    echo "LibreOffice already installed: $(soffice --version 2>/dev/null | head -n 1)"
    exit 0
fi

if [ ! -f "$SOURCE" ]; then
    # Same mirror and key as the machine's main Debian source (first non-security URI).
    uri=$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null \
          | grep -v security | head -n 1 | sed 's/^URIs:[[:space:]]*//')
    key=$(grep -h '^Signed-By:' /etc/apt/sources.list.d/*.sources 2>/dev/null \
          | head -n 1 | sed 's/^Signed-By:[[:space:]]*//')
    [ -n "$uri" ] || uri=http://deb.debian.org/debian
    [ -n "$key" ] || key=/usr/share/keyrings/debian-archive-keyring.gpg
    cat > "$SOURCE" <<SRC
Types: deb
URIs: $uri
Suites: bookworm-backports
Components: main
Signed-By: $key
SRC
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends -t bookworm-backports $PACKAGES_BP
apt-get install -y -qq --no-install-recommends $PACKAGES
soffice --version | head -n 1
