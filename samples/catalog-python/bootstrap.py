"""A Lambda custom runtime in plain Python (standard library only): the loop of AWS's custom
runtime guide. Loads the handler named by _HANDLER ("module.function") once, then asks the Runtime
API for invocation after invocation. Runs unchanged on Lambda's provided.al2023 runtime."""
import importlib
import json
import os
import sys
import traceback
import urllib.request

API = f"http://{os.environ['AWS_LAMBDA_RUNTIME_API']}/2018-06-01/runtime"


def post(path, body, headers=None):
    request = urllib.request.Request(f"{API}/{path}", data=body, method="POST", headers=headers or {})
    try:
        urllib.request.urlopen(request).read()
    except urllib.error.HTTPError as error:  # e.g. 413 for a response over 6 MB
        print(f"runtime API refused {path}: {error.code} {error.read().decode()}", file=sys.stderr)


def error_body(error):
    return json.dumps({
        "errorMessage": str(error),
        "errorType": type(error).__name__,
        "stackTrace": traceback.format_tb(error.__traceback__),
    }).encode()


class Context:
    def __init__(self, headers):
        self.aws_request_id = headers["Lambda-Runtime-Aws-Request-Id"]
        self.invoked_function_arn = headers.get("Lambda-Runtime-Invoked-Function-Arn")
        self.deadline_ms = int(headers.get("Lambda-Runtime-Deadline-Ms", "0"))
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")


try:
    module_name, function_name = os.environ["_HANDLER"].rsplit(".", 1)
    sys.path.insert(0, os.environ.get("LAMBDA_TASK_ROOT", "."))
    handler = getattr(importlib.import_module(module_name), function_name)
except Exception as error:  # noqa: BLE001 - any failure to load is an init error
    post("init/error", error_body(error), {"Lambda-Runtime-Function-Error-Type": "Runtime.ImportModuleError"})
    sys.exit(1)

while True:
    with urllib.request.urlopen(f"{API}/invocation/next") as response:
        event = json.loads(response.read())
        context = Context(response.headers)
    try:
        result = handler(event, context)
        post(f"invocation/{context.aws_request_id}/response", json.dumps(result).encode())
    except Exception as error:  # noqa: BLE001 - the function's error is reported, the loop goes on
        post(f"invocation/{context.aws_request_id}/error", error_body(error),
             {"Lambda-Runtime-Function-Error-Type": type(error).__name__})
