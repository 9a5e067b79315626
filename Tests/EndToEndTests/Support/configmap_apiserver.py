#!/usr/bin/env python3
"""A stand-in Kubernetes API server over HTTPS for ConfigMaps in kube-system: list and watch with
resourceVersion semantics (watch events after a version; 410 Gone for a version older than the kept
history; chunked newline-delimited JSON), get, create and replace with optimistic concurrency (a PUT
whose metadata.resourceVersion is not the current one answers 409 with a Status of reason Conflict, as
the real API server does; a POST of an existing name 409 AlreadyExists), bearer-token authentication,
and a control API for tests.

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
  POST   /control/on-next-put/NAME  body: JSON object of data -> just before the next API PUT of NAME is
                                    handled, the ConfigMap's data is set to it (MODIFIED), so that PUT's
                                    resourceVersion is stale and it answers 409
  GET    /control/stats             {"lists": N, "watches": N, "puts": N, "conflicts": N}
"""
import datetime
import json
import sys
import threading
import urllib.parse
import loopback_tls
from stand_in_http import JSONHandler, serve


port, ca_file, expected_token = int(sys.argv[1]), sys.argv[2], sys.argv[3]
context = loopback_tls.server_context(ca_file, "configmap-apiserver")

lock = threading.Condition()
state = {"rv": 100, "configmaps": {}, "events": [], "oldest": 100, "generation": 0, "lists": 0, "watches": 0, "expire_next": False, "rbac": {},
         "puts": 0, "conflicts": 0, "on_next_put": {}}
RBAC_KINDS = {"roles": "RoleList", "clusterroles": "ClusterRoleList", "rolebindings": "RoleBindingList", "clusterrolebindings": "ClusterRoleBindingList"}


def configmap(cm_name, data, rv):
    return {"apiVersion": "v1", "kind": "ConfigMap", "data": data,
            "metadata": {"name": cm_name, "namespace": "kube-system", "resourceVersion": str(rv),
                         "uid": f"uid-{cm_name}", "annotations": {"example.com/owner": "platform-team"}}}


def status(code, reason, message, cm_name):
    return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": message,
            "reason": reason, "details": {"name": cm_name, "kind": "configmaps"}, "code": code}


def set_data(cm_name, data):
    """Sets a ConfigMap's data as a control write does (lock held): a new version and its event."""
    state["rv"] += 1
    kind = "MODIFIED" if cm_name in state["configmaps"] else "ADDED"
    if kind == "MODIFIED":
        state["configmaps"][cm_name] = dict(state["configmaps"][cm_name], data=data)
        state["configmaps"][cm_name]["metadata"] = dict(state["configmaps"][cm_name]["metadata"], resourceVersion=str(state["rv"]))
    else:
        state["configmaps"][cm_name] = configmap(cm_name, data, state["rv"])
    state["events"].append((state["rv"], kind, state["configmaps"][cm_name]))


class Handler(JSONHandler):
    def control(self, method):
        body = self.read_body()
        path = self.path
        with lock:
            if path.startswith("/control/rbac/"):
                state["rbac"][path.rsplit("/", 1)[1]] = json.loads(body)
            elif path.startswith("/control/on-next-put/"):
                state["on_next_put"][path.rsplit("/", 1)[1]] = json.loads(body)
            elif path.startswith("/control/configmaps/"):
                cm_name = path.rsplit("/", 1)[1]
                if method == "PUT":
                    set_data(cm_name, json.loads(body))
                else:
                    state["rv"] += 1
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
                stats = {k: state[k] for k in ("lists", "watches", "puts", "conflicts")}
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
        if self.path.startswith("/control/"):
            return self.control("PUT")
        self.write("PUT")

    def do_DELETE(self):
        self.control("DELETE")

    def do_POST(self):
        if self.path.startswith("/control/"):
            return self.control("POST")
        self.write("POST")

    def write(self, method):
        """PUT .../configmaps/NAME (replace, optimistic concurrency) or POST .../configmaps (create)."""
        if not self.authorized():
            return
        try:
            obj = json.loads(self.read_body())
        except ValueError:
            return self.reply(400, status(400, "BadRequest", "the body is not JSON", ""))
        prefix = "/api/v1/namespaces/kube-system/configmaps"
        path = urllib.parse.urlparse(self.path).path
        cm_name = (obj.get("metadata") or {}).get("name", "")
        with lock:
            if method == "POST" and path == prefix:
                if cm_name in state["configmaps"]:
                    return self.reply(409, status(409, "AlreadyExists", f'configmaps "{cm_name}" already exists', cm_name))
                state["rv"] += 1
                obj["metadata"] = dict(obj["metadata"], namespace="kube-system", resourceVersion=str(state["rv"]), uid=f"uid-{cm_name}")
                state["configmaps"][cm_name] = obj
                state["events"].append((state["rv"], "ADDED", obj))
                lock.notify_all()
                return self.reply(201, obj)
            if method != "PUT" or not path.startswith(prefix + "/"):
                return self.reply(405, status(405, "MethodNotAllowed", "the server does not allow this method", ""))
            cm_name = path.rsplit("/", 1)[1]
            state["puts"] += 1
            if cm_name in state["on_next_put"]:
                set_data(cm_name, state["on_next_put"].pop(cm_name))
                lock.notify_all()
            current = state["configmaps"].get(cm_name)
            if current is None:
                return self.reply(404, status(404, "NotFound", f'configmaps "{cm_name}" not found', cm_name))
            sent_rv = (obj.get("metadata") or {}).get("resourceVersion")
            if sent_rv and sent_rv != current["metadata"]["resourceVersion"]:
                state["conflicts"] += 1
                return self.reply(409, status(409, "Conflict", f'Operation cannot be fulfilled on configmaps "{cm_name}": the object has been modified; '
                                                               "please apply your changes to the latest version and try again", cm_name))
            state["rv"] += 1
            obj["metadata"] = dict(obj.get("metadata") or {}, name=cm_name, namespace="kube-system", resourceVersion=str(state["rv"]))
            state["configmaps"][cm_name] = obj
            state["events"].append((state["rv"], "MODIFIED", obj))
            lock.notify_all()
        self.reply(200, obj)

    def do_GET(self):
        if self.path.startswith("/control/"):
            return self.control("GET")
        if not self.authorized():
            return
        url = urllib.parse.urlparse(self.path)
        one = "/api/v1/namespaces/kube-system/configmaps/"
        if url.path.startswith(one):
            with lock:
                found = state["configmaps"].get(url.path[len(one):])
            if found is None:
                return self.reply(404, status(404, "NotFound", f'configmaps "{url.path[len(one):]}" not found', url.path[len(one):]))
            return self.reply(200, found)
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
                    self.write_event(kind, obj)
                    sent = rv
            self.end_chunks()
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True


serve(port, context, Handler)
