#!/usr/bin/env python3
"""Signs a batch of requests with botocore, the reference SigV4 implementation.

Reads a JSON list on stdin; each item has method, base (scheme://authority), path, query
([[name, value], ...], decoded), headers ([[name, value], ...]), body (base64), accessKey,
secretKey, sessionToken (or null), region, service, amzDate, and mode: "header" or "presign"
(with expires). Writes a JSON list: the Authorization header (header mode) or the URL (presign).
"""
import base64
import datetime
import json
import sys

import botocore.auth
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

results = []
for case in json.load(sys.stdin):
    signed_at = datetime.datetime.strptime(case["amzDate"], "%Y%m%dT%H%M%SZ")
    botocore.auth.get_current_datetime = lambda remove_tzinfo=True, t=signed_at: t
    request = AWSRequest(
        method=case["method"],
        url=case["base"] + case["path"],
        params=[tuple(pair) for pair in case["query"]],
        data=base64.b64decode(case["body"]),
    )
    for name, value in case["headers"]:
        request.headers[name] = value  # email-style headers: assigning again adds a line
    credentials = Credentials(case["accessKey"], case["secretKey"], case.get("sessionToken"))
    if case["mode"] == "header":
        SigV4Auth(credentials, case["service"], case["region"]).add_auth(request)
        results.append(request.headers["Authorization"])
    else:
        SigV4QueryAuth(credentials, case["service"], case["region"], expires=case["expires"]).add_auth(request)
        results.append(request.url)
json.dump(results, sys.stdout)
