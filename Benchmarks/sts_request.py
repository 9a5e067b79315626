"""Writes a wrk Lua script that replays one SigV4-signed STS GetCallerIdentity POST, signed by botocore
with the credentials of the environment (or the given key), valid for 15 minutes.

Usage: sts_request.py ENDPOINT OUTPUT.lua [ACCESS_KEY SECRET]
"""
import sys

import botocore.session
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

endpoint, output = sys.argv[1], sys.argv[2]
if len(sys.argv) > 4:
    credentials = Credentials(sys.argv[3], sys.argv[4])
else:
    credentials = botocore.session.get_session().get_credentials()
body = "Action=GetCallerIdentity&Version=2011-06-15"
request = AWSRequest(method="POST", url=endpoint + "/", data=body,
                     headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
SigV4Auth(credentials, "sts", "us-east-1").add_auth(request)


def lua(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


with open(output, "w") as f:
    f.write('wrk.method = "POST"\n')
    f.write(f"wrk.body = {lua(body)}\n")
    for name, value in request.headers.items():
        f.write(f"wrk.headers[{lua(name)}] = {lua(value if isinstance(value, str) else value.decode())}\n")
