#!/usr/bin/env python3
"""Oracle for STSEndpointResolverTests: where does botocore send STS, and which region signs?

Reads a JSON list of cases on stdin:
    [{"region": "eu-west-1" | null, "env": {"AWS_USE_FIPS_ENDPOINT": "true", ...},
      "profile": {"sts_regional_endpoints": "legacy", ...}}, ...]
and writes a JSON list of results, one per case, in the same order:
    {"url": "https://sts.eu-west-1.amazonaws.com", "host": "sts.eu-west-1.amazonaws.com",
     "signingRegion": "eu-west-1"}  or  {"error": "InvalidRegionError: ...", "errorType": "InvalidRegionError"}

For each case the process environment holds exactly the case's AWS_* variables (all others removed),
AWS_SHARED_CREDENTIALS_FILE=/dev/null, and AWS_CONFIG_FILE is /dev/null or a temporary file with a
[default] profile made of the case's "profile" keys. The URL is the one
`generate_presigned_url('get_caller_identity')` produces, the signing region is the one in its
X-Amz-Credential scope.

With --partitions, prints botocore's endpoints/partitions.json instead (for PartitionTests).
"""

import json
import logging
import os
import sys
import tempfile
from urllib.parse import parse_qs, urlsplit

import botocore.session
from botocore.loaders import create_loader


def run_case(case, config_dir, loader):
    for name in [n for n in os.environ if n.startswith("AWS_")]:
        del os.environ[name]
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null"
    os.environ["AWS_CONFIG_FILE"] = "/dev/null"
    os.environ.update(case.get("env") or {})
    profile = case.get("profile") or {}
    if profile:
        path = os.path.join(config_dir, "config")
        with open(path, "w") as f:
            f.write("[default]\n")
            for key, value in profile.items():
                f.write(f"{key} = {value}\n")
        os.environ["AWS_CONFIG_FILE"] = path
    try:
        session = botocore.session.get_session()
        # One loader for all cases: it caches the parsed service and endpoint data.
        session.register_component("data_loader", loader)
        client = session.create_client(
            "sts",
            region_name=case.get("region"),
            aws_access_key_id="AKIDEXAMPLE",
            aws_secret_access_key="x",
        )
        url = client.generate_presigned_url("get_caller_identity")
    except Exception as error:  # noqa: BLE001 - every failure is a result
        return {"error": f"{type(error).__name__}: {error}", "errorType": type(error).__name__}
    parts = urlsplit(url)
    credential = parse_qs(parts.query)["X-Amz-Credential"][0]
    base = f"{parts.scheme}://{parts.netloc}{parts.path}".rstrip("/")
    return {"url": base, "host": parts.netloc, "signingRegion": credential.split("/")[2]}


def main():
    # botocore warns on stderr about FIPS pseudo-regions; the results say all there is to say.
    logging.getLogger("botocore").setLevel(logging.ERROR)
    if sys.argv[1:] == ["--partitions"]:
        json.dump(create_loader().load_data("partitions"), sys.stdout)
        return
    cases = json.load(sys.stdin)
    loader = create_loader()
    with tempfile.TemporaryDirectory() as config_dir:
        results = [run_case(case, config_dir, loader) for case in cases]
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
