#!/usr/bin/env python3
"""Replays an EKS token the way a webhook does: GET the presigned URL with `x-k8s-aws-id` and
`Accept: application/json`. Prints the HTTP status on the first line and the body after it.

Usage: replay_token.py TOKEN CLUSTER_ID [tamper]
"""
import base64
import sys
import urllib.error
import urllib.request

token, cluster = sys.argv[1], sys.argv[2]
body = token[len("k8s-aws-v1."):]
url = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode()
if len(sys.argv) > 3 and sys.argv[3] == "tamper":
    url = url[:-1] + ("0" if url[-1] != "0" else "1")
if len(sys.argv) > 3 and sys.argv[3] == "strip-session-token":
    url = "&".join(p for p in url.split("&") if not p.startswith("X-Amz-Security-Token="))
request = urllib.request.Request(url, headers={"x-k8s-aws-id": cluster, "Accept": "application/json"})
try:
    with urllib.request.urlopen(request, timeout=10) as response:
        print(response.status)
        print(response.read().decode())
except urllib.error.HTTPError as error:
    print(error.code)
    print(error.read().decode())
