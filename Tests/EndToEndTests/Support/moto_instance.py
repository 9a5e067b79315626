#!/usr/bin/env python3
"""Starts one EC2 instance in moto's EC2 and prints its id and private DNS name, tab-separated.

usage: moto_instance.py MOTO_ENDPOINT
"""
import sys

import boto3

ec2 = boto3.client("ec2", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret")
image = ec2.describe_images()["Images"][0]["ImageId"]
instance = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, InstanceType="t3.micro")["Instances"][0]
print(f'{instance["InstanceId"]}\t{instance["PrivateDnsName"]}')
