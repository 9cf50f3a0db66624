#!/usr/bin/env bash
# Puts Microsoft's official Web Chat browser bundle in .cache/webchat/ (run by npm ci as postinstall).
#
# The botframework-webchat package installs ~425 packages (~485 MB: React sources, the speech SDK, build
# stats) to deliver one self-contained file. This takes the package's own tarball from the npm registry
# (npm pack: no dependencies), checks it against the integrity pinned in web/webchat-bundle.json (the
# registry's sha512), and keeps only the files listed there. Nothing built is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
manifest=web/webchat-bundle.json
target=.cache/webchat
read -r pkg version integrity files < <(node -e '
  const m = require("./'"$manifest"'");
  console.log(m.package, m.version, m.integrity, m.files.join(","));
')
stamp="$target/.installed-$version"
[ -f "$stamp" ] && exit 0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarball=$(cd "$work" && npm pack --silent "$pkg@$version")
actual="sha512-$(node -e 'process.stdout.write(require("crypto").createHash("sha512").update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$work/$tarball")"
if [ "$actual" != "$integrity" ]; then
  echo "fetch-webchat: $pkg@$version does not match the integrity pinned in $manifest" >&2
  exit 1
fi
IFS=, read -r -a wanted <<< "$files"
tar -xzf "$work/$tarball" -C "$work" "${wanted[@]/#/package/}"
rm -rf "$target"
mkdir -p "$target"
for file in "${wanted[@]}"; do cp "$work/package/$file" "$target/"; done
touch "$stamp"
echo "fetch-webchat: $pkg@$version bundle in $target ($(du -sh "$target" | cut -f1))"
