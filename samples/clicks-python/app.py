"""A Lambda function as you would deploy it to AWS (python3.12, handler app.handler) with a Kinesis
event source mapping: every record put to the `clicks` stream is decoded and recorded as
s3://processed/clicks/<partitionKey>/<sequenceNumber>.json. Nothing here knows about Platform."""
import base64
import json
import os

import boto3

# boto3 before 1.28 ignores AWS_ENDPOINT_URL, so it is passed explicitly (None on AWS).
s3 = boto3.client("s3", endpoint_url=os.environ.get("AWS_ENDPOINT_URL"))
OUTPUT_BUCKET = os.environ.get("OUTPUT_BUCKET", "processed")


def handler(event, context):
    for record in event["Records"]:
        kinesis = record["kinesis"]
        click = {
            "data": base64.b64decode(kinesis["data"]).decode("utf-8", "replace"),
            "partitionKey": kinesis["partitionKey"],
            "sequenceNumber": kinesis["sequenceNumber"],
            "requestId": context.aws_request_id,
        }
        target = f"clicks/{kinesis['partitionKey']}/{kinesis['sequenceNumber']}.json"
        s3.put_object(Bucket=OUTPUT_BUCKET, Key=target, Body=json.dumps(click).encode(), ContentType="application/json")
        print(f"recorded click {kinesis['sequenceNumber']} as s3://{OUTPUT_BUCKET}/{target}")
    return {"recorded": len(event["Records"])}
