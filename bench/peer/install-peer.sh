#!/usr/bin/env bash
# Installs the Debian 12 packages of the benchmark's pandas + ReportLab peer (bench/peer/).
# Not needed to build or test sitrep.
set -euo pipefail
packages=(python3-pandas python3-openpyxl python3-reportlab python3-renderpm fonts-dejavu-core bc)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
