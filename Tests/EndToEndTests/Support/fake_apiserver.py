#!/usr/bin/env python3
"""A stand-in Kubernetes API server over HTTPS for kubectl: answers discovery and a pod list, and
appends each request's Authorization header to LOG. Its certificate (for 127.0.0.1) is made at start
with `cryptography` and written to CA_FILE.

Usage: fake_apiserver.py PORT CA_FILE LOG
"""
import datetime
import ipaddress
import json
import ssl
import sys
import tempfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

port, ca_file, log_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]
key = ec.generate_private_key(ec.SECP256R1())
name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fake-apiserver")])
now = datetime.datetime.now(datetime.timezone.utc)
cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256()))
cert_pem = cert.public_bytes(serialization.Encoding.PEM)
with open(ca_file, "wb") as f:
    f.write(cert_pem)
bundle = tempfile.NamedTemporaryFile(delete=False, suffix=".pem")
bundle.write(cert_pem + key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
bundle.close()

POD_LIST = {"kind": "PodList", "apiVersion": "v1", "metadata": {"resourceVersion": "1"}, "items": [{
    "metadata": {"name": "hello-eksauth", "namespace": "default", "creationTimestamp": "2024-01-02T03:04:05Z"},
    "spec": {"containers": [{"name": "c", "image": "busybox"}]},
    "status": {"phase": "Running", "containerStatuses": [{"name": "c", "ready": True, "restartCount": 0, "image": "busybox", "imageID": "", "started": True, "state": {"running": {}}}]}}]}
DISCOVERY = {
    "/version": {"major": "1", "minor": "32", "gitVersion": "v1.32.0"},
    "/api": {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]},
    "/apis": {"kind": "APIGroupList", "apiVersion": "v1", "groups": []},
    "/api/v1": {"kind": "APIResourceList", "groupVersion": "v1", "resources": [
        {"name": "pods", "singularName": "pod", "namespaced": True, "kind": "Pod", "verbs": ["get", "list"], "shortNames": ["po"]}]},
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        with open(log_file, "a") as f:
            f.write(json.dumps({"path": self.path, "authorization": self.headers.get("Authorization", "")}) + "\n")
        path = self.path.split("?")[0]
        if not self.headers.get("Authorization", "").startswith("Bearer k8s-aws-v1."):
            return self.reply(401, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "Unauthorized", "code": 401})
        if path in DISCOVERY:
            return self.reply(200, DISCOVERY[path])
        if path == "/api/v1/namespaces/default/pods":
            return self.reply(200, POD_LIST)
        self.reply(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound", "code": 404})

    def reply(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(bundle.name)
server.socket = context.wrap_socket(server.socket, server_side=True)
server.serve_forever()
