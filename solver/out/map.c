/*
 * out/map.c -- map.html: the plan on one self-contained page, for the
 * dispatcher who has no GIS tool. No tiles, no CDN, no network: the page
 * holds its own data and script, so it opens from disk on an offline
 * county server.
 *
 * What it shows: the road network the distances came from (--roads,
 * drawn on a canvas under everything), each route in its vehicle's colour
 * along its real shape (a vehicle's later trips dashed), a drone's sorties
 * as thin dotted straight flight lines (class "route flight"), numbered
 * stops, the villages not served today marked with a cross (their reason
 * in the tooltip and in the legend), the depot as a black square and the
 * drones' launch sites as open squares, the drones' no-fly zones
 * (--no-fly) hatched red; a legend with each vehicle's figures (a drone's
 * marked as such) and the totals, where vehicles are switched on
 * and off and clicked to zoom to them; hovering or clicking a stop shows
 * every property it has in stops.geojson (name, ID, arrival, parcels,
 * kept columns); a scale bar. Wheel or +/- zoom, drag pans, 0 or the
 * button fits.
 *
 * Scale: routes and stops are SVG (one <path class="route"> per route,
 * one <circle class="stop"> per visit, so a test reads the plan from the
 * DOM), the road network a canvas redrawn per frame; positions are in
 * 1e-5 degree integers (about 1 m), delta-encoded per line, and roads
 * and routes are thinned to 2 m (Douglas-Peucker). Stop numbers are shown
 * when there is room for them. 5,000 stops load in about a second
 * (docs/benchmarks.md, "map.html with 5,000 stops").
 *
 * The data is one JSON document in a <script type="application/json">
 * element, written with '<', '>' and '&' escaped so no village name can
 * end the element; the script shows every text through textContent.
 *
 *   { "title", "distances", "q": 100000,
 *     "totals": { served, villages, unassigned, vehicles, dist_m, dur_s, cost },
 *     "routes": { "cols": [...], "types": [...], "rows": [[...]], "geom": [[x, y, dx, dy, ...]] },
 *     "stops":  { the same, and "route": [route row of each visit, -1 otherwise] },
 *     "roads":  [[x, y, dx, dy, ...], ...],
 *     "zones":  [{ "id", "name", "rings": [[x, y, dx, dy, ...], ...] }, ...] }
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/datum.h"
#include "out/draw.h"
#include "out/internal.h"
#include "out/jsonw.h"
#include "out/layers.h"

#define Q 100000.0          /* positions in 1e-5 degree */
#define THIN_M 2.0          /* line thinning tolerance, metres */

static const char map_css[] =
	"html, body { margin: 0; height: 100%; font: 13px/1.35 system-ui, \"Noto Sans CJK SC\", \"Microsoft YaHei\", sans-serif; color: #222; }\n"
	"body { display: flex; flex-direction: column; }\n"
	"header { padding: 6px 12px; border-bottom: 1px solid #ddd; display: flex; gap: 6px 18px; align-items: baseline; flex-wrap: wrap; }\n"
	"h1 { font-size: 16px; margin: 0; }\n"
	"main { flex: 1; display: flex; min-height: 0; }\n"
	"#view { position: relative; flex: 1; overflow: hidden; background: #f6f6f2; }\n"
	"#roads, #map { position: absolute; left: 0; top: 0; width: 100%; height: 100%; }\n"
	"#map { cursor: grab; touch-action: none; user-select: none; }\n"
	".zone { fill: rgba(220,40,40,.12); fill-rule: evenodd; stroke: #c33; stroke-width: 1.5; stroke-dasharray: 5 3; vector-effect: non-scaling-stroke; }\n"
	".route { fill: none; stroke-width: 3; vector-effect: non-scaling-stroke; stroke-linejoin: round; stroke-linecap: round; opacity: .85; }\n"
	".stop { r: var(--r); stroke: #fff; stroke-width: 1.5; vector-effect: non-scaling-stroke; cursor: pointer; }\n"
	"#labels text { font-size: var(--fs); fill: #fff; text-anchor: middle; dominant-baseline: central; pointer-events: none; display: none; font-weight: 600; }\n"
	"#map.labels #labels text { display: inline; }\n"
	".mark { fill: none; stroke: #555; stroke-width: 3; vector-effect: non-scaling-stroke; cursor: pointer; }\n"
	".depot { fill: #111; stroke: #fff; stroke-width: 2; vector-effect: non-scaling-stroke; cursor: pointer; }\n"
	".depot.launch { fill: #fff; stroke: #111; stroke-width: 3; }\n"
	".route.flight { stroke-width: 2.5; stroke-dasharray: 0.1 6; opacity: 1; }\n"
	".mode { color: #666; font-size: 11px; margin-left: 4px; }\n"
	"#tip { position: absolute; background: #fff; border: 1px solid #999; box-shadow: 0 2px 6px rgba(0,0,0,.25); padding: 6px 8px; max-width: 340px; pointer-events: none; z-index: 5; }\n"
	"#tip table { border-collapse: collapse; margin-top: 3px; }\n"
	"#tip th { text-align: left; font-weight: normal; color: #666; padding-right: 8px; vertical-align: top; }\n"
	"#scale { position: absolute; left: 10px; bottom: 10px; font-size: 11px; background: rgba(255,255,255,.8); padding: 1px 4px 2px; pointer-events: none; }\n"
	"#scale div { height: 5px; box-sizing: border-box; border: 1.5px solid #333; border-top: none; }\n"
	"#controls { position: absolute; right: 10px; top: 10px; display: flex; flex-direction: column; gap: 4px; }\n"
	"#controls button { width: 30px; height: 30px; font-size: 16px; }\n"
	"#legend { flex: 0 0 auto; max-width: 48%; overflow: auto; border-left: 1px solid #ddd; padding: 8px 10px; font-size: 12px; }\n"
	"#legend table { border-collapse: collapse; width: 100%; }\n"
	"#legend th, #legend td { padding: 2px 4px; text-align: right; white-space: nowrap; }\n"
	"#legend td.name, #legend th:nth-child(2) { text-align: left; }\n"
	"#legend tfoot td { border-top: 1px solid #999; font-weight: 600; }\n"
	"#legend tr.off { color: #aaa; }\n"
	".swatch { display: inline-block; width: 12px; height: 12px; border-radius: 6px; margin-right: 5px; vertical-align: -1px; }\n"
	".buttons { margin: 6px 0; }\n"
	"details.unassigned { margin-top: 8px; }\n"
	"details.unassigned li { cursor: pointer; }\n"
	".note { color: #666; font-size: 12px; }\n"
	"@media print { #controls, .buttons { display: none; } #legend { max-width: none; } }\n";

static const char map_js[] =
	"(function () {\n"
	"'use strict';\n"
	"var D = JSON.parse(document.getElementById('cunlu-data').textContent);\n"
	"var SVGNS = 'http://www.w3.org/2000/svg';\n"
	"var PALETTE = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#46a0a0',\n"
	"  '#f032e6', '#9a6324', '#800000', '#808000', '#000075', '#e6a000', '#1f9e89',\n"
	"  '#b10dc9', '#5a7d00', '#d6336c', '#0b7285', '#7048e8', '#c92a2a', '#2b8a3e'];\n"
	"var R = 6;            /* stop radius, screen px */\n"
	"var q = D.q;\n"
	"\n"
	"function el(tag, attrs, parent) {\n"
	"  var e = document.createElementNS(SVGNS, tag);\n"
	"  for (var k in attrs) e.setAttribute(k, attrs[k]);\n"
	"  if (parent) parent.appendChild(e);\n"
	"  return e;\n"
	"}\n"
	"function h(tag, text, parent, cls) {\n"
	"  var e = document.createElement(tag);\n"
	"  if (text !== undefined && text !== null) e.textContent = text;\n"
	"  if (cls) e.className = cls;\n"
	"  if (parent) parent.appendChild(e);\n"
	"  return e;\n"
	"}\n"
	"function col(t, name) { return t.cols.indexOf(name); }\n"
	"function val(t, r, name) { var c = col(t, name); return c < 0 ? null : t.rows[r][c]; }\n"
	"function decode(a) {\n"
	"  var out = new Float64Array(a.length), x = 0, y = 0;\n"
	"  for (var i = 0; i < a.length; i += 2) { x += a[i]; y += a[i + 1]; out[i] = x; out[i + 1] = y; }\n"
	"  return out;\n"
	"}\n"
	"function km(m) { return (m / 1000).toFixed(1); }\n"
	"function hm(s) { s = Math.round(s / 60); return Math.floor(s / 60) + ':' + ('0' + s % 60).slice(-2); }\n"
	"\n"
	"/* ---- projection: equirectangular around the middle latitude, y down */\n"
	"var routes = D.routes, stops = D.stops;\n"
	"var rgeom = routes.geom.map(decode), sgeom = stops.geom.map(decode);\n"
	"var roads = (D.roads || []).map(decode);\n"
	"var minx = Infinity, miny = Infinity, maxx = -Infinity, maxy = -Infinity;\n"
	"function extend(g) {\n"
	"  for (var i = 0; i < g.length; i += 2) {\n"
	"    if (g[i] < minx) minx = g[i]; if (g[i] > maxx) maxx = g[i];\n"
	"    if (g[i + 1] < miny) miny = g[i + 1]; if (g[i + 1] > maxy) maxy = g[i + 1];\n"
	"  }\n"
	"}\n"
	"rgeom.forEach(extend); sgeom.forEach(extend);\n"
	"if (!isFinite(minx)) { minx = miny = 0; maxx = maxy = 1; }\n"
	"var kx = Math.cos((miny + maxy) / 2 / q * Math.PI / 180);\n"
	"function px(x) { return x * kx; }\n"
	"function py(y) { return -y; }\n"
	"var bbox = { x0: px(minx), x1: px(maxx), y0: py(maxy), y1: py(miny) };\n"
	"\n"
	"/* ---- vehicles: routes grouped by vehicle label, one colour each */\n"
	"var vehicles = [], vindex = {};\n"
	"routes.rows.forEach(function (row, r) {\n"
	"  var label = val(routes, r, 'vehicle');\n"
	"  if (!(label in vindex)) {\n"
	"    vindex[label] = vehicles.length;\n"
	"    vehicles.push({ label: label, type: val(routes, r, 'type'), routes: [], on: true,\n"
	"      drone: val(routes, r, 'mode') === 'drone',\n"
	"      color: PALETTE[vehicles.length % PALETTE.length], stops: 0, dist: 0, dur: 0,\n"
	"      cost: 0, load: 0, start: null, end: null });\n"
	"  }\n"
	"  var v = vehicles[vindex[label]];\n"
	"  v.routes.push(r);\n"
	"  v.stops += val(routes, r, 'stops') || 0;\n"
	"  v.dist += val(routes, r, 'dist_m') || 0;\n"
	"  v.dur += val(routes, r, 'dur_s') || 0;\n"
	"  v.cost += val(routes, r, 'cost') || 0;\n"
	"  v.load += val(routes, r, 'load') || 0;\n"
	"  if (v.start === null) v.start = val(routes, r, 'start');\n"
	"  v.end = val(routes, r, 'end');\n"
	"});\n"
	"var routeVehicle = routes.rows.map(function (row, r) { return vindex[val(routes, r, 'vehicle')]; });\n"
	"\n"
	"/* ---- the drawing */\n"
	"var svg = document.getElementById('map');\n"
	"var canvas = document.getElementById('roads');\n"
	"var gZones = el('g', { id: 'zones' }, svg);\n"
	"var gRoutes = el('g', { id: 'routes' }, svg);\n"
	"var gMarks = el('g', { id: 'marks' }, svg);\n"
	"var gStops = el('g', { id: 'stops' }, svg);\n"
	"var gLabels = el('g', { id: 'labels' }, svg);\n"
	"var gDepot = el('g', { id: 'depot' }, svg);\n"
	"var vgroups = vehicles.map(function (v, i) {\n"
	"  return { route: el('g', { 'data-vehicle': i }, gRoutes),\n"
	"           stop: el('g', { 'data-vehicle': i, fill: v.color }, gStops),\n"
	"           label: el('g', { 'data-vehicle': i }, gLabels) };\n"
	"});\n"
	"\n"
	"function pathData(g) {\n"
	"  var s = [];\n"
	"  for (var i = 0; i < g.length; i += 2)\n"
	"    s.push((i ? 'L' : 'M') + px(g[i]).toFixed(1) + ' ' + py(g[i + 1]).toFixed(1));\n"
	"  return s.join('');\n"
	"}\n"
	"/* no-fly zones (--no-fly), each ring closed; the name as the title */\n"
	"var zones = D.zones || [];\n"
	"zones.forEach(function (z) {\n"
	"  var d = z.rings.map(function (r) { return pathData(decode(r)) + 'Z'; }).join('');\n"
	"  var p = el('path', { 'class': 'zone', d: d }, gZones);\n"
	"  el('title', null, p).textContent = 'no-fly zone ' + (z.name || z.id);\n"
	"});\n"
	"rgeom.forEach(function (g, r) {\n"
	"  if (g.length < 4) return;\n"
	"  var vi = routeVehicle[r], trip = val(routes, r, 'trip');\n"
	"  /* a drone's sortie: a thin dotted flight line; a later road trip dashed */\n"
	"  var p = el('path', { 'class': vehicles[vi].drone ? 'route flight' : 'route',\n"
	"    d: pathData(g), stroke: vehicles[vi].color, 'data-route': r }, vgroups[vi].route);\n"
	"  if (trip && !vehicles[vi].drone) p.setAttribute('stroke-dasharray', '6 3');\n"
	"});\n"
	"\n"
	"var kind = col(stops, 'kind'), seqc = col(stops, 'seq');\n"
	"var stopPos = [];       /* per stop row: [x, y] projected, or null */\n"
	"var nVisits = 0, others = [];\n"
	"stops.rows.forEach(function (row, i) {\n"
	"  var g = sgeom[i];\n"
	"  if (g.length < 2) { stopPos.push(null); return; }\n"
	"  var x = px(g[0]), y = py(g[1]);\n"
	"  stopPos.push([x, y]);\n"
	"  var k = row[kind];\n"
	"  if (k === 'depot' || k === 'launch') {\n"
	"    el('rect', { 'class': k === 'launch' ? 'depot launch' : 'depot', x: x, y: y, 'data-i': i }, gDepot);\n"
	"  } else if (k === 'visit') {\n"
	"    var vi = routeVehicle[stops.route[i]];\n"
	"    el('circle', { 'class': 'stop', cx: x, cy: y, 'data-i': i }, vgroups[vi].stop);\n"
	"    var t = el('text', { x: x, y: y }, vgroups[vi].label);\n"
	"    t.textContent = seqc >= 0 && row[seqc] !== null ? row[seqc] : '';\n"
	"    nVisits++;\n"
	"  } else {\n"
	"    el('path', { 'class': 'mark ' + k, 'data-i': i, d: '' }, gMarks);\n"
	"    others.push(i);\n"
	"  }\n"
	"});\n"
	"var marks = gMarks.querySelectorAll('path.mark'), depots = gDepot.querySelectorAll('rect');\n"
	"\n"
	"/* ---- the view: centre (cx, cy) and units per screen pixel */\n"
	"var view = { cx: 0, cy: 0, upp: 1 }, W = 1, H = 1, frame = 0;\n"
	"function size() {\n"
	"  var r = svg.parentNode.getBoundingClientRect();\n"
	"  W = Math.max(1, r.width); H = Math.max(1, r.height);\n"
	"  var dpr = window.devicePixelRatio || 1;\n"
	"  canvas.width = Math.round(W * dpr); canvas.height = Math.round(H * dpr);\n"
	"}\n"
	"function fit(b) {\n"
	"  var w = Math.max(b.x1 - b.x0, 1), hh = Math.max(b.y1 - b.y0, 1);\n"
	"  view.cx = (b.x0 + b.x1) / 2; view.cy = (b.y0 + b.y1) / 2;\n"
	"  view.upp = Math.max(w / Math.max(W - 110, 40), hh / Math.max(H - 40, 40), 1e-3);\n"
	"  view.cx += 35 * view.upp;   /* keep clear of the buttons on the right */\n"
	"  redraw();\n"
	"}\n"
	"function redraw() {\n"
	"  if (!frame) frame = requestAnimationFrame(draw);\n"
	"}\n"
	"function draw() {\n"
	"  frame = 0;\n"
	"  var u = view.upp, x0 = view.cx - W / 2 * u, y0 = view.cy - H / 2 * u, inview = 0;\n"
	"  for (var i = 0; i < stopPos.length; i++) {\n"
	"    var s = stopPos[i];\n"
	"    if (s && s[0] >= x0 && s[0] <= x0 + W * u && s[1] >= y0 && s[1] <= y0 + H * u) inview++;\n"
	"  }\n"
	"  /* smaller marks where they crowd; numbers only when there is room */\n"
	"  var r = inview > 1500 ? 3 : inview > 400 ? 4.5 : R;\n"
	"  svg.setAttribute('viewBox', [x0, y0, W * u, H * u].join(' '));\n"
	"  svg.style.setProperty('--r', (r * u) + 'px');\n"
	"  svg.style.setProperty('--fs', (9 * u) + 'px');\n"
	"  svg.classList.toggle('labels', inview <= Math.max(60, W * H / 2500));\n"
	"  var m = 1.3 * r * u, e2 = 1.6 * R * u;\n"
	"  for (var d = 0; d < depots.length; d++) {\n"
	"    var q0 = stopPos[+depots[d].getAttribute('data-i')];\n"
	"    depots[d].setAttribute('x', q0[0] - e2); depots[d].setAttribute('y', q0[1] - e2);\n"
	"    depots[d].setAttribute('width', 2 * e2); depots[d].setAttribute('height', 2 * e2);\n"
	"  }\n"
	"  for (var j = 0; j < marks.length; j++) {\n"
	"    var p = stopPos[others[j]];\n"
	"    marks[j].setAttribute('d', 'M' + (p[0] - m) + ' ' + (p[1] - m) + 'l' + 2 * m + ' ' + 2 * m +\n"
	"      'M' + (p[0] - m) + ' ' + (p[1] + m) + 'l' + 2 * m + ' ' + -2 * m);\n"
	"  }\n"
	"  drawScale(u);\n"
	"  drawRoads();\n"
	"}\n"
	"/* a scale bar of 1, 2 or 5 times a power of ten metres, at most 120 px */\n"
	"var scaleBox = document.getElementById('scale');\n"
	"var scaleBar = h('div', null, scaleBox), scaleText = h('span', null, scaleBox);\n"
	"function drawScale(u) {\n"
	"  var mpp = u * 111319.49 / q, want = 120 * mpp;\n"
	"  var p = Math.pow(10, Math.floor(Math.log(want) / Math.LN10)), f = want / p;\n"
	"  var len = (f >= 5 ? 5 : f >= 2 ? 2 : 1) * p;\n"
	"  scaleBar.style.width = (len / mpp) + 'px';\n"
	"  scaleText.textContent = len >= 1000 ? (len / 1000) + ' km' : len >= 1 ? len + ' m' : len.toFixed(2) + ' m';\n"
	"}\n"
	"function drawRoads() {\n"
	"  var c = canvas.getContext('2d'), dpr = canvas.width / W, u = view.upp;\n"
	"  c.setTransform(1, 0, 0, 1, 0, 0);\n"
	"  c.clearRect(0, 0, canvas.width, canvas.height);\n"
	"  if (!roads.length) return;\n"
	"  var ox = view.cx - W / 2 * u, oy = view.cy - H / 2 * u, f = dpr / u;\n"
	"  c.lineWidth = Math.max(1, dpr);\n"
	"  c.strokeStyle = '#c8c8c8';\n"
	"  c.lineJoin = 'round';\n"
	"  c.beginPath();\n"
	"  for (var r = 0; r < roads.length; r++) {\n"
	"    var g = roads[r];\n"
	"    for (var i = 0; i < g.length; i += 2) {\n"
	"      var x = (px(g[i]) - ox) * f, y = (py(g[i + 1]) - oy) * f;\n"
	"      if (i) c.lineTo(x, y); else c.moveTo(x, y);\n"
	"    }\n"
	"  }\n"
	"  c.stroke();\n"
	"}\n"
	"function zoomAt(factor, sx, sy) {\n"
	"  var u = view.upp, nu = Math.min(Math.max(u * factor, 1e-3), 1e7);\n"
	"  var wx = view.cx + (sx - W / 2) * u, wy = view.cy + (sy - H / 2) * u;\n"
	"  view.cx = wx - (sx - W / 2) * nu; view.cy = wy - (sy - H / 2) * nu; view.upp = nu;\n"
	"  redraw();\n"
	"}\n"
	"svg.addEventListener('wheel', function (e) {\n"
	"  e.preventDefault();\n"
	"  var r = svg.getBoundingClientRect();\n"
	"  zoomAt(Math.pow(1.0015, e.deltaY), e.clientX - r.left, e.clientY - r.top);\n"
	"}, { passive: false });\n"
	"var drag = null;\n"
	"svg.addEventListener('pointerdown', function (e) {\n"
	"  drag = { x: e.clientX, y: e.clientY, cx: view.cx, cy: view.cy, moved: false };\n"
	"});\n"
	"window.addEventListener('pointermove', function (e) {\n"
	"  if (!drag) return;\n"
	"  var dx = e.clientX - drag.x, dy = e.clientY - drag.y;\n"
	"  if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;\n"
	"  view.cx = drag.cx - dx * view.upp; view.cy = drag.cy - dy * view.upp;\n"
	"  redraw();\n"
	"});\n"
	"window.addEventListener('pointerup', function () { setTimeout(function () { drag = null; }, 0); });\n"
	"document.getElementById('zin').onclick = function () { zoomAt(0.5, W / 2, H / 2); };\n"
	"document.getElementById('zout').onclick = function () { zoomAt(2, W / 2, H / 2); };\n"
	"document.getElementById('fit').onclick = function () { fit(bbox); };\n"
	"window.addEventListener('keydown', function (e) {\n"
	"  if (e.key === '+' || e.key === '=') zoomAt(0.5, W / 2, H / 2);\n"
	"  else if (e.key === '-') zoomAt(2, W / 2, H / 2);\n"
	"  else if (e.key === '0') fit(bbox);\n"
	"  else if (e.key === 'Escape') hideTip(true);\n"
	"});\n"
	"window.addEventListener('resize', function () { size(); redraw(); });\n"
	"\n"
	"/* ---- the tooltip: every property of the stop that has a value */\n"
	"var tip = document.getElementById('tip'), pinned = false;\n"
	"var LABELS = { kind: 'kind', vehicle: 'vehicle', trip: 'trip', seq: 'stop no.', id: 'ID',\n"
	"  name: 'name', arrival: 'arrival', start: 'service from', load: 'on board after',\n"
	"  deliver: 'parcels to hand over', pickup: 'parcels to collect', reason: 'reason',\n"
	"  status: 'status', snap_m: 'to the road (m)' };\n"
	"function showTip(i, cx, cy) {\n"
	"  var row = stops.rows[i];\n"
	"  tip.textContent = '';\n"
	"  var title = row[col(stops, 'name')] || row[col(stops, 'id')] || '';\n"
	"  h('b', title, tip);\n"
	"  var tb = h('table', null, tip);\n"
	"  stops.cols.forEach(function (name, c) {\n"
	"    if (row[c] === null || row[c] === '' || name === 'name') return;\n"
	"    if (name === 'trip' && !row[c]) return;\n"
	"    var tr = h('tr', null, tb);\n"
	"    h('th', LABELS[name] || name, tr);\n"
	"    h('td', String(row[c]), tr);\n"
	"  });\n"
	"  tip.hidden = false;\n"
	"  var r = svg.parentNode.getBoundingClientRect();\n"
	"  var x = Math.min(cx - r.left + 14, W - tip.offsetWidth - 4);\n"
	"  var y = Math.min(cy - r.top + 14, H - tip.offsetHeight - 4);\n"
	"  tip.style.left = Math.max(4, x) + 'px'; tip.style.top = Math.max(4, y) + 'px';\n"
	"}\n"
	"function hideTip(force) { if (force || !pinned) { tip.hidden = true; pinned = false; } }\n"
	"svg.addEventListener('mouseover', function (e) {\n"
	"  var i = e.target.getAttribute('data-i');\n"
	"  if (i !== null && !pinned) showTip(+i, e.clientX, e.clientY);\n"
	"});\n"
	"svg.addEventListener('mouseout', function (e) {\n"
	"  if (e.target.getAttribute('data-i') !== null) hideTip(false);\n"
	"});\n"
	"svg.addEventListener('click', function (e) {\n"
	"  if (drag && drag.moved) return;\n"
	"  var i = e.target.getAttribute('data-i');\n"
	"  if (i === null) { hideTip(true); return; }\n"
	"  pinned = false; showTip(+i, e.clientX, e.clientY); pinned = true;\n"
	"});\n"
	"\n"
	"/* ---- the legend: each vehicle's figures, on/off, and the totals */\n"
	"var T = D.totals;\n"
	"var nSorties = routes.rows.filter(function (row, r) { return val(routes, r, 'mode') === 'drone'; }).length;\n"
	"var sum = document.getElementById('summary');\n"
	"sum.textContent = (D.date ? D.date + ' \\u00b7 ' : '') + T.served + ' of ' + T.villages + ' villages served by ' + T.vehicles +\n"
	"  ' vehicle' + (T.vehicles === 1 ? '' : 's') + ' \\u00b7 ' + km(T.dist_m) + ' km \\u00b7 ' +\n"
	"  hm(T.dur_s) + ' h driving and stops \\u00b7 cost ' + T.cost.toFixed(2) +\n"
	"  (nSorties ? ' \\u00b7 ' + nSorties + ' drone sortie' + (nSorties === 1 ? '' : 's') : '') +\n"
	"  (T.unassigned ? ' \\u00b7 ' + T.unassigned + ' unassigned' : '') +\n"
	"  (D.distances ? ' \\u00b7 distances: ' + D.distances : '');\n"
	"var leg = document.getElementById('legend');\n"
	"var table = h('table', null, leg, 'vehicles');\n"
	"var head = h('tr', null, h('thead', null, table));\n"
	"['', 'vehicle', 'stops', 'km', 'time', 'out\\u2013back', 'load', 'cost'].forEach(function (s) { h('th', s, head); });\n"
	"var body = h('tbody', null, table);\n"
	"function setVehicle(i, on) {\n"
	"  vehicles[i].on = on;\n"
	"  ['route', 'stop', 'label'].forEach(function (k) { vgroups[i][k].style.display = on ? '' : 'none'; });\n"
	"  rows[i].box.checked = on;\n"
	"  rows[i].tr.classList.toggle('off', !on);\n"
	"}\n"
	"function vehicleBox(i) {\n"
	"  var b = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };\n"
	"  vehicles[i].routes.forEach(function (r) {\n"
	"    var g = rgeom[r];\n"
	"    for (var k = 0; k < g.length; k += 2) {\n"
	"      var x = px(g[k]), y = py(g[k + 1]);\n"
	"      b.x0 = Math.min(b.x0, x); b.x1 = Math.max(b.x1, x);\n"
	"      b.y0 = Math.min(b.y0, y); b.y1 = Math.max(b.y1, y);\n"
	"    }\n"
	"  });\n"
	"  return b;\n"
	"}\n"
	"var rows = vehicles.map(function (v, i) {\n"
	"  var tr = h('tr', null, body), td = h('td', null, tr);\n"
	"  var box = h('input', null, td); box.type = 'checkbox'; box.checked = true;\n"
	"  box.setAttribute('data-vehicle', i);\n"
	"  box.onchange = function () { setVehicle(i, box.checked); };\n"
	"  var name = h('td', null, tr, 'name');\n"
	"  var sw = h('span', null, name, 'swatch'); sw.style.background = v.color;\n"
	"  var a = h('a', v.label + (v.routes.length > 1 ? ' (' + v.routes.length +\n"
	"    (v.drone ? ' sorties)' : ' trips)') : ''), name);\n"
	"  if (v.drone) h('span', '\\u2708 drone', name, 'mode');\n"
	"  a.href = '#'; a.title = 'zoom to ' + v.label;\n"
	"  a.onclick = function (e) { e.preventDefault(); fit(vehicleBox(i)); };\n"
	"  h('td', v.stops, tr); h('td', km(v.dist), tr); h('td', hm(v.dur), tr);\n"
	"  h('td', (v.start || '') + '\\u2013' + (v.end || ''), tr); h('td', v.load, tr);\n"
	"  h('td', v.cost.toFixed(2), tr);\n"
	"  return { tr: tr, box: box };\n"
	"});\n"
	"var foot = h('tr', null, h('tfoot', null, table));\n"
	"h('td', '', foot); h('td', 'total', foot); h('td', T.served, foot); h('td', km(T.dist_m), foot);\n"
	"h('td', hm(T.dur_s), foot); h('td', '', foot); h('td', '', foot); h('td', T.cost.toFixed(2), foot);\n"
	"var btns = h('div', null, leg, 'buttons');\n"
	"var all = h('button', 'all', btns), none = h('button', 'none', btns);\n"
	"all.onclick = function () { vehicles.forEach(function (v, i) { setVehicle(i, true); }); };\n"
	"none.onclick = function () { vehicles.forEach(function (v, i) { setVehicle(i, false); }); };\n"
	"if (zones.length) {\n"
	"  var zp = h('p', null, leg, 'note zones');\n"
	"  h('span', '\\u25a8 no-fly zone' + (zones.length > 1 ? 's' : '') + ' for drones: ', zp);\n"
	"  h('span', zones.map(function (z) { return z.name || z.id; }).join(', '), zp);\n"
	"}\n"
	"if (others.length) {\n"
	"  var det = h('details', null, leg, 'unassigned');\n"
	"  det.open = others.length <= 20;\n"
	"  var s = h('summary', null, det);\n"
	"  var mb = h('input', null, s); mb.type = 'checkbox'; mb.checked = true;\n"
	"  mb.onchange = function () { gMarks.style.display = mb.checked ? '' : 'none'; };\n"
	"  mb.onclick = function (e) { e.stopPropagation(); };\n"
	"  h('span', ' \\u2715 ' + others.length + ' not served today', s);\n"
	"  var ul = h('ul', null, det);\n"
	"  others.forEach(function (i) {\n"
	"    var li = h('li', null, ul);\n"
	"    var st = val(stops, i, 'status');\n"
	"    h('b', (val(stops, i, 'name') || val(stops, i, 'id')) + ': ', li);\n"
	"    h('span', val(stops, i, 'reason') || st || val(stops, i, 'kind'), li);\n"
	"    li.onclick = function () {\n"
	"      var p = stopPos[i];\n"
	"      if (!p) return;\n"
	"      view.cx = p[0]; view.cy = p[1]; view.upp = Math.min(view.upp, 2); redraw();\n"
	"    };\n"
	"  });\n"
	"}\n"
	"\n"
	"size();\n"
	"fit(bbox);\n"
	"/* the first frame now, not at the next animation frame: ready means drawn */\n"
	"cancelAnimationFrame(frame); draw();\n"
	"window.cunluMap = { vehicles: vehicles.length, routes: routes.rows.length, visits: nVisits,\n"
	"  others: others.length, setVehicle: setVehicle, zoomAt: zoomAt, fit: function () { fit(bbox); },\n"
	"  ready: true, loadMs: performance.now() };\n"
	"})();\n";

/* A growable workspace for thinning lines. */
struct thin {
	char *keep;
	int *stack;
	int cap;
};

static int thin_reserve(struct thin *t, int n)
{
	if (n <= t->cap)
		return 0;
	char *k = realloc(t->keep, (size_t)n);
	if (!k)
		return -1;
	t->keep = k;
	int *s = realloc(t->stack, sizeof *s * 2 * (size_t)n);
	if (!s)
		return -1;
	t->stack = s;
	t->cap = n;
	return 0;
}

/*
 * A line as delta-encoded integers, thinned to THIN_M: [x0, y0, dx1, dy1,
 * ...]. Consecutive positions that round to the same integers are
 * written once.
 */
static int write_line(struct cl_jsonw *w, struct thin *th, const double *lon,
		      const double *lat, int n, struct cl_error *err)
{
	long long px = 0, py = 0;
	int first = 1;

	if (thin_reserve(th, n) != 0)
		return cl_oom(err, "drawing the map");
	if (n > 2)
		cl_thin_line(lon, lat, n, THIN_M, th->keep, th->stack);
	else
		memset(th->keep, 1, (size_t)n);
	cl_jsonw_begin_array_flat(w);
	for (int i = 0; i < n; i++) {
		long long x, y;

		if (!th->keep[i] || !isfinite(lon[i]) || !isfinite(lat[i]))
			continue;
		x = llround(lon[i] * Q);
		y = llround(lat[i] * Q);
		if (!first && x == px && y == py)
			continue;
		cl_jsonw_int(w, first ? x : x - px);
		cl_jsonw_int(w, first ? y : y - py);
		px = x;
		py = y;
		first = 0;
	}
	return cl_jsonw_end_array(w);
}

static const char *const type_name[] = {
	[CL_COL_TEXT] = "text", [CL_COL_INT] = "int", [CL_COL_REAL] = "real",
	[CL_COL_TIME] = "time",
};

/* One layer: its columns, its rows (numbers as numbers), its lines. */
static int write_layer(struct cl_jsonw *w, struct thin *th, const struct cl_table *t,
		       const int *route, struct cl_error *err)
{
	int rc = CL_OK;

	cl_jsonw_begin_object(w);
	cl_jsonw_key(w, "cols");
	cl_jsonw_begin_array_flat(w);
	for (int c = 0; c < t->ncols; c++)
		cl_jsonw_string(w, t->cols[c].name);
	cl_jsonw_end_array(w);
	cl_jsonw_key(w, "types");
	cl_jsonw_begin_array_flat(w);
	for (int c = 0; c < t->ncols; c++)
		cl_jsonw_string(w, type_name[t->cols[c].type]);
	cl_jsonw_end_array(w);
	cl_jsonw_key(w, "rows");
	cl_jsonw_begin_array(w);
	for (int r = 0; r < t->nrows; r++) {
		cl_jsonw_begin_array_flat(w);
		for (int c = 0; c < t->ncols; c++) {
			const char *v = cl_table_get(t, r, c);

			if (!v)
				cl_jsonw_null(w);
			else if (t->cols[c].type == CL_COL_INT || t->cols[c].type == CL_COL_REAL)
				cl_jsonw_number(w, v);
			else
				cl_jsonw_string(w, v);
		}
		cl_jsonw_end_array(w);
	}
	cl_jsonw_end_array(w);
	cl_jsonw_key(w, "geom");
	cl_jsonw_begin_array(w);
	for (int r = 0; r < t->nrows && !rc; r++)
		rc = write_line(w, th, t->lon + t->start[r], t->lat + t->start[r],
				t->start[r + 1] - t->start[r], err);
	cl_jsonw_end_array(w);
	if (route) {
		cl_jsonw_key(w, "route");
		cl_jsonw_begin_array_flat(w);
		for (int r = 0; r < t->nrows; r++)
			cl_jsonw_int(w, route[r]);
		cl_jsonw_end_array(w);
	}
	cl_jsonw_end_object(w);
	return rc ? rc : w->status;
}

struct road_user {
	struct cl_jsonw *w;
	struct thin *th;
	double *lon, *lat;
	int cap;
	enum cl_datum datum;    /* --out-coords: the routes' and stops' datum */
};

/* Room for npts positions in u's buffers. */
static int road_reserve(struct road_user *u, int npts, struct cl_error *err)
{
	if (npts > u->cap) {
		double *a = realloc(u->lon, sizeof *a * (size_t)npts), *b;

		if (!a)
			return cl_oom(err, "drawing the road network");
		u->lon = a;
		b = realloc(u->lat, sizeof *b * (size_t)npts);
		if (!b)
			return cl_oom(err, "drawing the road network");
		u->lat = b;
		u->cap = npts;
	}
	return CL_OK;
}

/* One road piece from the router (router.h, network). */
static int road_piece(void *user, const double *lonlat, int npts, int cls,
		      struct cl_error *err)
{
	struct road_user *u = user;

	int rc = road_reserve(u, npts, err);

	(void)cls;
	if (rc)
		return rc;
	for (int i = 0; i < npts; i++) {
		u->lon[i] = lonlat[2 * i];
		u->lat[i] = lonlat[2 * i + 1];
		/* the network under the routes in their datum (the layers are
		   moved in out/layers.c) */
		cl_datum_from_wgs84(u->datum, &u->lon[i], &u->lat[i]);
	}
	return write_line(u->w, u->th, u->lon, u->lat, npts, err);
}

/* The no-fly zones (--no-fly): name and rings, in the routes' datum. */
static int write_zones(struct road_user *u, const struct cl_instance *inst,
		       struct cl_error *err)
{
	int rc = CL_OK;

	cl_jsonw_begin_array(u->w);
	for (int z = 0; z < inst->nzones && !rc; z++) {
		const struct cl_zone *zn = &inst->zones[z];

		cl_jsonw_begin_object(u->w);
		cl_jsonw_kstring(u->w, "id", zn->id);
		cl_jsonw_kstring(u->w, "name", zn->name);
		cl_jsonw_key(u->w, "rings");
		cl_jsonw_begin_array(u->w);
		for (int k = 0; k < zn->nrings && !rc; k++) {
			int a = zn->ring[k], n = zn->ring[k + 1] - a;

			rc = road_reserve(u, n, err);
			for (int i = 0; i < n && !rc; i++) {
				u->lon[i] = zn->x[a + i];
				u->lat[i] = zn->y[a + i];
				cl_datum_from_wgs84(u->datum, &u->lon[i], &u->lat[i]);
			}
			if (!rc)
				rc = write_line(u->w, u->th, u->lon, u->lat, n, err);
		}
		cl_jsonw_end_array(u->w);
		cl_jsonw_end_object(u->w);
	}
	cl_jsonw_end_array(u->w);
	return rc;
}

/* The data document (see the top of the file). */
static int write_data(FILE *fp, const struct cl_out *o, struct cl_error *err)
{
	const struct cl_report *rep = o->rep;
	const struct cl_router *rt = o->info ? o->info->router : NULL;
	struct cl_jsonw w;
	struct thin th = { NULL, NULL, 0 };
	struct road_user ru = { &w, &th, NULL, NULL, 0,
				(enum cl_datum)(o->info ? o->info->out_datum : 0) };
	char day[32];
	int rc;

	cl_jsonw_init(&w, fp, CL_JSONW_COMPACT, err);
	cl_jsonw_html_safe(&w);
	cl_jsonw_begin_object(&w);
	cl_jsonw_kstring(&w, "title", o->info ? o->info->villages : NULL);
	cl_jsonw_kstring(&w, "distances", o->info ? o->info->distances : NULL);
	cl_out_day_label(o->info, day);
	cl_jsonw_kstring(&w, "date", day[0] ? day : NULL);
	cl_jsonw_kint(&w, "q", (long long)Q);
	cl_jsonw_key(&w, "totals");
	cl_jsonw_begin_object(&w);
	cl_jsonw_kint(&w, "served", rep->served);
	cl_jsonw_kint(&w, "villages", o->inst->nsites - 1);
	cl_jsonw_kint(&w, "unassigned", rep->unassigned);
	cl_jsonw_kint(&w, "vehicles", rep->vehicles_used);
	cl_jsonw_kint(&w, "dist_m", rep->total_dist_m);
	cl_jsonw_kint(&w, "dur_s", rep->total_dur_s);
	cl_jsonw_kdouble(&w, "cost", rep->total_cost, 2);
	cl_jsonw_end_object(&w);
	cl_jsonw_key(&w, "routes");
	rc = write_layer(&w, &th, &o->layers->routes, NULL, err);
	if (!rc) {
		cl_jsonw_key(&w, "stops");
		rc = write_layer(&w, &th, &o->layers->stops, o->layers->stop_route, err);
	}
	if (!rc) {
		cl_jsonw_key(&w, "roads");
		cl_jsonw_begin_array(&w);
		if (rt && rt->network)
			rc = rt->network(rt->ctx, road_piece, &ru, err);
		cl_jsonw_end_array(&w);
	}
	if (!rc) {
		cl_jsonw_key(&w, "zones");
		rc = write_zones(&ru, o->inst, err);
	}
	cl_jsonw_end_object(&w);
	if (!rc)
		rc = cl_jsonw_finish(&w);
	free(th.keep);
	free(th.stack);
	free(ru.lon);
	free(ru.lat);
	return rc;
}

/* map.html to fp[0] (see out/internal.h). */
int cl_out_map(FILE **fp, const struct cl_out *o, struct cl_error *err)
{
	FILE *f = fp[0];
	const char *src = o->info && o->info->villages ? o->info->villages : "";
	int rc;

	fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n", f);
	if (o->info && o->info->run_id) {
		fputs("<meta name=\"cunlu-run-id\" content=\"", f);
		cl_html_text(f, o->info->run_id);
		fputs("\">\n", f);
	}
	fputs("<title>Cunlu plan: ", f);
	cl_html_text(f, src);
	fputs("</title>\n<style>\n", f);
	fputs(map_css, f);
	fputs("</style>\n</head>\n<body>\n<header>\n<h1>Cunlu \xe6\x9d\x91\xe8\xb7\xaf plan</h1>\n"
	      "<span class=\"note\">", f);
	cl_html_text(f, src);
	fputs("</span>\n<span id=\"summary\"></span>\n"
	      "<a href=\"sheets.html\">driver sheets \xe6\xb4\xbe\xe9\x80\x81\xe5\x8d\x95</a>\n</header>\n"
	      "<main>\n<div id=\"view\">\n<canvas id=\"roads\"></canvas>\n"
	      "<svg id=\"map\" xmlns=\"http://www.w3.org/2000/svg\"></svg>\n"
	      "<div id=\"controls\"><button id=\"zin\" title=\"zoom in (+)\">+</button>"
	      "<button id=\"zout\" title=\"zoom out (-)\">\xe2\x88\x92</button>"
	      "<button id=\"fit\" title=\"whole plan (0)\">\xe2\xa4\xa2</button></div>\n"
	      "<div id=\"scale\"></div><div id=\"tip\" hidden></div>\n</div>\n<aside id=\"legend\"></aside>\n</main>\n"
	      "<noscript><p>This map needs JavaScript; the plan is also in stops.geojson, "
	      "routes.geojson and dispatch.csv.</p></noscript>\n"
	      "<script type=\"application/json\" id=\"cunlu-data\">", f);
	rc = write_data(f, o, err);
	if (rc)
		return rc;
	fputs("</script>\n<script>\n", f);
	fputs(map_js, f);
	fputs("</script>\n</body>\n</html>\n", f);
	if (ferror(f))
		return cl_fail(err, CL_EOUTPUT, "write failed");
	return CL_OK;
}
