"""Runs the same IAM and STS calls through boto3 against eksauth's embedded STS/IAM and against moto,
and prints, as JSON, every call whose response shape (member names and value types, recursively;
ResponseMetadata aside) differs: {"Operation": {"only_eksauth": [...], "only_moto": [...], "types": [...]}}.

Usage: compare_shapes.py EKSAUTH_ENDPOINT MOTO_ENDPOINT OIDC_KEYS_DIR
(eksauth's root credentials come from the environment: AWS_CONFIG_FILE/AWS_SHARED_CREDENTIALS_FILE/AWS_PROFILE.)
"""
import json
import subprocess
import sys
import os

import boto3
import botocore.session

HERE = os.path.dirname(os.path.abspath(__file__))
ISSUER = "https://oidc.example.com/id/SHAPES"
TRUST_ACCOUNT = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"},
    {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/oidc.example.com/id/SHAPES"},
     "Action": "sts:AssumeRoleWithWebIdentity"}]})
POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})


def shape(value, path=""):
    """Flattens a response into {path: type name}."""
    shapes = {}
    if isinstance(value, dict):
        for key, member in value.items():
            if path == "" and key == "ResponseMetadata":
                continue
            shapes.update(shape(member, f"{path}.{key}" if path else key))
    elif isinstance(value, list):
        shapes[path] = "list"
        for member in value[:1]:
            shapes.update(shape(member, path + "[]"))
    else:
        shapes[path] = type(value).__name__
    return shapes


def scenario(session, endpoint, token, eksauth):
    iam = session.client("iam", endpoint_url=endpoint, region_name="us-east-1")
    sts = session.client("sts", endpoint_url=endpoint, region_name="us-east-1")
    calls = []

    def call(name, function, **arguments):
        calls.append((name, function(**arguments)))
        return calls[-1][1]

    call("GetCallerIdentity", sts.get_caller_identity)
    call("CreateUser", iam.create_user, UserName="shape-user", Path="/team/")
    call("GetUser", iam.get_user, UserName="shape-user")
    call("ListUsers", iam.list_users)
    key = call("CreateAccessKey", iam.create_access_key, UserName="shape-user")["AccessKey"]
    call("ListAccessKeys", iam.list_access_keys, UserName="shape-user")
    call("UpdateAccessKey", iam.update_access_key, UserName="shape-user", AccessKeyId=key["AccessKeyId"], Status="Inactive")
    call("PutUserPolicy", iam.put_user_policy, UserName="shape-user", PolicyName="p", PolicyDocument=POLICY)
    call("CreateRole", iam.create_role, RoleName="shape-role", AssumeRolePolicyDocument=TRUST_ACCOUNT, MaxSessionDuration=7200)
    call("GetRole", iam.get_role, RoleName="shape-role")
    call("ListRoles", iam.list_roles)
    call("UpdateAssumeRolePolicy", iam.update_assume_role_policy, RoleName="shape-role", PolicyDocument=TRUST_ACCOUNT)
    call("PutRolePolicy", iam.put_role_policy, RoleName="shape-role", PolicyName="p", PolicyDocument=POLICY)
    call("AssumeRole", sts.assume_role, RoleArn="arn:aws:iam::123456789012:role/shape-role", RoleSessionName="shapes")
    arn = call("CreateOpenIDConnectProvider", iam.create_open_id_connect_provider, Url=ISSUER, ClientIDList=["sts.amazonaws.com"],
               ThumbprintList=["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"])["OpenIDConnectProviderArn"]
    call("GetOpenIDConnectProvider", iam.get_open_id_connect_provider, OpenIDConnectProviderArn=arn)
    call("ListOpenIDConnectProviders", iam.list_open_id_connect_providers)
    if eksauth:
        subprocess.run([sys.executable, os.path.join(HERE, "oidc_tokens.py"), "set-keys", endpoint, arn, sys.argv[3] + "/jwks.json"],
                       check=True, stdout=subprocess.DEVNULL)
    call("AssumeRoleWithWebIdentity", sts.assume_role_with_web_identity, RoleArn="arn:aws:iam::123456789012:role/shape-role",
         RoleSessionName="web", WebIdentityToken=token)
    call("DeleteOpenIDConnectProvider", iam.delete_open_id_connect_provider, OpenIDConnectProviderArn=arn)
    call("DeleteRolePolicy", iam.delete_role_policy, RoleName="shape-role", PolicyName="p")
    call("DeleteRole", iam.delete_role, RoleName="shape-role")
    call("DeleteUserPolicy", iam.delete_user_policy, UserName="shape-user", PolicyName="p")
    call("DeleteAccessKey", iam.delete_access_key, UserName="shape-user", AccessKeyId=key["AccessKeyId"])
    call("DeleteUser", iam.delete_user, UserName="shape-user")
    return {name: shape(response) for name, response in calls}


def main():
    eksauth_endpoint, moto_endpoint, keys = sys.argv[1], sys.argv[2], sys.argv[3]
    token = subprocess.run([sys.executable, os.path.join(HERE, "oidc_tokens.py"), "token", keys, ISSUER,
                            "system:serviceaccount:default:shapes", "sts.amazonaws.com", "3600"],
                           check=True, capture_output=True, text=True).stdout.strip()
    ours = scenario(boto3.Session(), eksauth_endpoint, token, eksauth=True)
    moto = scenario(boto3.Session(aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="x"), moto_endpoint, token, eksauth=False)
    differences = {}
    for name in ours:
        a, b = ours[name], moto[name]
        entry = {
            "only_eksauth": sorted(set(a) - set(b)),
            "only_moto": sorted(set(b) - set(a)),
            "types": sorted(f"{k}: {a[k]} vs {b[k]}" for k in set(a) & set(b) if a[k] != b[k]),
        }
        if any(entry.values()):
            differences[name] = entry
    print(json.dumps(differences, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
