#!/usr/bin/env python3
"""Reads hex-encoded request bodies, one per line, and prints for each how Go's encoding/json reads
it into a TokenReview (RFC 8259 only: no NaN/Infinity, no raw control characters; the last of
repeated keys wins, but a value of the wrong type under any of them is an error; lone surrogates
read as U+FFFD): "ERR", or a JSON array [apiVersion, kind, hasSpec, token]."""
import json
import sys


def reject_constant(name):
    raise ValueError(name)


class Pairs(dict):
    """An object that remembers every key/value pair, repeats included."""

    def __init__(self, pairs):
        super().__init__(pairs)
        self.pairs = pairs


def all_values(obj, key):
    return [v for k, v in obj.pairs if k == key]


def is_string(value):
    return value is None or isinstance(value, str)


def clean(value):
    if value is None:
        return None
    return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


for line in sys.stdin:
    try:
        doc = json.loads(bytes.fromhex(line.strip()).decode("utf-8"), parse_constant=reject_constant, object_pairs_hook=Pairs)
        if not isinstance(doc, dict):
            raise ValueError("not an object")
        if not all(is_string(v) for v in all_values(doc, "apiVersion") + all_values(doc, "kind")):
            raise ValueError("type")
        specs = all_values(doc, "spec")
        if not all(v is None or isinstance(v, dict) for v in specs):
            raise ValueError("type")
        if not all(is_string(t) for v in specs if v is not None for t in all_values(v, "token")):
            raise ValueError("type")
        api, kind, spec = doc.get("apiVersion"), doc.get("kind"), doc.get("spec")
        token = spec.get("token") if spec else None
        print(json.dumps([clean(api), clean(kind), spec is not None, clean(token)]))
    except (ValueError, UnicodeDecodeError, RecursionError):
        print("ERR")
