#!/usr/bin/env bash
# Installs the Debian 12 packages Summit builds, runs and tests with.
# Skips apt entirely when everything is present (except on CI, which always
# refreshes the package lists first).
set -euo pipefail

packages=(
  g++ cmake ninja-build ccache pkg-config
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler grpc-proto
  libabsl-dev libpqxx-dev libpq-dev libssl-dev libcli11-dev libspdlog-dev
  libgtest-dev libgmock-dev clang-format
  postgresql postgresql-client tzdata
  python3 python3-grpcio python3-protobuf
  # Mail: libcurl sends SMTP; aiosmtpd is the local mail sink and the tests' SMTP
  # server; python3-icalendar reads the invitations back in the tests.
  libcurl4-openssl-dev python3-aiosmtpd python3-icalendar
  # The HTTP side of summitd: the Connect gateway and the web app; the
  # browser tests drive Debian's Chromium.
  libcpp-httplib-dev chromium
  # Operations: Prometheus metrics (prometheus-cpp), promtool to check the
  # alert rules, docker-compose and PyYAML to check the deployment files.
  prometheus-cpp-dev prometheus docker-compose python3-yaml
  # The database failover test: PostgreSQL kept available by Patroni on etcd.
  patroni etcd-server
  # Briefing package export: pandoc, WeasyPrint as its PDF engine, and fonts
  # for Cyrillic (DejaVu) and Hangul (Nanum).
  pandoc weasyprint fonts-dejavu-core fonts-nanum
  # Spreadsheet exports: libxlsxwriter writes XLSX; openpyxl reads it back
  # in the tests, cell by cell.
  libxlsxwriter-dev python3-openpyxl
  # Attachments: libmagic tells a file's type from its content
  libmagic-dev
  # summitd's allocator (services/server/CMakeLists.txt)
  libjemalloc-dev
  # The sanitizer and fuzz build (tests/sanitize/run.sh): clang with ASan,
  # UBSan and libFuzzer.
  clang libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ] && [ -z "${CI:-}" ]; then
  exit 0
fi

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
echo "Installing Debian packages: ${missing[*]:-(refresh on CI)}" >&2
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${packages[@]}"
