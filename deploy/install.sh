#!/bin/sh
# Install (or upgrade) AlphaEngine from this checkout as two systemd services on an Ubuntu server (ADR 0074).
#
#   sudo deploy/install.sh             install, or upgrade in place: run it again after `git pull`
#   deploy/install.sh --dry-run        print what it would do, change nothing (no root needed)
#
# Idempotent: the user, directories and venv are made only when missing, the secrets file is never overwritten (only
# its owner and mode are put right), an nginx site already installed is kept. It enables and starts nothing.
set -eu

PREFIX=/opt/alphaengine
SERVICE_USER=alphaengine
SYSTEMD_DIR=/etc/systemd/system
NGINX_DIR=/etc/nginx
PYTHON=python3
DRY_RUN=0
SOURCE=$(cd "$(dirname "$0")/.." && pwd)
UNITS="alphaengine-bot.service alphaengine-web.service"

usage() {
    cat <<EOF
usage: $0 [--dry-run] [--prefix DIR] [--python PYTHON] [--systemd-dir DIR] [--nginx-dir DIR]

  --dry-run          print each action instead of doing it
  --prefix DIR       where the venv, config, data and logs go (default $PREFIX)
  --python PYTHON    the Python 3.11+ that makes the venv (default $PYTHON)
  --systemd-dir DIR  where the units go (default $SYSTEMD_DIR)
  --nginx-dir DIR    nginx's configuration directory (default $NGINX_DIR)
EOF
}

die() {
    echo "install.sh: $*" >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case "$1" in
        --dry-run) DRY_RUN=1 ;;
        --prefix) [ $# -ge 2 ] || die "--prefix: give a directory"; PREFIX=$2; shift ;;
        --python) [ $# -ge 2 ] || die "--python: give a Python 3.11+ command"; PYTHON=$2; shift ;;
        --systemd-dir) [ $# -ge 2 ] || die "--systemd-dir: give a directory"; SYSTEMD_DIR=$2; shift ;;
        --nginx-dir) [ $# -ge 2 ] || die "--nginx-dir: give a directory"; NGINX_DIR=$2; shift ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "$1: unknown option" ;;
    esac
    shift
done

case "$PREFIX" in
    /*) ;;
    *) die "--prefix $PREFIX: must be an absolute path (the units name it)" ;;
esac
# The units and sed below take the prefix literally
case "$PREFIX" in
    *[!A-Za-z0-9/._-]*) die "--prefix $PREFIX: only letters, digits and / . _ - are allowed" ;;
esac

# Every change goes through run: printed in a dry run, done otherwise
run() {
    if [ "$DRY_RUN" = 1 ]; then
        echo "+ $*"
    else
        "$@"
    fi
}

# Write a shipped file with /opt/alphaengine replaced by the prefix, root-owned, mode 0644
render() {
    if [ "$DRY_RUN" = 1 ]; then
        echo "+ sed 's#/opt/alphaengine#$PREFIX#g' $1 > $2 (mode 0644)"
    else
        sed "s#/opt/alphaengine#$PREFIX#g" "$1" > "$2.tmp"
        chmod 0644 "$2.tmp"
        mv "$2.tmp" "$2"
    fi
}

if [ "$DRY_RUN" = 0 ] && [ "$(id -u)" != 0 ]; then
    die "run it as root (sudo $0), or with --dry-run to see what it does"
fi
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
    || die "--python $PYTHON: Python 3.11 or newer is needed (Ubuntu 22.04: apt install python3.11 python3.11-venv, then --python python3.11)"
[ -f "$SOURCE/pyproject.toml" ] || die "$SOURCE: not an AlphaEngine checkout (no pyproject.toml)"

echo "== user $SERVICE_USER"
if getent passwd "$SERVICE_USER" >/dev/null; then
    echo "exists"
else
    run useradd --system --user-group --home-dir "$PREFIX" --no-create-home --shell /usr/sbin/nologin "$SERVICE_USER"
fi

echo "== directories under $PREFIX"
# The code and venv belong to root: the service can run them, never change them
run install -d -m 0755 -o root -g root "$PREFIX"
for dir in config data logs; do
    run install -d -m 0750 -o "$SERVICE_USER" -g "$SERVICE_USER" "$PREFIX/$dir"
done

echo "== venv $PREFIX/venv from $SOURCE"
if [ ! -x "$PREFIX/venv/bin/python" ]; then
    run "$PYTHON" -m venv "$PREFIX/venv"
fi
run "$PREFIX/venv/bin/python" -m pip install --quiet --upgrade pip
# Not editable: the code is copied into the venv, so the checkout may live anywhere (ProtectHome hides /home)
run "$PREFIX/venv/bin/python" -m pip install --quiet --upgrade "$SOURCE"
# The same version number again after a pull: reinstall the checkout's code itself
run "$PREFIX/venv/bin/python" -m pip install --quiet --force-reinstall --no-deps "$SOURCE"

echo "== secrets $PREFIX/config/secrets.yaml"
if [ -e "$PREFIX/config/secrets.yaml" ]; then
    echo "kept (owner and mode put right)"
    run chown "$SERVICE_USER:$SERVICE_USER" "$PREFIX/config/secrets.yaml"
    run chmod 0600 "$PREFIX/config/secrets.yaml"
else
    run install -m 0600 -o "$SERVICE_USER" -g "$SERVICE_USER" "$SOURCE/config/secrets.example.yaml" \
        "$PREFIX/config/secrets.yaml"
fi

echo "== systemd units in $SYSTEMD_DIR"
for unit in $UNITS; do
    render "$SOURCE/deploy/systemd/$unit" "$SYSTEMD_DIR/$unit"
done

if [ -d "$SOURCE/deploy/nginx" ] && [ -d "$NGINX_DIR/sites-available" ]; then
    echo "== nginx site in $NGINX_DIR/sites-available (not enabled)"
    for site in "$SOURCE"/deploy/nginx/*.conf; do
        [ -f "$site" ] || continue
        name=$(basename "$site")
        if [ -e "$NGINX_DIR/sites-available/$name" ]; then
            echo "kept your $NGINX_DIR/sites-available/$name; the shipped one is $site"
        else
            render "$site" "$NGINX_DIR/sites-available/$name"
        fi
    done
fi

run systemctl daemon-reload

[ "$DRY_RUN" = 1 ] && echo "(dry run: nothing was changed)"
cat <<EOF

AlphaEngine is installed in $PREFIX. Next steps:
  1. Edit $PREFIX/config/secrets.yaml (mode, API key and secret, web.secret_key); it stays mode 0600.
  2. Check the setup:      cd $PREFIX && sudo -u $SERVICE_USER ./venv/bin/alphaengine doctor
  3. Add a dashboard user: cd $PREFIX && sudo -u $SERVICE_USER ./venv/bin/alphaengine user add NAME
  4. Start at boot and now: systemctl enable --now alphaengine-bot alphaengine-web
  5. Watch it:             systemctl status alphaengine-bot; journalctl -u alphaengine-bot -f
  After an upgrade (git pull, then this script again): systemctl restart alphaengine-bot alphaengine-web
EOF
