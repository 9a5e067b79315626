#!/usr/bin/env python3
"""Checks an EKS token's signature with botocore: re-signs the same GET at the token's own
X-Amz-Date with SigV4QueryAuth and compares every query parameter.

Usage: botocore_presign_check.py TOKEN CLUSTER_ID SECRET_KEY [SESSION_TOKEN]
Prints VALID or INVALID; exit status 0 or 1.
"""
import base64
import datetime
import sys
import urllib.parse

import botocore.auth
from botocore.auth import SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

token, cluster, secret = sys.argv[1], sys.argv[2], sys.argv[3]
session_token = sys.argv[4] if len(sys.argv) > 4 else None
if not token.startswith("k8s-aws-v1."):
    print("INVALID prefix")
    sys.exit(1)
body = token[len("k8s-aws-v1."):]
url = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode()
parts = urllib.parse.urlsplit(url)
query = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
akid, _, region, service, _ = query["X-Amz-Credential"].split("/")
signed_at = datetime.datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ")
botocore.auth.get_current_datetime = lambda remove_tzinfo=True: signed_at
request = AWSRequest(
    method="GET",
    url=f"{parts.scheme}://{parts.netloc}/",
    params={"Action": query["Action"], "Version": query["Version"]},
    headers={"x-k8s-aws-id": cluster},
)
SigV4QueryAuth(Credentials(akid, secret, session_token), service, region, expires=int(query["X-Amz-Expires"])).add_auth(request)
expected = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(request.url).query, keep_blank_values=True))
valid = expected == query
print("VALID" if valid else "INVALID", expected.get("X-Amz-Signature"), query.get("X-Amz-Signature"))
sys.exit(0 if valid else 1)
