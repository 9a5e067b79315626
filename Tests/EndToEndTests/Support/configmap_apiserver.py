#!/usr/bin/env python3
"""A stand-in Kubernetes API server over HTTPS for ConfigMaps in kube-system: list and watch with
resourceVersion semantics (watch events after a version; 410 Gone for a version older than the kept
history; chunked newline-delimited JSON), bearer-token authentication, and a control API for tests.

Usage: configmap_apiserver.py PORT CA_FILE TOKEN

Control (no authentication), for the test driving it:
  PUT    /control/configmaps/NAME   body: JSON object of the ConfigMap's data -> ADDED or MODIFIED
  DELETE /control/configmaps/NAME   -> DELETED
  POST   /control/drop-watches      ends every open watch (clients must watch again)
  POST   /control/compact           forgets the event history (watches from older versions answer 410 Gone)
  POST   /control/expire-next-watch the next watch request answers 410 Gone, as after a compaction past
                                    the watcher's version
  PUT    /control/rbac/RESOURCE     body: JSON array of objects (without kind, as the API lists them)
                                    served at /apis/rbac.authorization.k8s.io/v1/RESOURCE
  GET    /control/stats             {"lists": N, "watches": N}
"""
import datetime
import json
import sys
import threading
import urllib.parse
import loopback_tls
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


port, ca_file, expected_token = int(sys.argv[1]), sys.argv[2], sys.argv[3]
context = loopback_tls.server_context(ca_file, "configmap-apiserver")

lock = threading.Condition()
state = {"rv": 100, "configmaps": {}, "events": [], "oldest": 100, "generation": 0, "lists": 0, "watches": 0, "expire_next": False, "rbac": {}}
RBAC_KINDS = {"roles": "RoleList", "clusterroles": "ClusterRoleList", "rolebindings": "RoleBindingList", "clusterrolebindings": "ClusterRoleBindingList"}


def configmap(cm_name, data, rv):
    return {"apiVersion": "v1", "kind": "ConfigMap", "data": data,
            "metadata": {"name": cm_name, "namespace": "kube-system", "resourceVersion": str(rv)}}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def control(self, method):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = self.path
        with lock:
            if path.startswith("/control/rbac/"):
                state["rbac"][path.rsplit("/", 1)[1]] = json.loads(body)
            elif path.startswith("/control/configmaps/"):
                cm_name = path.rsplit("/", 1)[1]
                state["rv"] += 1
                if method == "PUT":
                    kind = "MODIFIED" if cm_name in state["configmaps"] else "ADDED"
                    state["configmaps"][cm_name] = configmap(cm_name, json.loads(body), state["rv"])
                    state["events"].append((state["rv"], kind, state["configmaps"][cm_name]))
                else:
                    gone = state["configmaps"].pop(cm_name, None) or configmap(cm_name, {}, state["rv"])
                    gone["metadata"]["resourceVersion"] = str(state["rv"])
                    state["events"].append((state["rv"], "DELETED", gone))
            elif path == "/control/drop-watches":
                state["generation"] += 1
            elif path == "/control/expire-next-watch":
                state["expire_next"] = True
            elif path == "/control/compact":
                state["events"] = []
                state["oldest"] = state["rv"]
            elif path == "/control/stats":
                stats = {"lists": state["lists"], "watches": state["watches"]}
                lock.notify_all()
                return self.reply(200, stats)
            lock.notify_all()
        self.reply(200, {"resourceVersion": str(state["rv"])})

    def authorized(self):
        if self.headers.get("Authorization") == f"Bearer {expected_token}":
            return True
        self.reply(401, {"kind": "Status", "status": "Failure", "message": "Unauthorized", "code": 401})
        return False

    def do_PUT(self):
        self.control("PUT")

    def do_DELETE(self):
        self.control("DELETE")

    def do_POST(self):
        self.control("POST")

    def do_GET(self):
        if self.path.startswith("/control/"):
            return self.control("GET")
        if not self.authorized():
            return
        url = urllib.parse.urlparse(self.path)
        query = urllib.parse.parse_qs(url.query)
        if url.path.startswith("/apis/rbac.authorization.k8s.io/v1/") and url.path.rsplit("/", 1)[1] in RBAC_KINDS:
            resource = url.path.rsplit("/", 1)[1]
            with lock:
                items = state["rbac"].get(resource, [])
            return self.reply(200, {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": RBAC_KINDS[resource], "items": items,
                                    "metadata": {"resourceVersion": str(state["rv"])}})
        if url.path != "/api/v1/namespaces/kube-system/configmaps":
            return self.reply(404, {"kind": "Status", "message": "not found", "code": 404})
        selector = query.get("fieldSelector", [""])[0]
        wanted = selector.split("=", 1)[1] if selector.startswith("metadata.name=") else None
        if query.get("watch", ["false"])[0] != "true":
            with lock:
                state["lists"] += 1
                items = [cm for n, cm in state["configmaps"].items() if wanted in (None, n)]
                return self.reply(200, {"apiVersion": "v1", "kind": "ConfigMapList", "items": items,
                                        "metadata": {"resourceVersion": str(state["rv"])}})
        since = int(query.get("resourceVersion", ["0"])[0])
        with lock:
            state["watches"] += 1
            generation = state["generation"]
            if since < state["oldest"] or state["expire_next"]:
                state["expire_next"] = False
                return self.reply(410, {"kind": "Status", "status": "Failure", "message": f"too old resource version: {since}", "code": 410})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        sent = since
        timeout = float(query.get("timeoutSeconds", ["300"])[0])
        deadline = datetime.datetime.now() + datetime.timedelta(seconds=timeout)
        try:
            while True:
                with lock:
                    while (state["generation"] == generation and datetime.datetime.now() < deadline
                           and not any(rv > sent for rv, _, _ in state["events"])):
                        lock.wait(timeout=0.5)
                    if state["generation"] != generation or datetime.datetime.now() >= deadline:
                        break
                    pending = [(rv, kind, obj) for rv, kind, obj in state["events"] if rv > sent]
                for rv, kind, obj in pending:
                    if wanted not in (None, obj["metadata"]["name"]):
                        sent = rv
                        continue
                    line = (json.dumps({"type": kind, "object": obj}) + "\n").encode()
                    self.wfile.write(f"{len(line):x}\r\n".encode() + line + b"\r\n")
                    self.wfile.flush()
                    sent = rv
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True


server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
server.socket = context.wrap_socket(server.socket, server_side=True)
print("ready", flush=True)
server.serve_forever()
