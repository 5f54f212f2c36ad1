# A referencing resource: it knows only the variables WithReference(aws) set. It sends one SQS message
# (the query protocol, unsigned: the platform accepts that on loopback) to the declared `orders` queue.
import os, urllib.parse, urllib.request

endpoint = os.environ["AWS_ENDPOINT_URL"].rstrip("/")
region = os.environ["AWS_REGION"]
body = urllib.parse.urlencode({
    "Action": "SendMessage",
    "QueueUrl": f"{endpoint}/000000000000/orders",
    "MessageBody": f"from the client in {region} with key {os.environ['AWS_ACCESS_KEY_ID']}",
}).encode()
with urllib.request.urlopen(urllib.request.Request(endpoint + "/", data=body), timeout=30) as response:
    print("sent:", response.status)
