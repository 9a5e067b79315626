"""POSTs a TokenReview to an eksauth /authenticate URL (or sends METHOD with a raw BODY) and prints
the HTTP status on the first line and the body after it.

Usage: token_review.py URL TOKEN [API_VERSION]
       token_review.py URL --raw METHOD BODY
"""
import json
import ssl
import sys
import urllib.error
import urllib.request

url = sys.argv[1]
if sys.argv[2] == "--raw":
    method, body = sys.argv[3], sys.argv[4].encode()
else:
    version = sys.argv[3] if len(sys.argv) > 3 else "authentication.k8s.io/v1"
    method = "POST"
    body = json.dumps({"apiVersion": version, "kind": "TokenReview", "spec": {"token": sys.argv[2]}}).encode()
request = urllib.request.Request(url, data=body if method != "GET" else None, method=method,
                                 headers={"Content-Type": "application/json"})
try:
    with urllib.request.urlopen(request, context=ssl._create_unverified_context()) as response:
        status, text = response.status, response.read().decode()
except urllib.error.HTTPError as error:
    status, text = error.code, error.read().decode()
print(status)
print(text)
