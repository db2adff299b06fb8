#!/usr/bin/env python3
"""html_check.py -- check map.html or sheets.html in headless Chromium.

    html_check.py map DIR [options]      DIR/map.html
    html_check.py sheets DIR [options]   DIR/sheets.html

Loads the page from disk (tests/tools/browser.py), then checks: no console
error or exception, no request for anything but the file itself (the pages
must work offline), the DOM against the plan (route paths = routes, stop
circles = visits, ...), the scale bar against the ground distance of two
stops, and a screenshot that is not blank (saved with
--shot for people to look at). Prints one line per failed check and
"load N ms" figures; exit 0 when every check passed, 1 otherwise.

map options:   --routes N --visits N --others N (crosses: villages not served)
               --roads (the road network is drawn) --hover TEXT (hovering the
               first stop whose tooltip has TEXT shows it, all of --tip) --tip TEXT...
               --max-load-ms N (time from navigation to a drawn map)
               --contains TEXT... (in the summary line above the map)
               --zones N --zone-names TEXT... (no-fly zones drawn, named in the legend)
               --flights N (a drone's sorties: dotted paths of class "flight",
               straight: origin, its stops, origin) --launch N (launch-site squares)
sheets options: --sheets N --rows N --contains TEXT... --pdf-pages N
               --pilots N (drone pilots' sheets, one per drone)
"""
import argparse
import json
import math
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser  # noqa: E402

failures = []


def expect(cond, what):
    if not cond:
        failures.append(what)
    return cond


def common(page, args, png):
    expect(page.errors == [], "errors in the page: %s" % page.errors)
    bad = [u for u in page.requests if not u.startswith("file://")]
    expect(not bad, "the page asked the network for %s" % bad)
    st = browser.png_stats(png)
    expect(st["colours"] >= 20 and st["non_background"] >= 0.02,
           "screenshot looks blank: %s" % st)
    return st


# The screen position of the first stop circle whose row has the text and
# that the pointer would hit there (no other stop, the legend or a button
# on top of it), after the frame has been drawn; null when none is.
FIND_STOP = """new Promise(function (ok) {
  requestAnimationFrame(function () { requestAnimationFrame(function () {
    var t = %s, D = JSON.parse(document.getElementById('cunlu-data').textContent);
    var cs = document.querySelectorAll('circle.stop'), first = null;
    for (var k = 0; k < cs.length; k++) {
      var i = +cs[k].getAttribute('data-i');
      if (JSON.stringify(D.stops.rows[i]).indexOf(t) < 0) continue;
      var r = cs[k].getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
      if (!first) first = [x, y];
      if (document.elementFromPoint(x, y) === cs[k]) { ok({ hit: true, x: x, y: y }); return; }
    }
    ok(first ? { hit: false, x: first[0], y: first[1] } : null);
  }); });
})"""


def hover(page, text):
    """Hover the first stop whose tooltip row has text and return the
    tooltip's text (None when none shows). A stop covered by a neighbour
    at the whole plan's scale is zoomed to, up to 6 steps, until the
    pointer hits it; the tooltip is waited for (up to 2 s), not read at
    once, so that a slow frame on a busy machine does not fail the test."""
    pos = None
    for _ in range(7):
        pos = page.eval(FIND_STOP % json.dumps(text))
        if pos is None or pos["hit"]:
            break
        page.eval("cunluMap.zoomAt(0.4, %f, %f)" % (pos["x"], pos["y"]))
    if not expect(pos is not None, "no stop with %s" % text):
        return None
    expect(pos["hit"], "the stop with %r stays covered after zooming in" % text)
    page.mouse("mouseMoved", 1, 1)
    page.mouse("mouseMoved", pos["x"], pos["y"])
    deadline = time.time() + 2
    while True:
        tip = page.eval("(function(){var t=document.getElementById('tip');"
                        "return t.hidden ? null : t.textContent;})()")
        if (tip is not None and text in tip) or time.time() > deadline:
            return tip
        time.sleep(0.05)


def check_map(b, args):
    url = "file://" + os.path.abspath(os.path.join(args.dir, "map.html"))
    page = b.open(url, wait="window.cunluMap && cunluMap.ready")
    info = page.eval("""(function(){
      var D = JSON.parse(document.getElementById('cunlu-data').textContent);
      var m = window.cunluMap, vis = function (sel) {
        return Array.prototype.filter.call(document.querySelectorAll(sel), function (e) {
          return e.getClientRects().length > 0; }).length; };
      return { routes: document.querySelectorAll('path.route').length,
               visits: document.querySelectorAll('circle.stop').length,
               others: document.querySelectorAll('path.mark').length,
               depot: document.querySelectorAll('rect.depot:not(.launch)').length,
               launch: document.querySelectorAll('rect.depot.launch').length,
               flights: Array.prototype.map.call(document.querySelectorAll('path.route.flight'),
                 function (p) { var r = +p.getAttribute('data-route');
                   return [(p.getAttribute('d').match(/[ML]/g) || []).length,
                           D.routes.rows[r][D.routes.cols.indexOf('stops')],
                           getComputedStyle(p).strokeDasharray]; }),
               zones: document.querySelectorAll('path.zone').length,
               zoneLegend: (document.querySelector('#legend .zones') || {}).textContent || '',
               legend: document.querySelectorAll('#legend tbody tr').length,
               shown: vis('path.route'), loadMs: m.loadMs,
               roads: JSON.parse(document.getElementById('cunlu-data').textContent).roads.length,
               summary: document.getElementById('summary').textContent };
    })()""")
    print("map %s: %d routes, %d visits, %d roads, load %.0f ms (script), %.0f ms (page)"
          % (args.dir, info["routes"], info["visits"], info["roads"], info["loadMs"], page.load_ms))
    if args.routes is not None:
        expect(info["routes"] == args.routes, "route paths %d, want %d" % (info["routes"], args.routes))
        expect(info["shown"] == args.routes, "visible route paths %d" % info["shown"])
    if args.visits is not None:
        expect(info["visits"] == args.visits, "stop circles %d, want %d" % (info["visits"], args.visits))
    if args.others is not None:
        expect(info["others"] == args.others, "crosses %d, want %d" % (info["others"], args.others))
    # the scale bar against the ground: two stops' screen distance times the
    # bar's metres per pixel is their great-circle distance (within 3 %)
    sc = page.eval("""(function(){
      var D = JSON.parse(document.getElementById('cunlu-data').textContent);
      var cs = document.querySelectorAll('circle.stop'), best = null;
      var bar = document.querySelector('#scale div'), text = document.querySelector('#scale span').textContent;
      function at(c) { var r = c.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; }
      function ll(c) { var g = D.stops.geom[+c.getAttribute('data-i')]; return [g[0] / D.q, g[1] / D.q]; }
      for (var k = 1; k < cs.length && k < 200; k++) {
        var a = at(cs[0]), b = at(cs[k]), d = Math.hypot(a[0] - b[0], a[1] - b[1]);
        if (!best || d > best.px) best = { px: d, a: ll(cs[0]), b: ll(cs[k]) };
      }
      return { text: text, width: bar.getBoundingClientRect().width, pair: best };
    })()""")
    m = re.match(r"^([0-9.]+) (k?m)$", sc["text"] or "")
    if expect(m and 20 <= sc["width"] <= 125, "scale bar %r, %.0f px" % (sc["text"], sc["width"])):
        mpp = float(m.group(1)) * (1000 if m.group(2) == "km" else 1) / sc["width"]
        pr = sc["pair"]
        if pr and pr["px"] > 50:
            lon1, lat1, lon2, lat2 = map(math.radians, pr["a"] + pr["b"])
            h = (math.sin((lat2 - lat1) / 2) ** 2
                 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
            ground = 2 * 6371008.8 * math.asin(math.sqrt(h))
            expect(abs(pr["px"] * mpp / ground - 1) < 0.03, "scale bar %s: %.0f px = %.0f m, "
                   "the stops are %.0f m apart" % (sc["text"], pr["px"], pr["px"] * mpp, ground))
    if args.launch is not None:
        expect(info["launch"] == args.launch, "launch-site squares %d, want %d"
               % (info["launch"], args.launch))
    if args.flights is not None:
        fl = info["flights"]
        expect(len(fl) == args.flights, "flight paths %d, want %d" % (len(fl), args.flights))
        # straight: the origin, each stop, the origin; dotted
        for n, stops, dash in fl:
            expect(n == stops + 2, "a flight path of %d points for %d stops" % (n, stops))
            expect(dash not in ("none", ""), "a flight path is not dotted (%r)" % dash)
    if args.zones is not None:
        expect(info["zones"] == args.zones, "no-fly zone paths %d, want %d" % (info["zones"], args.zones))
        for t in args.zone_names or []:
            expect(t in info["zoneLegend"], "the legend's zones %r lack %r" % (info["zoneLegend"], t))
    for t in args.contains or []:
        expect(t in info["summary"], "the map's summary line %r lacks %r" % (info["summary"], t))
    expect(info["depot"] == 1, "depot squares %d" % info["depot"])
    expect(info["legend"] >= 1, "legend rows %d" % info["legend"])
    if args.roads:
        expect(info["roads"] > 100, "road pieces %d" % info["roads"])
        painted = page.eval("""(function(){
          var c = document.getElementById('roads'), d = c.getContext('2d')
            .getImageData(0, 0, c.width, c.height).data, n = 0;
          for (var i = 3; i < d.length; i += 4) if (d[i]) n++;
          return n; })()""")
        expect(painted > 1000, "road canvas painted pixels %d" % painted)
    if args.max_load_ms:
        expect(info["loadMs"] <= args.max_load_ms, "script load %.0f ms > %d ms"
               % (info["loadMs"], args.max_load_ms))
        # one zoom step, measured to the second frame after it
        ms = page.eval("""new Promise(function (ok) { var t0 = performance.now();
          cunluMap.zoomAt(0.7, 300, 300); requestAnimationFrame(function () {
          requestAnimationFrame(function () { ok(performance.now() - t0); }); }); })""")
        print("map %s: zoom step %.0f ms" % (args.dir, ms))
        expect(ms <= args.max_load_ms, "zoom step %.0f ms" % ms)
        page.eval("cunluMap.fit()")
    if args.hover:
        tip = hover(page, args.hover)
        expect(tip is not None, "hovering the stop with %r shows no tooltip" % args.hover)
        for t in [args.hover] + (args.tip or []):
            expect(tip is not None and t in tip, "tooltip %r lacks %r" % (tip, t))
        page.eval("cunluMap.fit()")
    if args.routes:
        # switching the first vehicle off hides its routes and stops
        n = page.eval("""(function(){ var b = document.querySelector('#legend input[data-vehicle="0"]');
          b.click(); var hidden = Array.prototype.filter.call(document.querySelectorAll('path.route'),
          function (e) { return e.getClientRects().length === 0; }).length;
          b.click(); return hidden; })()""")
        expect(n >= 1, "switching vehicle 0 off hid %d route paths" % n)
    png = page.screenshot(args.shot or os.path.join(args.dir, "map.png"))
    st = common(page, args, png)
    print("map %s: screenshot %s, %d colours" % (args.dir, args.shot, st["colours"]))


def check_sheets(b, args):
    url = "file://" + os.path.abspath(os.path.join(args.dir, "sheets.html"))
    page = b.open(url)
    info = page.eval("""({ sheets: document.querySelectorAll('section.sheet').length,
      pilots: document.querySelectorAll('section.sheet.pilot').length,
      flights: document.querySelectorAll('section.sheet.pilot svg.mini path.flight').length,
      rows: document.querySelectorAll('tr.stop').length,
      maps: document.querySelectorAll('section.sheet svg.mini').length,
      text: document.body.innerText })""")
    print("sheets %s: %d sheets, %d stop rows, load %.0f ms" % (args.dir, info["sheets"],
                                                                  info["rows"], page.load_ms))
    if args.sheets is not None:
        expect(info["sheets"] == args.sheets, "sheets %d, want %d" % (info["sheets"], args.sheets))
        expect(info["maps"] == args.sheets, "small maps %d, want %d" % (info["maps"], args.sheets))
    if args.pilots is not None:
        expect(info["pilots"] == args.pilots, "pilot sheets %d, want %d" % (info["pilots"], args.pilots))
        expect(info["flights"] >= args.pilots, "dotted flights on the pilots' maps %d" % info["flights"])
    if args.rows is not None:
        expect(info["rows"] == args.rows, "stop rows %d, want %d" % (info["rows"], args.rows))
    for t in args.contains or []:
        expect(t in info["text"], "the sheets lack %r" % t)
    png = page.screenshot(args.shot or os.path.join(args.dir, "sheets.png"))
    common(page, args, png)
    if args.pdf_pages is not None:
        pdf = page.pdf(os.path.join(args.dir, "sheets.pdf"))
        m = re.findall(rb"/Type\s*/Page\b", pdf)
        expect(len(m) == args.pdf_pages, "printed pages %d, want %d" % (len(m), args.pdf_pages))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["map", "sheets"])
    ap.add_argument("dir")
    ap.add_argument("--routes", type=int)
    ap.add_argument("--visits", type=int)
    ap.add_argument("--others", type=int)
    ap.add_argument("--roads", action="store_true")
    ap.add_argument("--hover")
    ap.add_argument("--tip", nargs="*")
    ap.add_argument("--max-load-ms", type=int)
    ap.add_argument("--zones", type=int)
    ap.add_argument("--flights", type=int)
    ap.add_argument("--launch", type=int)
    ap.add_argument("--pilots", type=int)
    ap.add_argument("--zone-names", nargs="*")
    ap.add_argument("--sheets", type=int)
    ap.add_argument("--rows", type=int)
    ap.add_argument("--contains", nargs="*")
    ap.add_argument("--pdf-pages", type=int)
    ap.add_argument("--shot")
    args = ap.parse_args()
    try:
        b = browser.Browser()
    except browser.BrowserError as e:
        print("FAIL: %s" % e)
        return 1
    try:
        (check_map if args.what == "map" else check_sheets)(b, args)
    except browser.BrowserError as e:
        failures.append(str(e))
    finally:
        b.close()
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
