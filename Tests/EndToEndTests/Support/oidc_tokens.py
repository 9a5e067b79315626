"""Test OpenID Connect issuer: RSA keys, their JWKS, RS256 tokens, and eksauth's
SetOpenIDConnectProviderKeys call (SigV4-signed by botocore).

  oidc_tokens.py keys DIR                       writes DIR/{main,other}.pem and DIR/jwks.json (main's public key, kid "main")
  oidc_tokens.py token DIR ISS SUB AUD EXP [KEY] prints a token; EXP is seconds from now (negative: expired); KEY main|other
  oidc_tokens.py set-keys ENDPOINT ARN JWKS      calls SetOpenIDConnectProviderKeys with the environment's credentials
"""
import base64
import json
import sys
import time
import urllib.request

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def int_bytes(value):
    return value.to_bytes((value.bit_length() + 7) // 8, "big")


def keys(directory):
    for name in ("main", "other"):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        with open(f"{directory}/{name}.pem", "wb") as f:
            f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        if name == "main":
            numbers = key.public_key().public_numbers()
            jwks = {"keys": [{"kty": "RSA", "alg": "RS256", "use": "sig", "kid": "main",
                              "n": b64url(int_bytes(numbers.n)), "e": b64url(int_bytes(numbers.e))}]}
            with open(f"{directory}/jwks.json", "w") as f:
                json.dump(jwks, f)


def token(directory, issuer, subject, audience, expires_in, key_name="main"):
    with open(f"{directory}/{key_name}.pem", "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    now = int(time.time())
    header = {"alg": "RS256", "typ": "JWT", "kid": "main"}
    claims = {"iss": issuer, "sub": subject, "aud": audience, "iat": now - 60, "nbf": now - 60, "exp": now + int(expires_in)}
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
    signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    print(signing_input + "." + b64url(signature))


def set_keys(endpoint, arn, jwks_file):
    import botocore.session
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest

    credentials = botocore.session.get_session().get_credentials()
    with open(jwks_file) as f:
        jwks = f.read()
    body = urllib.parse.urlencode({"Action": "SetOpenIDConnectProviderKeys", "Version": "2010-05-08",
                                   "OpenIDConnectProviderArn": arn, "KeySet": jwks})
    request = AWSRequest(method="POST", url=endpoint + "/", data=body,
                         headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    SigV4Auth(credentials, "iam", "us-east-1").add_auth(request)
    prepared = request.prepare()
    http = urllib.request.Request(prepared.url, data=prepared.body.encode() if isinstance(prepared.body, str) else prepared.body,
                                  headers=dict(prepared.headers), method="POST")
    try:
        with urllib.request.urlopen(http) as response:
            print(response.status)
    except urllib.error.HTTPError as error:
        print(error.code, error.read().decode())
        sys.exit(1)


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "keys":
        keys(sys.argv[2])
    elif command == "token":
        token(*sys.argv[2:])
    elif command == "set-keys":
        import urllib.parse
        set_keys(*sys.argv[2:])
    else:
        sys.exit(f"unknown command {command}")
