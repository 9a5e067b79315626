#!/usr/bin/env python3
"""Waits until URL answers (any HTTP status) or SECONDS pass; exit 0 when it answered.

Usage: wait_http.py URL SECONDS
"""
import ssl
import sys
import time
import urllib.error
import urllib.request

deadline = time.time() + float(sys.argv[2])
context = ssl._create_unverified_context()
while time.time() < deadline:
    try:
        urllib.request.urlopen(sys.argv[1], timeout=1, context=context)
        sys.exit(0)
    except urllib.error.HTTPError:
        sys.exit(0)
    except Exception:
        time.sleep(0.1)
sys.exit(1)
