#!/usr/bin/env python3
"""A real OIDC relying party for eksauth's service-account issuer: reads the discovery document from
the server (at the issuer's path), checks it, fetches the JWKS named by jwks_uri (and the EKS-style
/keys copy), and verifies TOKEN with PyJWT against it: signature, iss and aud. Prints the claims as JSON.

Usage: verify_sa_token.py ENDPOINT ISSUER TOKEN AUDIENCE
"""
import json
import sys
import urllib.parse
import urllib.request

import jwt

endpoint, issuer, token, audience = sys.argv[1:5]
path = urllib.parse.urlparse(issuer).path.rstrip("/")


def fetch(relative):
    with urllib.request.urlopen(endpoint + relative, timeout=5) as response:
        return response.headers, json.loads(response.read())


headers, discovery = fetch(path + "/.well-known/openid-configuration")
assert discovery["issuer"] == issuer, discovery
assert discovery["jwks_uri"].startswith(issuer + "/"), discovery
assert discovery["response_types_supported"] == ["id_token"], discovery
assert discovery["subject_types_supported"] == ["public"], discovery
assert "max-age" in headers.get("Cache-Control", ""), dict(headers)
_, jwks = fetch(urllib.parse.urlparse(discovery["jwks_uri"]).path)
_, keys_copy = fetch(path + "/keys")
assert jwks == keys_copy, (jwks, keys_copy)
header = jwt.get_unverified_header(token)
assert header["alg"] in discovery["id_token_signing_alg_values_supported"], (header, discovery)
matching = [k for k in jwks["keys"] if k.get("kid") == header["kid"]]
assert len(matching) == 1, (header, jwks)
key = jwt.PyJWK(matching[0])
claims = jwt.decode(token, key=key, algorithms=[header["alg"]], audience=audience, issuer=issuer)
print(json.dumps(claims, sort_keys=True))
