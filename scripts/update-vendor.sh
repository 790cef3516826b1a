#!/usr/bin/env bash
# Refresh the vendored front-end files in sakip/core/static/vendor/ from the
# npm registry, at the newest release of each pinned major version.
#
#   scripts/update-vendor.sh
#
# The files are committed, so setup, CI and a Pemda's server need neither npm
# nor a CDN; only a developer updating them runs this. Each folder gets the
# package's licence and a VERSION file naming the package, version and the
# tarball's sha512. The `sourceMappingURL` comments are removed because the
# source maps are not shipped, and Django's ManifestStaticFilesStorage fails
# collectstatic on a reference to a missing file.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
vendor=sakip/core/static/vendor
# htmx.org's newest release is a 4.x rewrite, so each major is pinned here.
packages=(htmx.org@2 bootstrap@5 chart.js@4)

tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT

echo "vendor: npm pack ${packages[*]}"
(cd "$tmp" && npm pack --silent "${packages[@]}" >/dev/null)

# unpack NAME: extract NAME-<version>.tgz into $tmp/NAME/package.
unpack() {
    local tarballs=("$tmp/$1"-[0-9]*.tgz)
    mkdir -p "$tmp/$1"
    tar -xzf "${tarballs[0]}" -C "$tmp/$1"
}

package_version() {
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["version"])' \
        "$tmp/$1/package/package.json"
}

tarball_sha512() {
    python3 -c 'import base64, hashlib, sys
print("sha512-" + base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' \
        "$tmp/$1"-[0-9]*.tgz
}

# vendor_package NAME FOLDER LICENCE FILE...: copy FILEs (paths inside the
# package) and the licence into $vendor/FOLDER and write its VERSION file.
vendor_package() {
    local name=$1 folder=$2 licence=$3
    shift 3
    unpack "$name"
    local source="$tmp/$name/package" version
    version=$(package_version "$name")
    rm -rf -- "${vendor:?}/$folder"
    mkdir -p "$vendor/$folder"

    local file edited=()
    for file in "$@"; do
        if grep -q '^/[*/]# sourceMappingURL=' "$source/$file"; then
            edited+=("$(basename "$file")")
        fi
        sed -e '\|^/[*/]# sourceMappingURL=|d' "$source/$file" \
            >"$vendor/$folder/$(basename "$file")"
    done
    cp "$source/$licence" "$vendor/$folder/LICENSE"
    {
        echo "$name $version"
        echo "Source: npm package $name@$version ($(tarball_sha512 "$name"))."
        echo "Files: $*."
        if [[ ${#edited[@]} -gt 0 ]]; then
            echo "Changed: the sourceMappingURL comment removed from ${edited[*]}."
        fi
        echo "Licence: $licence of the package, copied as LICENSE."
    } >"$vendor/$folder/VERSION"
    echo "vendor: $folder <- $name $version"
}

vendor_package htmx.org htmx LICENSE dist/htmx.min.js
vendor_package bootstrap bootstrap LICENSE \
    dist/css/bootstrap.min.css dist/js/bootstrap.bundle.min.js
vendor_package chart.js chartjs LICENSE.md dist/chart.umd.min.js
