"""Catalogs every upload: s3://processed/catalog/<key>.json with its size, type and a preview."""
import json
import os
import urllib.parse

import boto3

# Created once per process, reused by every invocation it serves (as on Lambda). boto3 1.26
# (Debian 12) predates AWS_ENDPOINT_URL, so the endpoint is passed explicitly.
s3 = boto3.client("s3", endpoint_url=os.environ.get("AWS_ENDPOINT_URL"), region_name=os.environ["AWS_REGION"])
OUTPUT_BUCKET = os.environ.get("OUTPUT_BUCKET", "processed")


def record(event, context):
    written = []
    for entry in event.get("Records", []):
        bucket = entry["s3"]["bucket"]["name"]
        key = urllib.parse.unquote_plus(entry["s3"]["object"]["key"])
        head = s3.head_object(Bucket=bucket, Key=key)
        preview = s3.get_object(Bucket=bucket, Key=key, Range="bytes=0-63")["Body"].read()
        document = {
            "bucket": bucket,
            "key": key,
            "size": head["ContentLength"],
            "contentType": head.get("ContentType"),
            "preview": preview.decode("utf-8", errors="replace"),
            "requestId": context.aws_request_id,
        }
        target = f"catalog/{key}.json"
        s3.put_object(Bucket=OUTPUT_BUCKET, Key=target, Body=json.dumps(document).encode(), ContentType="application/json")
        print(f"cataloged s3://{bucket}/{key} as s3://{OUTPUT_BUCKET}/{target}")
        written.append(target)
    return {"cataloged": written}
