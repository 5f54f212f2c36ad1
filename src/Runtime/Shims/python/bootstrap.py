"""Platform's runtime for Lambda's python3.9 … python3.14: a small Runtime API client following the
rules of AWS's own Python runtime interface client (awslambdaric): handler string parsing, the
init errors and their messages, the context object, the error shape it posts, and Lambda's log
format. It runs with the Python the platform found on the machine; LAMBDA_TASK_ROOT is the
function's code folder."""

import importlib
import json
import logging
import os
import socket
import sys
import time

_API = os.environ.get("AWS_LAMBDA_RUNTIME_API", "")
_HOST, _, _PORT = _API.partition(":")
_PREFIX = "/2018-06-01/runtime/"


class FaultException(Exception):
    MARSHAL_ERROR = "Runtime.MarshalError"
    UNMARSHAL_ERROR = "Runtime.UnmarshalError"
    USER_CODE_SYNTAX_ERROR = "Runtime.UserCodeSyntaxError"
    HANDLER_NOT_FOUND = "Runtime.HandlerNotFound"
    IMPORT_MODULE_ERROR = "Runtime.ImportModuleError"
    BUILT_IN_MODULE_CONFLICT = "Runtime.BuiltInModuleConflict"
    MALFORMED_HANDLER_NAME = "Runtime.MalformedHandlerName"

    def __init__(self, exception_type, msg, trace=None):
        super().__init__(msg)
        self.msg = msg
        self.exception_type = exception_type
        self.trace = trace


class _Response:
    def __init__(self, status, headers):
        self.status = status
        self._headers = headers

    def getheader(self, name):
        return self._headers.get(name.lower())


class _Client:
    """One keep-alive HTTP/1.1 connection to the Runtime API, reopened if it drops. A bare socket
    rather than http.client: importing http.client (email, ssl) costs more of a cold start than
    everything else the runtime does."""

    def __init__(self):
        self._sock = None
        self._file = None

    def _close(self):
        if self._sock is not None:
            try:
                self._sock.close()
            except OSError:
                pass
        self._sock = self._file = None

    def call(self, method, route, body=None, headers=None):
        for attempt in (0, 1):
            if self._sock is None:
                self._sock = socket.create_connection((_HOST, int(_PORT)))
                self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self._file = self._sock.makefile("rb")
            try:
                head = "{} {}{} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n".format(
                    method, _PREFIX, route, _API, len(body) if body else 0)
                for name, value in (headers or {}).items():
                    head += "{}: {}\r\n".format(name, value)
                self._sock.sendall(head.encode("latin-1") + b"\r\n" + (body or b""))
                return self._read()
            except OSError:
                self._close()
                if attempt:
                    raise

    def _read(self):
        status_line = self._file.readline()
        if not status_line:
            raise ConnectionError("the Runtime API closed the connection")
        status = int(status_line.split(None, 2)[1])
        headers = {}
        while True:
            line = self._file.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self._file.readline().split(b";")[0], 16)
                if size == 0:
                    while self._file.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                chunks.append(self._file.read(size))
                self._file.readline()
            data = b"".join(chunks)
        else:
            data = self._file.read(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            self._close()
        return status, _Response(status, headers), data

    def post_json(self, route, payload, error_type=None):
        headers = {"Content-Type": "application/json"}
        if error_type:
            headers["Lambda-Runtime-Function-Error-Type"] = error_type
        return self.call("POST", route, payload, headers)


_client = _Client()


def _lost(error):
    # The platform went away (stopped, or this process is orphaned): nothing left to serve.
    sys.stderr.write("Runtime API unreachable ({}); exiting\n".format(error))
    os._exit(1)


def make_error(error_message, error_type, stack_trace, invoke_id=None):
    return {
        "errorMessage": error_message if error_message else "",
        "errorType": error_type if error_type else "",
        "requestId": invoke_id if invoke_id is not None else "",
        "stackTrace": stack_trace if stack_trace else [],
    }


def build_fault_result(exc_info, msg, invoke_id=None):
    import traceback

    etype, value, tb = exc_info
    tb_tuples = traceback.extract_tb(tb)
    # The runtime's own frames are not the user's: the trace starts at their code.
    for i in range(len(tb_tuples)):
        if not tb_tuples[i].filename.endswith("bootstrap.py"):
            tb_tuples = tb_tuples[i:]
            break
    else:
        tb_tuples = []
    return make_error(msg if msg else str(value), etype.__name__, traceback.format_list(tb_tuples), invoke_id)


def log_error(error_result):
    description = "[ERROR]"
    if error_result.get("errorType"):
        description += " " + error_result["errorType"]
    if error_result.get("errorMessage"):
        if error_result.get("errorType"):
            description += ":"
        description += " " + error_result["errorMessage"]
    lines = [description]
    stack_trace = error_result.get("stackTrace")
    if stack_trace is not None:
        lines.append("Traceback (most recent call last):")
        for element in stack_trace:
            if element == "":
                lines.append("")
            else:
                lines.extend(element.splitlines())
    sys.stdout.write("\r".join(lines) + "\n")
    sys.stdout.flush()


def _get_handler(handler):
    try:
        (modname, fname) = handler.rsplit(".", 1)
    except ValueError as e:
        raise FaultException(FaultException.MALFORMED_HANDLER_NAME, "Bad handler '{}': {}".format(handler, str(e)))

    try:
        if modname.split(".")[0] in sys.builtin_module_names:
            raise FaultException(
                FaultException.BUILT_IN_MODULE_CONFLICT,
                "Cannot use built-in module {} as a handler module".format(modname),
            )
        module = importlib.import_module(modname.replace("/", "."))
    except ImportError as e:
        raise FaultException(FaultException.IMPORT_MODULE_ERROR, "Unable to import module '{}': {}".format(modname, str(e)))
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise FaultException(
            FaultException.USER_CODE_SYNTAX_ERROR, "Syntax error in module '{}': {}".format(modname, str(e)), trace
        )

    try:
        return getattr(module, fname)
    except AttributeError:
        fault = FaultException(
            FaultException.HANDLER_NOT_FOUND, "Handler '{}' missing on module '{}'".format(fname, modname), None
        )

        def fault_handler(event=None, context=None):
            raise fault

        return fault_handler


class LambdaContext:
    def __init__(self, invoke_id, client_context, cognito_identity, epoch_deadline_time_in_ms, invoked_function_arn):
        self.aws_request_id = invoke_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invoked_function_arn
        self.client_context = client_context
        self.identity = cognito_identity
        self._epoch_deadline_time_in_ms = epoch_deadline_time_in_ms

    def get_remaining_time_in_millis(self):
        return max(self._epoch_deadline_time_in_ms - int(round(time.time() * 1000)), 0)

    def log(self, msg):
        sys.stdout.write(str(msg))
        sys.stdout.flush()

    def __repr__(self):
        return (
            "{}([aws_request_id={},log_group_name={},log_stream_name={},function_name={},memory_limit_in_mb={},"
            "function_version={},invoked_function_arn={},client_context={},identity={}])".format(
                self.__class__.__name__, self.aws_request_id, self.log_group_name, self.log_stream_name,
                self.function_name, self.memory_limit_in_mb, self.function_version, self.invoked_function_arn,
                self.client_context, self.identity,
            )
        )


class _CognitoIdentity:
    def __init__(self, identity):
        self.cognito_identity_id = identity.get("cognitoIdentityId")
        self.cognito_identity_pool_id = identity.get("cognitoIdentityPoolId")


class _RequestIdFilter(logging.Filter):
    request_id = ""

    def filter(self, record):
        record.aws_request_id = _RequestIdFilter.request_id
        return True


def _setup_logging():
    # Lambda's text format: "[LEVEL]\t2024-01-01T00:00:00.000Z\trequest-id\tmessage".
    handler = logging.StreamHandler(sys.stdout)
    formatter = logging.Formatter("[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n", "%Y-%m-%dT%H:%M:%S")
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    handler.addFilter(_RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    level = os.environ.get("AWS_LAMBDA_LOG_LEVEL")
    if level:
        root.setLevel(level.upper())


def _decimal_default(obj):
    import decimal

    if isinstance(obj, decimal.Decimal):
        return float(obj) if obj % 1 else int(obj)
    raise TypeError("Object of type {} is not JSON serializable".format(type(obj).__name__))


def handle_event_request(request_handler, invoke_id, event_body, headers):
    error_result = None
    try:
        deadline = int(headers.get("Lambda-Runtime-Deadline-Ms") or 0)
        client_context = headers.get("Lambda-Runtime-Client-Context")
        identity = headers.get("Lambda-Runtime-Cognito-Identity")
        context = LambdaContext(
            invoke_id,
            json.loads(client_context) if client_context else None,
            _CognitoIdentity(json.loads(identity)) if identity else None,
            deadline,
            headers.get("Lambda-Runtime-Invoked-Function-Arn"),
        )
        try:
            event = json.loads(event_body)
        except Exception as e:
            raise FaultException(FaultException.UNMARSHAL_ERROR, "Unable to unmarshal input: {}".format(str(e)), None)
        response = request_handler(event, context)
        try:
            result = json.dumps(response, default=_decimal_default)
        except Exception as e:
            raise FaultException(FaultException.MARSHAL_ERROR, "Unable to marshal response: {}".format(str(e)), None)
    except FaultException as e:
        error_result = make_error(e.msg, e.exception_type, e.trace, invoke_id)
    except Exception:
        error_result = build_fault_result(sys.exc_info(), None, invoke_id)

    try:
        if error_result is not None:
            log_error(error_result)
            _client.post_json("invocation/{}/error".format(invoke_id), json.dumps(error_result).encode(), error_result["errorType"] or "Unhandled")
        else:
            _client.post_json("invocation/{}/response".format(invoke_id), result.encode("utf-8"))
    except (OSError, ValueError) as e:
        _lost(e)


def main():
    # The user's code folder comes first; this runtime's own folder is not importable from it.
    if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
        sys.path.pop(0)
    sys.path.insert(0, os.environ.get("LAMBDA_TASK_ROOT", os.getcwd()))
    handler = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("_HANDLER", "")
    _setup_logging()

    error_result = None
    try:
        request_handler = _get_handler(handler)
    except FaultException as e:
        error_result = make_error(e.msg, e.exception_type, e.trace)
    except Exception:
        error_result = build_fault_result(sys.exc_info(), None)

    if error_result is not None:
        log_error(error_result)
        try:
            _client.post_json("init/error", json.dumps(error_result).encode(), error_result["errorType"] or "Runtime.Unknown")
        except (OSError, ValueError) as e:
            _lost(e)
        sys.exit(1)

    while True:
        try:
            status, response, body = _client.call("GET", "invocation/next")
        except (OSError, ValueError) as e:
            _lost(e)
        invoke_id = response.getheader("Lambda-Runtime-Aws-Request-Id")
        if status != 200 or not invoke_id:
            sys.stderr.write("Runtime API answered /next with {}: {}\n".format(status, body[:200]))
            sys.exit(1)
        headers = {name: response.getheader(name) for name in (
            "Lambda-Runtime-Deadline-Ms", "Lambda-Runtime-Invoked-Function-Arn", "Lambda-Runtime-Client-Context",
            "Lambda-Runtime-Cognito-Identity")}
        trace_id = response.getheader("Lambda-Runtime-Trace-Id")
        if trace_id:
            os.environ["_X_AMZN_TRACE_ID"] = trace_id
        else:
            os.environ.pop("_X_AMZN_TRACE_ID", None)
        # The same trace in W3C form, for OpenTelemetry in the function (a platform addition).
        traceparent = response.getheader("traceparent")
        if traceparent:
            os.environ["traceparent"] = traceparent
        else:
            os.environ.pop("traceparent", None)
        _RequestIdFilter.request_id = invoke_id
        handle_event_request(request_handler, invoke_id, body, headers)


if __name__ == "__main__":
    main()
