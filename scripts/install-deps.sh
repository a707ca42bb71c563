#!/usr/bin/env bash
# Installs the Debian 12 packages sitrep builds and tests with; does nothing when all are there.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libpoco-dev libspdlog-dev libxlsxwriter-dev libhpdf-dev doctest-dev
  libhowardhinnant-date-dev libssl-dev libsqlite3-dev tzdata fonts-dejavu-core
  # Linked directly too (workbooks' XML, deflated texts), not only through Poco.
  libexpat1-dev zlib1g-dev
  # Real components the tests use: PDF text extraction and checks, an xlsx reader, SMTP server.
  poppler-utils qpdf python3-openpyxl python3-aiosmtpd sqlite3
  # The annex read back by its readers' tools: LibreOffice without a display, and pandas.
  libreoffice-calc-nogui python3-pandas
  # Apache PDFBox's PDF/A-1b validator (preflight.jar is in libpdfbox2-java); on Java 17 it
  # needs the JavaBeans Activation and JAXB APIs, which Java no longer ships.
  default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java
  # systemd-analyze checks the units in deploy/systemd (offline: systemd need not be running).
  systemd
  # A real PostgreSQL for the shared-database tests (scripts/pg-test-server.sh), and libpq.
  postgresql-15 libpq-dev
  # The benchmarks measure with these (valgrind: instructions a run executes, bench/run_cost.sh).
  time bc valgrind
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
