#!/usr/bin/env python3
"""A stand-in Kubernetes API server over HTTPS for kubectl: answers discovery and a pod list, and
appends each request's Authorization header to LOG. Its certificate (for 127.0.0.1) is made at start
with `cryptography` and written to CA_FILE.

Usage: fake_apiserver.py PORT CA_FILE LOG
"""
import json
import sys
import loopback_tls
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


port, ca_file, log_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]
context = loopback_tls.server_context(ca_file, "fake-apiserver")

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
server.socket = context.wrap_socket(server.socket, server_side=True)
server.serve_forever()
