#!/usr/bin/env bash
# The README's first command (`npm ci && npm run tp -- demo`) on a machine that has only
# what a new one of this kind ships: a minimal Debian root (debootstrap) holding Node and
# npm, git, python3, make and g++ for node-gyp, and nothing else. Packages that CI or a
# developer installed by hand on this machine (libsecret-1-dev, ffmpeg, …) cannot help in
# there, so keytar's native build really fails and the demo must still render.
#
# Usage: bash tests/fresh-machine/first-command.sh [REPO]   (root; REPO defaults to this
# checkout; its committed HEAD is cloned, as a creator would get it). Needs debootstrap.
set -euo pipefail
repo="$(cd "${1:-$(dirname "$0")/../..}" && pwd)"
[ "$(id -u)" -eq 0 ] || { echo "first-command.sh needs root (debootstrap and chroot)." >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "first-command.sh needs debootstrap (apt-get install debootstrap)." >&2; exit 2; }

work="$(mktemp -d /var/tmp/tp-fresh.XXXXXX)"
root="$work/root"
cleanup() {
  for m in "$root/dev" "$root/proc"; do mountpoint -q "$m" 2>/dev/null && umount -l "$m"; done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT

# The same Debian release and mirror this machine's apt uses, read from its own sources.
suite="$(. /etc/os-release && echo "$VERSION_CODENAME")"
mirror="$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)"
[ -n "$mirror" ] || mirror="$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)"
[ -n "$mirror" ] || { echo "No Debian mirror found in this machine's apt sources." >&2; exit 2; }

echo "fresh machine: debootstrap $suite (minbase + git, python3, make, g++)…"
debootstrap --variant=minbase --include=ca-certificates,git,python3,make,g++ "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -n 40 "$work/debootstrap.log" >&2; exit 1; }

# Node and npm as a new machine of this kind has them (the binary, npm, Node's headers for
# node-gyp, and npm's global config).
node_bin="$(command -v node)"
npm_dir="$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)"
node_prefix="$(cd "$(dirname "$node_bin")/.." && pwd)"
install -D -m 0755 "$node_bin" "$root/usr/bin/node"
mkdir -p "$root/usr/lib/node_modules"
cp -a "$npm_dir" "$root/usr/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/bin/npx"
[ -d "$node_prefix/include/node" ] && mkdir -p "$root/usr/include" && cp -a "$node_prefix/include/node" "$root/usr/include/node"
global_npmrc="$(npm config get globalconfig 2>/dev/null || true)"
if [ -n "$global_npmrc" ] && [ -f "$global_npmrc" ]; then install -D -m 0644 "$global_npmrc" "$root$global_npmrc"; fi
[ -f "$HOME/.npmrc" ] && install -D -m 0600 "$HOME/.npmrc" "$root/root/.npmrc"
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
# The same certificate authorities this machine trusts (the npm config names this bundle).
cp -L /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"

for missing in ffmpeg ffprobe pkg-config; do
  if chroot "$root" sh -c "command -v $missing" >/dev/null 2>&1; then echo "fresh machine unexpectedly has $missing" >&2; exit 1; fi
done

git clone --quiet "$repo" "$root/home/creator/talkingphoto"
echo "fresh machine: npm ci && npm run tp -- demo"
set +e
chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 CI=true \
  sh -c 'cd /home/creator/talkingphoto && npm ci --no-audit --no-fund && npm run tp -- demo' >"$work/first-command.log" 2>&1
status=$?
set -e
tail -n 25 "$work/first-command.log"
[ "$status" -eq 0 ] || { echo "fresh machine: the README's first command failed (exit $status)." >&2; exit 1; }

out="$root/home/creator/talkingphoto/demo-output"
size="$(stat -c %s "$out/video.mp4" 2>/dev/null || echo 0)"
[ "$size" -gt 100000 ] || { echo "fresh machine: demo-output/video.mp4 is missing or tiny ($size bytes)." >&2; exit 1; }
[ -f "$out/kit/manifest.json" ] || { echo "fresh machine: the demo wrote no export kit." >&2; exit 1; }
[ ! -e "$root/home/creator/talkingphoto/node_modules/keytar/build/Release/keytar.node" ] \
  || { echo "fresh machine: keytar built, so this run did not prove the app works without it." >&2; exit 1; }
echo "fresh machine: the README's first command rendered demo-output/video.mp4 ($size bytes) without keytar or a system ffmpeg."
