#!/usr/bin/env bash
# Vendors the NL Design System's CSS components, @utrecht/component-library-css (EUPL-1.2), into
# static/vendor/utrecht-component-library-css-<version>/: only its built stylesheet (dist/index.css) and
# its licence (LICENSE.md), plus a README saying where they came from. No CDN, no node_modules at run time.
#
#   bash static/vendor/update-utrecht.sh           # fetch the version pinned in utrecht.lock again and check it
#   bash static/vendor/update-utrecht.sh 9.1.0     # pin another version (records npm's integrity), then fetch it
#
# The tarball comes from the npm registry (`npm pack`) and must match the sha512 integrity in utrecht.lock, which
# is npm's own dist.integrity for that version; nothing is unpacked otherwise. After pinning another version, set
# UTRECHT_CSS_VERSION in portal/themes/web.py to it (tests/unit/test_theme_vendor.py checks that they agree),
# look at the components' changelog for renamed classes or tokens, and run the browser tests.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PACKAGE=@utrecht/component-library-css
LOCK=$HERE/utrecht.lock

if [ $# -ge 1 ]; then
  integrity=$(npm view "$PACKAGE@$1" dist.integrity)
  if [ -z "$integrity" ]; then
    echo "update-utrecht: npm knows no $PACKAGE@$1" >&2
    exit 1
  fi
  printf 'VERSION=%s\nINTEGRITY=%s\n' "$1" "$integrity" > "$LOCK"
  echo "update-utrecht: pinned $PACKAGE@$1 in $LOCK"
fi
# shellcheck source=/dev/null
. "$LOCK"  # VERSION, INTEGRITY

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarball=$(cd "$work" && npm pack "$PACKAGE@$VERSION" --silent --no-fund --no-audit)
actual=$(node -e 'const c = require("crypto"), f = require("fs");
  process.stdout.write("sha512-" + c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' \
  "$work/$tarball")
if [ "$actual" != "$INTEGRITY" ]; then
  echo "update-utrecht: $tarball does not match utrecht.lock" >&2
  echo "  expected $INTEGRITY" >&2
  echo "  got      $actual" >&2
  exit 1
fi
tar -xzf "$work/$tarball" -C "$work" package/package.json package/dist/index.css package/LICENSE.md
packed=$(node -p 'require(process.argv[1]).version' "$work/package/package.json")
if [ "$packed" != "$VERSION" ]; then
  echo "update-utrecht: the tarball says version $packed, the lock $VERSION" >&2
  exit 1
fi

target=$HERE/utrecht-component-library-css-$VERSION
rm -rf "$target"
mkdir -p "$target"
cp "$work/package/dist/index.css" "$work/package/LICENSE.md" "$target/"
cat > "$target/README.md" <<NOTE
# @utrecht/component-library-css $VERSION

The CSS components of the NL Design System community (buttons, form fields, headings, tables, alerts,
page header and footer, ...) as one built stylesheet, \`index.css\` (the package's \`dist/index.css\`,
unchanged), under the EUPL-1.2 (\`LICENSE.md\`, the package's own).

- Source: the npm package \`$PACKAGE@$VERSION\`
  (https://www.npmjs.com/package/$PACKAGE, code at https://github.com/nl-design-system/utrecht,
  \`packages/component-library-css\`).
- Integrity of the tarball (npm's dist.integrity, checked when it was unpacked): \`$INTEGRITY\`.
- Written by \`static/vendor/update-utrecht.sh\`; do not edit these files by hand. To update, run
  \`bash static/vendor/update-utrecht.sh <new version>\` and follow what its header says.

The components are white-label: they take their look from design tokens (CSS custom properties).
\`static/css/portal.css\` sets those tokens from the theme of the municipality (README, "Look and theme").
NOTE
for old in "$HERE"/utrecht-component-library-css-*; do
  if [ "$old" != "$target" ] && [ -d "$old" ]; then
    rm -rf "$old"
    echo "update-utrecht: removed $(basename "$old")"
  fi
done
echo "update-utrecht: $PACKAGE@$VERSION in static/vendor/$(basename "$target")"
