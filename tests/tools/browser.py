#!/usr/bin/env python3
"""browser.py -- drive headless Chromium over the DevTools protocol.

A small client for tests/e2e/html_test.sh: Chromium is started with
--remote-debugging-pipe (the protocol on file descriptors 3 and 4, one
JSON message per NUL-terminated chunk), so nothing listens on a port and
no third-party package is needed. Flags: headless, no sandbox (root in
CI), no GPU, no QUIC, no first-run, no background networking, no
component updates, no sync, a fresh profile directory.

    b = Browser()                  # starts chromium
    page = b.open("file:///.../map.html", wait="window.cunluMap && cunluMap.ready")
    page.eval("document.querySelectorAll('path.route').length")
    page.screenshot("map.png")
    page.errors                    # console errors, exceptions, failed loads
    page.requests                  # every URL the page asked for
    b.close()

As a command: browser.py URL SCREENSHOT.png [JS-EXPRESSION] loads the page,
saves the screenshot, prints the expression's value as JSON and the errors.
"""
import base64
import fcntl
import json
import os
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

CHROMIUM = os.environ.get("CHROMIUM", "chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
         "--remote-debugging-pipe"]


class BrowserError(Exception):
    pass


class Browser:
    def __init__(self, width=1280, height=800, timeout=60):
        exe = shutil.which(CHROMIUM) or shutil.which("chromium-browser")
        if not exe:
            raise BrowserError("chromium is not installed (tests/install-deps.sh installs it)")
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="cunlu-chromium-")
        to_child_r, self.to_child_w = os.pipe()
        self.from_child_r, from_child_w = os.pipe()
        # the child reads commands on fd 3 and writes replies on fd 4
        def setup():
            # move both ends above 4 first, so neither dup2 clobbers the other
            r = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)
            w = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)
            os.dup2(r, 3)
            os.dup2(w, 4)
        self.proc = subprocess.Popen(
            [exe] + FLAGS + ["--user-data-dir=" + self.profile,
                             "--window-size=%d,%d" % (width, height), "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, preexec_fn=setup,
            pass_fds=(3, 4, to_child_r, from_child_w))
        os.close(to_child_r)
        os.close(from_child_w)
        self.buf = b""
        self.next_id = 0
        self.events = []
        self.width, self.height = width, height

    # -- the protocol
    def send(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_child_w, json.dumps(msg).encode() + b"\0")
        return self.wait_reply(self.next_id, method)

    def read_message(self, deadline):
        while b"\0" not in self.buf:
            left = deadline - time.time()
            if left <= 0:
                raise BrowserError("timed out waiting for chromium")
            r, _, _ = select.select([self.from_child_r], [], [], left)
            if not r:
                continue
            chunk = os.read(self.from_child_r, 1 << 20)
            if not chunk:
                err = self.proc.stderr.read().decode(errors="replace")[-2000:]
                raise BrowserError("chromium exited: " + err)
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\0", 1)
        return json.loads(raw)

    def wait_reply(self, mid, method):
        deadline = time.time() + self.timeout
        while True:
            m = self.read_message(deadline)
            if m.get("id") == mid:
                if "error" in m:
                    raise BrowserError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self.events.append(m)

    def pump(self, seconds):
        """Collect events for a while."""
        deadline = time.time() + seconds
        try:
            while True:
                self.events.append(self.read_message(deadline))
        except BrowserError as e:
            if "timed out" not in str(e):
                raise

    def open(self, url, wait=None, wait_s=30):
        t = self.send("Target.createTarget", {"url": "about:blank"})
        s = self.send("Target.attachToTarget", {"targetId": t["targetId"], "flatten": True})
        page = Page(self, s["sessionId"])
        page.setup()
        page.navigate(url, wait, wait_s)
        return page

    def close(self):
        try:
            self.send("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.to_child_w)
        os.close(self.from_child_r)
        shutil.rmtree(self.profile, ignore_errors=True)


class Page:
    def __init__(self, browser, session):
        self.b = browser
        self.session = session
        self.errors = []
        self.requests = []
        self.load_ms = None

    def cmd(self, method, params=None):
        r = self.b.send(method, params, self.session)
        self.absorb()
        return r

    def absorb(self):
        """Sort the events collected so far: errors and requests."""
        keep = []
        for m in self.b.events:
            if m.get("sessionId") != self.session:
                keep.append(m)
                continue
            meth, p = m.get("method"), m.get("params", {})
            if meth == "Runtime.exceptionThrown":
                d = p["exceptionDetails"]
                self.errors.append("exception: %s %s" % (
                    d.get("text", ""), d.get("exception", {}).get("description", "")))
            elif meth == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                self.errors.append("console.%s: %s" % (p["type"], " ".join(
                    str(a.get("value", a.get("description", ""))) for a in p.get("args", []))))
            elif meth == "Log.entryAdded" and p["entry"].get("level") == "error":
                self.errors.append("log: %s %s" % (p["entry"].get("text", ""), p["entry"].get("url", "")))
            elif meth == "Network.requestWillBeSent":
                self.requests.append(p["request"]["url"])
            elif meth == "Network.loadingFailed":
                self.errors.append("load failed: %s" % p.get("errorText", ""))
        self.b.events = keep

    def setup(self):
        for dom in ("Page", "Runtime", "Log", "Network"):
            self.cmd(dom + ".enable")
        self.cmd("Emulation.setDeviceMetricsOverride", {
            "width": self.b.width, "height": self.b.height, "deviceScaleFactor": 1,
            "mobile": False})

    def navigate(self, url, wait=None, wait_s=30):
        t0 = time.time()
        self.cmd("Page.navigate", {"url": url})
        deadline = time.time() + wait_s
        loaded = False
        while time.time() < deadline and not loaded:
            m = self.b.read_message(deadline)
            self.b.events.append(m)
            if m.get("method") == "Page.loadEventFired" and m.get("sessionId") == self.session:
                loaded = True
        self.absorb()
        if not loaded:
            raise BrowserError("page did not load: " + url)
        if wait:
            while time.time() < deadline:
                if self.eval("!!(%s)" % wait):
                    break
                time.sleep(0.05)
            else:
                raise BrowserError("page never satisfied: " + wait)
        self.load_ms = (time.time() - t0) * 1000

    def eval(self, expr):
        r = self.cmd("Runtime.evaluate", {"expression": expr, "returnByValue": True,
                                          "awaitPromise": True})
        if "exceptionDetails" in r:
            raise BrowserError("evaluating %s: %s" % (expr, r["exceptionDetails"].get(
                "exception", {}).get("description", r["exceptionDetails"].get("text"))))
        return r["result"].get("value")

    def mouse(self, kind, x, y, button="none", clicks=0):
        self.cmd("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y,
                                              "button": button, "clickCount": clicks})

    def screenshot(self, path):
        r = self.cmd("Page.captureScreenshot", {"format": "png"})
        data = base64.b64decode(r["data"])
        with open(path, "wb") as f:
            f.write(data)
        return data

    def pdf(self, path):
        r = self.cmd("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True})
        data = base64.b64decode(r["data"])
        with open(path, "wb") as f:
            f.write(data)
        return data


def png_pixels(data):
    """Decode an 8-bit RGB or RGBA, non-interlaced PNG: (width, height,
    bytes per pixel, rows as bytearrays)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, w = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise ValueError("unsupported PNG (depth %d, colour type %d)" % (depth, ctype))
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(h):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, bpp, rows


def png_stats(data, step=4):
    """Distinct colours and the share of pixels unlike the most common
    colour (the background), sampling every step-th pixel."""
    w, h, bpp, rows = png_pixels(data)
    counts = {}
    for y in range(0, h, step):
        row = rows[y]
        for x in range(0, w, step):
            c = bytes(row[x * bpp:x * bpp + 3])
            counts[c] = counts.get(c, 0) + 1
    total = sum(counts.values())
    top = max(counts.values())
    return {"width": w, "height": h, "colours": len(counts),
            "non_background": 1 - top / total}


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    b = Browser()
    try:
        page = b.open(sys.argv[1])
        page.b.pump(0.5)
        page.absorb()
        png = page.screenshot(sys.argv[2])
        out = {"stats": png_stats(png), "errors": page.errors, "requests": page.requests,
               "load_ms": round(page.load_ms)}
        if len(sys.argv) > 3:
            out["value"] = page.eval(sys.argv[3])
        print(json.dumps(out, ensure_ascii=False, indent=1))
    finally:
        b.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
