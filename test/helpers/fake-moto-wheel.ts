/**
 * Two tiny wheels built on the spot, so that the private-environment path of the moto resolver
 * can run `pip install "moto[server]==5.2.1"` for real without an index: `moto` 5.2.1 (its
 * `[server]` extra requires `flask`, as the real one does) whose `moto.server` is a small HTTP
 * server answering the two moto-api paths the tests use, and an empty `flask`.
 */
import { spawnSync } from 'node:child_process';

const SERVER = `
import argparse, http.server
p = argparse.ArgumentParser()
p.add_argument("-H", default="127.0.0.1")
p.add_argument("-p", type=int, default=5000)
a = p.parse_args()
class H(http.server.BaseHTTPRequestHandler):
    def _ok(self):
        body = b"{}"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_GET(self):
        self._ok()
    def do_POST(self):
        self._ok()
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer((a.H, a.p), H).serve_forever()
`;

const BUILD = `
import sys, zipfile, os
out = sys.argv[1]
server = sys.argv[2]
def wheel(name, version, files, requires=(), extras=()):
    di = f"{name}-{version}.dist-info"
    meta = [f"Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    meta += [f"Provides-Extra: {e}" for e in extras]
    meta += [f"Requires-Dist: {r}" for r in requires]
    files = dict(files)
    files[f"{di}/METADATA"] = "\\n".join(meta) + "\\n"
    files[f"{di}/WHEEL"] = "Wheel-Version: 1.0\\nGenerator: postflight-tests\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"
    files[f"{di}/RECORD"] = "".join(f"{p},,\\n" for p in files) + f"{di}/RECORD,,\\n"
    with zipfile.ZipFile(os.path.join(out, f"{name}-{version}-py3-none-any.whl"), "w") as z:
        for p, text in files.items():
            z.writestr(p, text)
wheel("moto", "5.2.1", {"moto/__init__.py": "__version__ = '5.2.1'\\n", "moto/server.py": server}, requires=['flask; extra == "server"'], extras=["server"])
wheel("flask", "0.0.1", {"flask/__init__.py": ""})
`;

/** Builds the wheels into `dir` with `python`. */
export function buildFakeMotoWheels(python: string, dir: string): void {
  const r = spawnSync(python, ['-c', BUILD, dir, SERVER], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`could not build the test wheels: ${r.stderr}`);
}
