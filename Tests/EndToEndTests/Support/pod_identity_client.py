"""A pod's AWS SDK, for the Pod Identity end-to-end tests: boto3 with nothing but the container
credentials variables (AWS_CONTAINER_CREDENTIALS_FULL_URI, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE)
set by the caller, calling GetCallerIdentity and then EKS DescribeCluster at AWS_ENDPOINT_URL.

  pod_identity_client.py CLUSTER

Prints one JSON object: the credential provider boto3 used, the caller ARN, and the DescribeCluster
outcome ("ok" or the error code), or {"error": ...} when no credentials could be had.
"""
import json
import sys

import boto3
import botocore.exceptions


def main(cluster):
    session = boto3.session.Session(region_name="us-east-1")
    try:
        credentials = session.get_credentials()
    except botocore.exceptions.BotoCoreError as error:
        print(json.dumps({"error": type(error).__name__, "message": str(error)}))
        return
    if credentials is None:
        print(json.dumps({"error": "NoCredentials"}))
        return
    result = {"method": credentials.method}
    try:
        result["arn"] = session.client("sts").get_caller_identity()["Arn"]
    except botocore.exceptions.ClientError as error:
        result["arn_error"] = error.response["Error"]["Code"]
    except botocore.exceptions.BotoCoreError as error:
        print(json.dumps({"error": type(error).__name__, "message": str(error)}))
        return
    try:
        session.client("eks").describe_cluster(name=cluster)
        result["describe"] = "ok"
    except botocore.exceptions.ClientError as error:
        result["describe"] = error.response["Error"]["Code"]
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1])
