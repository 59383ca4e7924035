# The one way the setup scripts install Debian packages. Sourced: `apt_install WHO PACKAGE...`;
# run: `bash scripts/apt.sh WHO PACKAGE...` (scripts/debian_packages.py). It installs them when
# run as root on a machine with apt-get (one `apt-get update` per boot), else names what is
# missing and exits 2. WHO prefixes the messages.
apt_install() {
  local who="$1"
  shift
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "$who: installing Debian packages: $*"
    if [ ! -f /tmp/.strongroom-apt-updated ]; then
      apt-get update -qq && touch /tmp/.strongroom-apt-updated
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  else
    echo "$who: missing $*; install it (as root: apt-get install $*)" >&2
    exit 2
  fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  apt_install "$@"
fi
