"""A Lambda function as you would deploy it to AWS (python3.12, handler app.handler): for every
photo uploaded to s3://photos it records the photo's size and type in
s3://processed/thumbs/<key>.json. Nothing here knows about Platform."""
import json
import os
import urllib.parse

import boto3

# Created once per execution environment and reused by every invocation it serves, as on Lambda.
# boto3 before 1.28 ignores AWS_ENDPOINT_URL, so it is passed explicitly (None on AWS).
s3 = boto3.client("s3", endpoint_url=os.environ.get("AWS_ENDPOINT_URL"))
OUTPUT_BUCKET = os.environ.get("OUTPUT_BUCKET", "processed")


def handler(event, context):
    written = []
    for record in event.get("Records", []):
        bucket = record["s3"]["bucket"]["name"]
        key = urllib.parse.unquote_plus(record["s3"]["object"]["key"])
        head = s3.head_object(Bucket=bucket, Key=key)
        summary = {
            "source": f"s3://{bucket}/{key}",
            "size": head["ContentLength"],
            "contentType": head.get("ContentType"),
            "requestId": context.aws_request_id,
        }
        target = f"thumbs/{key}.json"
        s3.put_object(Bucket=OUTPUT_BUCKET, Key=target, Body=json.dumps(summary).encode(), ContentType="application/json")
        print(f"recorded s3://{bucket}/{key} as s3://{OUTPUT_BUCKET}/{target}")
        written.append(target)
    return {"written": written}
