#!/usr/bin/env bash
#
# Vendor GOV.UK Frontend into static/govuk/.
#
# Developers run this by hand when upgrading GOV.UK Frontend; the output is
# committed so that setting up and running the project needs only Python.
# Requires npm (and therefore Node.js).
#
# What it does:
#   * downloads the pinned govuk-frontend package with `npm pack`
#   * compiles its Sass with the pinned `sass` package WITHOUT the GDS Transport
#     font (that typeface is licensed for use on GOV.UK only), using Arial, with
#     image URLs relative to the compiled CSS file (assets/images/...)
#   * copies the ES module JavaScript bundle (and its source map), the images
#     and manifest.json - but not the fonts folder
#   * writes static/govuk/VERSION
#
# The script works in a temporary directory, removes it on exit and replaces
# static/govuk/ wholesale, so running it twice gives the same result.
#
# Usage: scripts/vendor_govuk_frontend.sh

set -euo pipefail

GOVUK_FRONTEND_VERSION="6.6.0"
SASS_VERSION="1.108.2"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="${REPO_ROOT}/static/govuk"

command -v npm >/dev/null 2>&1 || {
    echo "error: npm is required to vendor GOV.UK Frontend" >&2
    exit 1
}

WORK_DIR="$(mktemp -d)"
trap 'rm -rf "${WORK_DIR}"' EXIT

echo "Fetching govuk-frontend@${GOVUK_FRONTEND_VERSION}"
(
    cd "${WORK_DIR}"
    npm pack --silent "govuk-frontend@${GOVUK_FRONTEND_VERSION}" >/dev/null
    tar -xzf "govuk-frontend-${GOVUK_FRONTEND_VERSION}.tgz"
)
PACKAGE="${WORK_DIR}/package"
DIST="${PACKAGE}/dist/govuk"

actual_version="$(node -p "require('${PACKAGE}/package.json').version")"
if [[ "${actual_version}" != "${GOVUK_FRONTEND_VERSION}" ]]; then
    echo "error: expected govuk-frontend ${GOVUK_FRONTEND_VERSION}, got ${actual_version}" >&2
    exit 1
fi

echo "Installing sass@${SASS_VERSION}"
mkdir -p "${WORK_DIR}/tools"
npm install --silent --no-save --no-audit --no-fund --no-package-lock \
    --prefix "${WORK_DIR}/tools" "sass@${SASS_VERSION}" >/dev/null
SASS="${WORK_DIR}/tools/node_modules/.bin/sass"

# Entry point. $govuk-assets-path is relative to the compiled CSS file, which
# lives at static/govuk/govuk-frontend.min.css, so images resolve to
# static/govuk/assets/images/ whatever STATIC_URL is (and Django's
# ManifestStaticFilesStorage can rewrite them to hashed names).
cat >"${WORK_DIR}/govuk-frontend.scss" <<'SCSS'
@use "govuk" with (
  $govuk-font-family: (arial, sans-serif),
  $govuk-include-default-font-face: false,
  $govuk-assets-path: "assets/"
);
SCSS

OUT_DIR="${WORK_DIR}/out"
mkdir -p "${OUT_DIR}/assets"

echo "Compiling Sass"
"${SASS}" \
    --no-source-map \
    --style=compressed \
    --quiet-deps \
    --load-path="${PACKAGE}/dist" \
    "${WORK_DIR}/govuk-frontend.scss" \
    "${OUT_DIR}/govuk-frontend.min.css"

if grep -q "GDS Transport\|/fonts/\|@font-face" "${OUT_DIR}/govuk-frontend.min.css"; then
    echo "error: compiled CSS still references the GDS Transport font" >&2
    exit 1
fi

# The bundle ends with a sourceMappingURL comment, so ship the map too
# (ManifestStaticFilesStorage fails on references to missing files).
cp "${DIST}/govuk-frontend.min.js" "${DIST}/govuk-frontend.min.js.map" "${OUT_DIR}/"
cp -R "${DIST}/assets/images" "${OUT_DIR}/assets/images"
cp "${DIST}/assets/manifest.json" "${OUT_DIR}/assets/manifest.json"
printf '%s\n' "${GOVUK_FRONTEND_VERSION}" >"${OUT_DIR}/VERSION"

rm -rf "${DEST}"
mkdir -p "$(dirname "${DEST}")"
cp -R "${OUT_DIR}" "${DEST}"

echo "GOV.UK Frontend ${GOVUK_FRONTEND_VERSION} vendored into ${DEST#"${REPO_ROOT}/"}"
