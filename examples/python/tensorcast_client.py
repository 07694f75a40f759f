#!/usr/bin/env python3
"""A small tensorcast client in Python (python3-grpcio and python3-grpc-tools from Debian suffice).

Reads a CSV with `ticker,date,close` (or `ret`), sends every ticker in one Forecast call and prints
one line per (ticker, model), or the whole response as JSON with --json.

    python3 examples/python/tensorcast_client.py --address 127.0.0.1:50051 \
        --input examples/data/dow30_daily_close.csv --model random_walk --model ewma --horizon 5
"""
import argparse
import csv
import datetime as dt
import json
import os
import sys
import tempfile

import grpc

HERE = os.path.dirname(os.path.abspath(__file__))
PROTO_ROOT = os.path.join(HERE, "..", "..", "proto")


def load_stubs(proto_root=PROTO_ROOT):
    """Generates the Python stubs from the .proto at run time, so nothing generated is committed."""
    from grpc_tools import protoc

    out = tempfile.mkdtemp(prefix="tensorcast-stubs-")
    rc = protoc.main(["protoc", f"-I{proto_root}", f"--python_out={out}", f"--grpc_python_out={out}",
                      "tensorcast/v1/forecast.proto"])
    if rc != 0:
        raise RuntimeError(f"protoc failed with exit code {rc}")
    sys.path.insert(0, out)
    from tensorcast.v1 import forecast_pb2, forecast_pb2_grpc  # noqa: E402

    return forecast_pb2, forecast_pb2_grpc


def epoch_ms(text):
    if text.replace(".", "", 1).isdigit():
        return int(float(text))
    d = dt.datetime.fromisoformat(text)
    if d.tzinfo is None:
        d = d.replace(tzinfo=dt.timezone.utc)
    return int(d.timestamp() * 1000)


def read_series(pb, path):
    by_ticker = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            ticker = row.get("ticker") or os.path.splitext(os.path.basename(path))[0]
            s = by_ticker.setdefault(ticker, pb.Series(ticker=ticker))
            t = row.get("date") or row.get("ts") or row.get("t")
            if t:
                s.timestamps_ms.append(epoch_ms(t))
            if "ret" in row:
                s.ret.append(float(row["ret"]) if row["ret"] != "" else float("nan"))
            else:
                s.close.append(float(row["close"]) if row["close"] != "" else float("nan"))
    return list(by_ticker.values())


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--address", default="127.0.0.1:50051")
    ap.add_argument("--input", required=True)
    ap.add_argument("--model", action="append", default=[])
    ap.add_argument("--horizon", type=int, default=5)
    ap.add_argument("--level", type=float, action="append", default=[])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--timeout", type=float, default=30.0)
    args = ap.parse_args(argv)

    pb, pb_grpc = load_stubs()
    from google.protobuf import json_format

    request = pb.ForecastRequest(
        series=read_series(pb, args.input),
        models=[pb.ModelSpec(name=m) for m in (args.model or ["random_walk"])],
        horizon_bars=args.horizon,
        levels=args.level or [0.8, 0.95],
    )
    options = [("grpc.max_send_message_length", 256 << 20), ("grpc.max_receive_message_length", 256 << 20)]
    with grpc.insecure_channel(args.address, options=options) as channel:
        stub = pb_grpc.ForecastServiceStub(channel)
        try:
            response = stub.Forecast(request, timeout=args.timeout)
        except grpc.RpcError as err:
            print(f"tensorcast error {err.code().name}: {err.details()}", file=sys.stderr)
            return 1
    if args.json:
        print(json.dumps(json_format.MessageToDict(response, preserving_proto_field_name=True)))
        return 0
    for f in response.forecasts:
        if f.status == pb.OK:
            print(f"{f.ticker:8s} {f.model:14s} mean[h]={f.mean[-1]:.4f} sd[h]={f.variance[-1] ** 0.5:.4f}")
        else:
            print(f"{f.ticker:8s} {f.model:14s} ERROR {f.error_code}: {f.error}")
    print(f"backend={response.backend} total_ms={response.timing.total_ms:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
