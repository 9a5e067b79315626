#!/usr/bin/env python3
"""Creates the IAM fixtures the end-to-end tests use in a moto server (auth off), with boto3:
user alice (allowed everything) with an access key, user bob (allowed nothing) with an access key,
and role dev that anyone in the account may assume. Prints the keys as JSON.

Usage: moto_setup.py PORT
"""
import json
import sys

import boto3

endpoint = f"http://127.0.0.1:{sys.argv[1]}"
iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="setup")
keys = {}
for user, policy in (("alice", {"Effect": "Allow", "Action": "*", "Resource": "*"}),
                     ("bob", {"Effect": "Deny", "Action": "sts:AssumeRole", "Resource": "*"})):
    iam.create_user(UserName=user)
    iam.put_user_policy(UserName=user, PolicyName="p", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [policy]}))
    key = iam.create_access_key(UserName=user)["AccessKey"]
    keys[user] = {"accessKeyId": key["AccessKeyId"], "secretAccessKey": key["SecretAccessKey"]}
trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]}
iam.create_role(RoleName="dev", AssumeRolePolicyDocument=json.dumps(trust))
json.dump(keys, sys.stdout)
