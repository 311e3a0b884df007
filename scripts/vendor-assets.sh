#!/usr/bin/env bash
# Copy the npm front-end packages into static/vendor: the pages never load from the internet.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=medarb/static/vendor
mkdir -p "$dest"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx.min.js"
cp node_modules/bootstrap/dist/css/bootstrap.min.css "$dest/bootstrap.min.css"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js "$dest/bootstrap.bundle.min.js"
cp node_modules/echarts/dist/echarts.min.js "$dest/echarts.min.js"
cp node_modules/signature_pad/dist/signature_pad.umd.min.js "$dest/signature_pad.umd.min.js"
cp node_modules/hls.js/dist/hls.min.js "$dest/hls.min.js"
# Janus's client for a plain <script> tag (defines the global Janus; npm/dist is an ES module),
# and webrtc-adapter's browser bundle, which defines the global adapter janus.js relies on.
cp node_modules/janus-gateway/npm/src/janus.js "$dest/janus.js"
cp node_modules/webrtc-adapter/out/adapter.js "$dest/adapter.js"
