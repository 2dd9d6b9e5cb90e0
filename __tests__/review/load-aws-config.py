"""Loads ~/.aws/config profiles the way the AWS CLI does (botocore), without calling AWS.

argv: profile names. AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE name the files.
stdout: {profile: {"config": {...}, "method": credential method}} as JSON. Any parse error or
invalid profile raises, and the exit status is non-zero.
"""
import json
import sys

import botocore.session

out = {}
for name in sys.argv[1:]:
    session = botocore.session.Session(profile=name)
    config = session.get_scoped_config()
    # Builds the assume-role credential provider from role_arn, source_profile, mfa_serial,
    # duration_seconds and external_id: it checks them, but calls STS only when credentials are used.
    credentials = session.get_credentials()
    out[name] = {"config": dict(config), "method": getattr(credentials, "method", None)}
print(json.dumps(out))
