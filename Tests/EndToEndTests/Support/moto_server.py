#!/usr/bin/env python3
"""Starts moto's server (the real moto, for STS, IAM and EKS) with one change: STS session tokens
come from moto's seedable random source instead of os.urandom, so after `POST /moto-api/seed?a=N`
two AssumeRole calls return the same credentials and two token commands can be compared byte for byte.

Usage: moto_server.py PORT
"""
import base64
import sys

import moto.sts.models as sts_models
import moto.sts.utils as sts_utils
from moto.moto_api._internal import mock_random
from moto.server import main


def seeded_session_token() -> str:
    raw = bytes(mock_random.getrandbits(8) for _ in range(266))
    prefix = sts_utils.SESSION_TOKEN_PREFIX
    return prefix + base64.b64encode(raw)[len(prefix):].decode()


sts_models.random_session_token = seeded_session_token
main(["-H", "127.0.0.1", "-p", sys.argv[1]])
