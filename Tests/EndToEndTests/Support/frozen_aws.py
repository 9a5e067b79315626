#!/usr/bin/env python3
"""Runs the real AWS CLI (v1) with its clock frozen at $FROZEN_TIME (UTC, YYYY-MM-DDTHH:MM:SSZ),
so `aws eks get-token` prints the same bytes every time and can be compared with `eksauth token`.

Usage: FROZEN_TIME=2024-01-02T03:04:05Z python3 frozen_aws.py eks get-token --cluster-name c
"""
import datetime
import os
import sys

FROZEN = datetime.datetime.strptime(os.environ["FROZEN_TIME"], "%Y-%m-%dT%H:%M:%SZ")


def _frozen_now(remove_tzinfo=True):
    return FROZEN if remove_tzinfo else FROZEN.replace(tzinfo=datetime.timezone.utc)


import awscli.compat  # noqa: E402
import botocore.auth  # noqa: E402
import botocore.compat  # noqa: E402

botocore.compat.get_current_datetime = _frozen_now
botocore.auth.get_current_datetime = _frozen_now
awscli.compat.get_current_datetime = _frozen_now
import awscli.customizations.eks.get_token as get_token  # noqa: E402

get_token.get_current_datetime = _frozen_now
from awscli.clidriver import main  # noqa: E402

sys.exit(main())
