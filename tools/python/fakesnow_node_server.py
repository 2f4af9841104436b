"""Runs the fakesnow Snowflake emulator (`fakesnow -s`, same app) on 127.0.0.1 for the
official Node driver (snowflake-sdk).

fakesnow 0.12.1 answers every SELECT in Arrow format (what the Python connector asks
for), but the Node driver only reads Snowflake's JSON result format (real Snowflake
sends JSON to it). This launcher keeps fakesnow's server, sessions and DuckDB engine
unchanged and re-encodes each successful query-request result from Arrow into the
JSON rowset Snowflake would send (values as strings: numbers as text, DATE as days,
TIMESTAMP_* as "seconds.nanos", BOOLEAN as "1"/"0"). Nothing else is touched: all
SQL is executed by fakesnow. (Upstream: tekumara/fakesnow PR #313 describes the same
Node incompatibility.)

Prints `FAKESNOW_PORT=<port>` on stdout once listening; stops on SIGTERM/SIGINT.
Usage: python fakesnow_node_server.py [--port N]
"""

from __future__ import annotations

import argparse
import base64
import json
import signal
import socket
import sys
import threading
import time
from typing import Any

import pyarrow as pa
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

import fakesnow.server as fs_server


def _cell(value: Any, col: dict[str, Any]) -> str | None:
    if value is None:
        return None
    t = str(col.get("type", "")).lower()
    if t == "boolean":
        return "1" if value else "0"
    if t == "date":
        import datetime as dt

        return str((value - dt.date(1970, 1, 1)).days)
    if t.startswith("timestamp"):
        # fakesnow's Arrow form: {epoch, fraction[, timezone]} (a NULL may arrive as a struct of NULLs)
        if value.get("epoch") is None:
            return None
        s = f"{value['epoch']}.{int(value['fraction']):09d}"
        return f"{s} {value.get('timezone', 1440)}" if t == "timestamp_tz" else s
    if t == "time":
        return f"{value // 1_000_000_000}.{value % 1_000_000_000:09d}"
    if t == "binary":
        return bytes(value).hex()
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _to_json_rowset(data: dict[str, Any]) -> None:
    b64 = data.pop("rowsetBase64", "")
    rowtype = data.get("rowtype") or []
    rows: list[list[str | None]] = []
    if b64:
        table = pa.ipc.open_stream(base64.b64decode(b64)).read_all()
        cols = [c.to_pylist() for c in table.columns]
        rows = [[_cell(cols[i][r], rowtype[i]) for i in range(len(cols))] for r in range(table.num_rows)]
    data["rowset"] = rows
    data["queryResultFormat"] = "json"
    data["returned"] = len(rows)
    data["total"] = len(rows) if "rowset" in data else data.get("total", 0)
    data.setdefault("version", 1)


async def query_request(request: Request) -> Response:
    resp = await fs_server.query_request(request)
    body = json.loads(bytes(resp.body))
    data = body.get("data")
    if body.get("success") and isinstance(data, dict) and "rowtype" in data:
        if data.get("queryResultFormat") == "arrow":
            _to_json_rowset(data)
        else:
            data["returned"] = len(data.get("rowset") or [])
        body["code"] = None
    return JSONResponse(body, status_code=resp.status_code)


def build_app() -> Starlette:
    routes = []
    for r in fs_server.routes:
        if isinstance(r, Route) and r.path == "/queries/v1/query-request":
            routes.append(Route(r.path, query_request, methods=["POST"]))
        else:
            routes.append(r)
    return Starlette(debug=False, routes=routes)


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0)
    args = p.parse_args()
    port = args.port
    if not port:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(build_app(), host="127.0.0.1", port=port, log_level="info"))
    thread = threading.Thread(target=server.run, name="fakesnow", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while thread.is_alive() and not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    if not server.started:
        print("fakesnow server did not start", file=sys.stderr)
        return 1
    print(f"FAKESNOW_PORT={port}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.is_set() and thread.is_alive():
        stop.wait(0.5)
    server.should_exit = True
    thread.join(5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
