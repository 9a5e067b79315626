#!/usr/bin/env python3
"""A stand-in Kubernetes API server over HTTPS for ServiceAccounts: list and watch of
/api/v1/serviceaccounts with resourceVersion semantics (chunked newline-delimited JSON watch events),
GET /api/v1/namespaces/NS/serviceaccounts/NAME (404 Status when absent), bearer-token authentication,
and a control API for tests.

Usage: serviceaccount_apiserver.py PORT CA_FILE TOKEN

Control (no authentication):
  PUT    /control/serviceaccounts/NS/NAME   body: JSON object of annotations -> ADDED or MODIFIED
  DELETE /control/serviceaccounts/NS/NAME   -> DELETED
  PUT    /control/unlisted/NS/NAME          body: annotations; the account exists for GET but is in no
                                            list or watch event yet (an informer that is behind)
  GET    /control/stats                     {"lists": N, "watches": N, "gets": {"NS/NAME": N}}
"""
import datetime
import json
import sys
import threading
import urllib.parse
import loopback_tls
from stand_in_http import JSONHandler, serve

port, ca_file, expected_token = int(sys.argv[1]), sys.argv[2], sys.argv[3]
context = loopback_tls.server_context(ca_file, "serviceaccount-apiserver")

lock = threading.Condition()
state = {"rv": 100, "accounts": {}, "unlisted": {}, "events": [], "lists": 0, "watches": 0, "gets": {}}


def account(namespace, name, annotations, rv):
    return {"apiVersion": "v1", "kind": "ServiceAccount",
            "metadata": {"name": name, "namespace": namespace, "uid": f"uid-{namespace}-{name}", "resourceVersion": str(rv),
                         "annotations": annotations}}


class Handler(JSONHandler):
    def control(self, method):
        body = self.read_body()
        parts = self.path.split("/")
        with lock:
            if self.path == "/control/stats":
                return self.reply(200, {"lists": state["lists"], "watches": state["watches"], "gets": state["gets"]})
            if len(parts) == 5 and parts[2] == "unlisted":
                key = f"{parts[3]}/{parts[4]}"
                state["rv"] += 1
                state["unlisted"][key] = account(parts[3], parts[4], json.loads(body), state["rv"])
            elif len(parts) == 5 and parts[2] == "serviceaccounts":
                key = f"{parts[3]}/{parts[4]}"
                state["rv"] += 1
                if method == "PUT":
                    kind = "MODIFIED" if key in state["accounts"] else "ADDED"
                    state["accounts"][key] = account(parts[3], parts[4], json.loads(body), state["rv"])
                    state["unlisted"].pop(key, None)
                    state["events"].append((state["rv"], kind, state["accounts"][key]))
                else:
                    gone = state["accounts"].pop(key, None) or account(parts[3], parts[4], {}, state["rv"])
                    gone = dict(gone, metadata=dict(gone["metadata"], resourceVersion=str(state["rv"])))
                    state["events"].append((state["rv"], "DELETED", gone))
            else:
                return self.reply(404, {"message": "unknown control path"})
            lock.notify_all()
        self.reply(200, {"resourceVersion": str(state["rv"])})

    def do_PUT(self):
        self.control("PUT")

    def do_DELETE(self):
        self.control("DELETE")

    def do_GET(self):
        if self.path.startswith("/control/"):
            return self.control("GET")
        if self.headers.get("Authorization") != f"Bearer {expected_token}":
            return self.reply(401, {"kind": "Status", "status": "Failure", "message": "Unauthorized", "code": 401})
        url = urllib.parse.urlparse(self.path)
        query = urllib.parse.parse_qs(url.query)
        parts = url.path.split("/")
        if len(parts) == 7 and parts[1:4] == ["api", "v1", "namespaces"] and parts[5] == "serviceaccounts":
            key = f"{parts[4]}/{parts[6]}"
            with lock:
                state["gets"][key] = state["gets"].get(key, 0) + 1
                found = state["accounts"].get(key) or state["unlisted"].get(key)
            if found is None:
                return self.reply(404, {"kind": "Status", "status": "Failure", "reason": "NotFound", "code": 404,
                                        "message": f'serviceaccounts "{parts[6]}" not found'})
            return self.reply(200, found)
        if url.path != "/api/v1/serviceaccounts":
            return self.reply(404, {"kind": "Status", "message": "not found", "code": 404})
        if query.get("watch", ["false"])[0] != "true":
            with lock:
                state["lists"] += 1
                return self.reply(200, {"apiVersion": "v1", "kind": "ServiceAccountList", "items": list(state["accounts"].values()),
                                        "metadata": {"resourceVersion": str(state["rv"])}})
        since = int(query.get("resourceVersion", ["0"])[0])
        with lock:
            state["watches"] += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        sent = since
        deadline = datetime.datetime.now() + datetime.timedelta(seconds=float(query.get("timeoutSeconds", ["300"])[0]))
        try:
            while True:
                with lock:
                    while datetime.datetime.now() < deadline and not any(rv > sent for rv, _, _ in state["events"]):
                        lock.wait(timeout=0.5)
                    if datetime.datetime.now() >= deadline:
                        break
                    pending = [(rv, kind, obj) for rv, kind, obj in state["events"] if rv > sent]
                for rv, kind, obj in pending:
                    self.write_event(kind, obj)
                    sent = rv
            self.end_chunks()
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True


serve(port, context, Handler)
