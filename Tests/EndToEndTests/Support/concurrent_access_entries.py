#!/usr/bin/env python3
"""Concurrent writers against the EKS access API of one or more eksauth servers (replicas).

usage: concurrent_access_entries.py CLUSTER COUNT ENDPOINT [ENDPOINT...]

Credentials come from the environment (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY). Creates COUNT IAM
roles (through the first endpoint), then from COUNT threads at once, spread over the endpoints:
CreateAccessEntry for a role each (every one must land: the replicas' writes conflict on one versioned
scope and are retried, never dropped); then COUNT threads at once UpdateAccessEntry on one shared entry,
each setting its own username (every one must be acknowledged); then COUNT threads at once create an
entry for the same new role (exactly one may succeed, the others get ResourceInUseException).
Prints one JSON line: {"created", "create_errors", "updates_ok", "update_errors", "contested"}.
"""
import json
import sys
import threading

import boto3
from botocore.config import Config

cluster, count, endpoints = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
config = Config(retries={"max_attempts": 1}, max_pool_connections=count)
iam = boto3.client("iam", endpoint_url=endpoints[0], region_name="us-east-1", config=config)
eks = [boto3.client("eks", endpoint_url=e, region_name="us-east-1", config=config) for e in endpoints]
account = boto3.client("sts", endpoint_url=endpoints[0], region_name="us-east-1").get_caller_identity()["Account"]
trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": "sts:AssumeRole"}]})
for index in range(count):
    iam.create_role(RoleName=f"writer-{index}", AssumeRolePolicyDocument=trust)

create_errors, update_errors = [], []
created = [0]
updates_ok = [0]
lock = threading.Lock()
start = threading.Barrier(count)


def create(index):
    client = eks[index % len(eks)]
    start.wait()
    try:
        client.create_access_entry(clusterName=cluster, principalArn=f"arn:aws:iam::{account}:role/writer-{index}", kubernetesGroups=[f"g{index}"])
        with lock:
            created[0] += 1
    except Exception as error:  # noqa: BLE001 - every failure is reported
        with lock:
            create_errors.append(str(error))


threads = [threading.Thread(target=create, args=(i,)) for i in range(count)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()

shared = f"arn:aws:iam::{account}:role/writer-0"
start = threading.Barrier(count)


def update(index):
    client = eks[index % len(eks)]
    start.wait()
    try:
        client.update_access_entry(clusterName=cluster, principalArn=shared, username=f"writer:{index}")
        with lock:
            updates_ok[0] += 1
    except Exception as error:  # noqa: BLE001
        with lock:
            update_errors.append(str(error))


threads = [threading.Thread(target=update, args=(i,)) for i in range(count)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()

iam.create_role(RoleName="contested", AssumeRolePolicyDocument=trust)
contested = {"created": 0, "in_use": 0, "other": []}
start = threading.Barrier(count)


def contend(index):
    client = eks[index % len(eks)]
    start.wait()
    try:
        client.create_access_entry(clusterName=cluster, principalArn=f"arn:aws:iam::{account}:role/contested", username=f"winner:{index}")
        with lock:
            contested["created"] += 1
    except client.exceptions.ResourceInUseException:
        with lock:
            contested["in_use"] += 1
    except Exception as error:  # noqa: BLE001
        with lock:
            contested["other"].append(str(error))


threads = [threading.Thread(target=contend, args=(i,)) for i in range(count)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()

print(json.dumps({
    "created": created[0], "create_errors": create_errors, "updates_ok": updates_ok[0], "update_errors": update_errors,
    "contested": contested,
}))
