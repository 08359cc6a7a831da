"""Fault-injecting listeners in front of the emulator: each fails or slows a seeded fraction of the
S3 and SNS calls signed by the access keys a rule names, and hands every other request to moto
unchanged. The JVM opens one (dev.iceflow.local.faults.FaultProxy) and points a function's endpoint
at it; nothing listens until then.

Why a WSGI middleware inside the emulator process, on a port of its own, rather than a proxy
process: the emulator checks SigV4 signatures, which cover the Host header and, for S3 uploads, the
body exactly as sent (aws-chunked with streaming signatures, Transfer-Encoding: chunked when the
length is unknown, Expect: 100-continue). A proxy would have to forward every request and response
byte for byte and frame them again. Here werkzeug parses each request once, as on moto's own port,
and moto's app receives the very same WSGI environ: Host, headers and body stream untouched. Re-signing
is no way out either: an S3 streaming upload signs each chunk with the caller's secret.

Control, on the emulator's own port under CONTROL_PREFIX (a path no bucket name can take, since
bucket names have no underscore), in JSON:

  POST   /_iceflow/faults/listeners                    {"log": "<file>"} -> 201 {"port": <port>}
  PUT    /_iceflow/faults/listeners/<port>/rules/<name> a rule (see FaultRule.from_json) -> 204
  GET    /_iceflow/faults/listeners/<port>/rules/<name> -> 200 the rule's counts
  DELETE /_iceflow/faults/listeners/<port>/rules/<name> -> 204, the rule no longer applies
  DELETE /_iceflow/faults/listeners/<port>               -> 204, the listener stops
"""

import json
import random
import re
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Optional
from urllib.parse import parse_qs

from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wsgi import get_input_stream

CONTROL_PREFIX = "/_iceflow/faults/listeners"
_LISTENER = re.compile(r"^/_iceflow/faults/listeners/(\d+)$")
_RULE = re.compile(r"^/_iceflow/faults/listeners/(\d+)/rules/([A-Za-z0-9._-]+)$")

# Authorization: AWS4-HMAC-SHA256 Credential=<key>/<yyyymmdd>/<region>/<service>/aws4_request, ...
_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/\d{8}/[^/]+/([^/]+)/aws4_request")
_CREDENTIAL_SCOPE = re.compile(r"^([^/]+)/\d{8}/[^/]+/([^/]+)/aws4_request$")

_DRAIN_CHUNK = 1 << 16

# Each error as the service answers it, so the SDK maps it to the exception it models and retries
# it as it would in AWS (both statuses are retryable; 503 SlowDown also counts as throttling).
# S3: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
_S3_ERRORS = {
    500: ("InternalError", "We encountered an internal error. Please try again."),
    503: ("SlowDown", "Please reduce your request rate."),
}
# SNS (query protocol): InternalError is what the SNS API reference lists for its 500s (the SDK
# models it as InternalErrorException); 503 is the common ServiceUnavailable.
_SNS_ERRORS = {
    500: ("InternalError", "Request could not be completed due to an internal error."),
    503: ("ServiceUnavailable", "The request has failed due to a temporary failure of the server."),
}
_REASONS = {500: "500 Internal Server Error", 503: "503 Service Unavailable"}
_ERRORS_BY_SERVICE = {"s3": _S3_ERRORS, "sns": _SNS_ERRORS}


@dataclass(frozen=True)
class Caller:
    """Who signed a request and for which service (the signing name in its credential scope)."""

    access_key_id: str
    service: str

    @staticmethod
    def of(environ: dict[str, Any]) -> Optional["Caller"]:
        match = _CREDENTIAL.search(environ.get("HTTP_AUTHORIZATION", ""))
        if match:
            return Caller(match.group(1), match.group(2))
        # a presigned URL carries the scope in its query string
        scopes = parse_qs(environ.get("QUERY_STRING", "")).get("X-Amz-Credential", [])
        match = _CREDENTIAL_SCOPE.match(scopes[0]) if scopes else None
        return Caller(match.group(1), match.group(2)) if match else None


@dataclass(frozen=True)
class Decision:
    status: Optional[int] = None
    delay_seconds: float = 0.0


class FaultRule:
    """Which calls a rule may touch (signed by one of its keys, for one of its services) and what
    it does to them. The decision for the n-th matching call depends only on the seed and n: each
    call takes the next three numbers of a generator seeded with the rule's seed."""

    def __init__(
        self,
        name: str,
        access_key_ids: frozenset[str],
        services: frozenset[str],
        fail_fraction: float,
        share_500: float,
        slow_fraction: float,
        delay_seconds: float,
        seed: int,
    ):
        for label, fraction in (
            ("failFraction", fail_fraction),
            ("share500", share_500),
            ("slowFraction", slow_fraction),
        ):
            if not 0.0 <= fraction <= 1.0:
                raise ValueError(f"{label} must be within [0, 1], was {fraction}")
        if delay_seconds < 0:
            raise ValueError(f"delayMillis must be >= 0, was {delay_seconds * 1000}")
        if not access_key_ids or not services:
            raise ValueError("a rule names at least one access key id and one service")
        if not services <= _ERRORS_BY_SERVICE.keys():
            raise ValueError(
                "faults are injected into %s calls only, not %s"
                % (sorted(_ERRORS_BY_SERVICE), sorted(services - _ERRORS_BY_SERVICE.keys()))
            )
        self.name = name
        self.access_key_ids = access_key_ids
        self.services = services
        self.fail_fraction = fail_fraction
        self.share_500 = share_500
        self.slow_fraction = slow_fraction
        self.delay_seconds = delay_seconds
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._counts = {"seen": 0, "internalErrors": 0, "serviceUnavailable": 0, "delayed": 0}

    @staticmethod
    def from_json(name: str, document: dict[str, Any]) -> "FaultRule":
        return FaultRule(
            name=name,
            access_key_ids=frozenset(document["accessKeyIds"]),
            services=frozenset(s.lower() for s in document["services"]),
            fail_fraction=float(document.get("failFraction", 0.0)),
            share_500=float(document.get("share500", 0.5)),
            slow_fraction=float(document.get("slowFraction", 0.0)),
            delay_seconds=int(document.get("delayMillis", 0)) / 1000.0,
            seed=int(document["seed"]),
        )

    def applies_to(self, caller: Caller) -> bool:
        return caller.access_key_id in self.access_key_ids and caller.service in self.services

    def decide(self) -> Decision:
        with self._lock:
            fails, is_500, slow = (self._random.random() for _ in range(3))
            self._counts["seen"] += 1
            if fails < self.fail_fraction:
                status = 500 if is_500 < self.share_500 else 503
                self._counts["internalErrors" if status == 500 else "serviceUnavailable"] += 1
                return Decision(status=status)
            if slow < self.slow_fraction:
                self._counts["delayed"] += 1
                return Decision(delay_seconds=self.delay_seconds)
            return Decision()

    def counts(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)


class FaultLog:
    """One line per injected fault, appended to a file in the run's folder."""

    def __init__(self, path: str):
        self._path = path
        self._lock = threading.Lock()

    def write(self, rule: FaultRule, caller: Caller, environ: dict[str, Any], fault: str) -> None:
        line = "%s rule=%s service=%s method=%s path=%s fault=%s\n" % (
            datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
            rule.name,
            caller.service,
            environ.get("REQUEST_METHOD", ""),
            environ.get("PATH_INFO", ""),
            fault,
        )
        with self._lock, open(self._path, "a", encoding="utf-8") as log:
            log.write(line)


class FaultInjectingApp:
    """WSGI middleware: the first rule that applies to a call decides; calls no rule applies to
    (other keys, other services, unsigned) reach moto as they came."""

    def __init__(self, app: Callable, log: FaultLog):
        self._app = app
        self._log = log
        self._rules: dict[str, FaultRule] = {}
        self._lock = threading.Lock()

    def put_rule(self, rule: FaultRule) -> None:
        with self._lock:
            self._rules.pop(rule.name, None)  # a replaced rule starts over, last in order
            self._rules[rule.name] = rule

    def remove_rule(self, name: str) -> Optional[FaultRule]:
        with self._lock:
            return self._rules.pop(name, None)

    def rule(self, name: str) -> Optional[FaultRule]:
        with self._lock:
            return self._rules.get(name)

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        caller = Caller.of(environ)
        rule = self._rule_for(caller) if caller else None
        if rule is None:
            return self._app(environ, start_response)
        decision = rule.decide()
        if decision.status is not None:
            self._log.write(rule, caller, environ, "status %d" % decision.status)
            _drain(environ)
            return _error(caller.service, decision.status, environ, start_response)
        if decision.delay_seconds > 0:
            self._log.write(rule, caller, environ, "delay %dms" % (decision.delay_seconds * 1000))
            return self._delayed(environ, start_response, decision.delay_seconds)
        return self._app(environ, start_response)

    def _rule_for(self, caller: Caller) -> Optional[FaultRule]:
        with self._lock:
            return next((r for r in self._rules.values() if r.applies_to(caller)), None)

    def _delayed(self, environ: dict[str, Any], start_response: Callable, seconds: float):
        """moto handles the call at once; its answer leaves after the delay, so a client that gives
        up waiting leaves behind a call that took effect, as a slow AWS response would."""
        answer: dict[str, Any] = {}

        def capture(status: str, headers: list, exc_info: Any = None) -> Callable:
            answer["status"], answer["headers"] = status, headers
            return lambda data: answer.setdefault("written", []).append(data)

        body = self._app(environ, capture)
        try:
            chunks = answer.pop("written", []) + list(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        time.sleep(seconds)
        start_response(answer["status"], answer["headers"])
        return chunks


def _drain(environ: dict[str, Any]) -> None:
    """Reads the body a failed call carried: the client sends it (werkzeug has already answered
    Expect: 100-continue) and would see a reset connection instead of the error otherwise."""
    stream = get_input_stream(environ)
    while stream.read(_DRAIN_CHUNK):
        pass


def _error(service: str, status: int, environ: dict[str, Any], start_response: Callable):
    request_id = uuid.uuid4().hex.upper()
    code, message = _ERRORS_BY_SERVICE[service][status]
    if service == "s3":
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>%s</Code><Message>%s</Message>'
            "<RequestId>%s</RequestId><HostId>iceflow-fault-injection</HostId></Error>"
            % (code, message, request_id)
        )
        content_type = "application/xml"
        headers = [("x-amz-request-id", request_id), ("x-amz-id-2", "iceflow-fault-injection")]
    else:
        body = (
            '<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error>'
            "<Type>Receiver</Type><Code>%s</Code><Message>%s</Message></Error>"
            "<RequestId>%s</RequestId></ErrorResponse>" % (code, message, request_id)
        )
        content_type = "text/xml"
        headers = [("x-amzn-RequestId", request_id)]
    # a HEAD answer has no body (S3 answers a failed HeadObject with the status alone)
    payload = b"" if environ.get("REQUEST_METHOD") == "HEAD" else body.encode("utf-8")
    start_response(
        _REASONS[status],
        headers + [("Content-Type", content_type), ("Content-Length", str(len(payload)))],
    )
    return [payload]


class _Listener:
    def __init__(self, server: BaseWSGIServer, app: FaultInjectingApp):
        self.server = server
        self.app = app
        self.thread = threading.Thread(
            target=server.serve_forever, name="fault-listener-%d" % self.port, daemon=True
        )

    @property
    def port(self) -> int:
        return self.server.socket.getsockname()[1]


class FaultControl:
    """WSGI middleware on the emulator's own port: answers CONTROL_PREFIX, passes the rest on."""

    def __init__(self, app: Callable, host: str, request_handler: type):
        self._app = app
        self._host = host
        self._request_handler = request_handler
        self._listeners: dict[int, _Listener] = {}
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if not path.startswith(CONTROL_PREFIX):
            return self._app(environ, start_response)
        try:
            return self._control(environ, path, start_response)
        except (KeyError, ValueError, TypeError) as e:
            return _json(start_response, "400 Bad Request", {"error": "%s: %s" % (type(e).__name__, e)})

    def _control(self, environ: dict[str, Any], path: str, start_response: Callable):
        method = environ["REQUEST_METHOD"]
        if path == CONTROL_PREFIX and method == "POST":
            return self._open(_read_json(environ), start_response)
        listener_match = _LISTENER.match(path)
        if listener_match and method == "DELETE":
            return self._close(int(listener_match.group(1)), start_response)
        rule_match = _RULE.match(path)
        if rule_match is None:
            return _json(start_response, "404 Not Found", {"error": "no such control path " + path})
        listener = self._listener(int(rule_match.group(1)))
        name = rule_match.group(2)
        if listener is None:
            return _json(start_response, "404 Not Found", {"error": "no listener " + path})
        if method == "PUT":
            listener.app.put_rule(FaultRule.from_json(name, _read_json(environ)))
            return _json(start_response, "204 No Content", None)
        if method == "DELETE":
            listener.app.remove_rule(name)
            return _json(start_response, "204 No Content", None)
        rule = listener.app.rule(name)
        if method == "GET" and rule is not None:
            return _json(start_response, "200 OK", rule.counts())
        return _json(start_response, "404 Not Found", {"error": "no rule %s (%s)" % (name, method)})

    def _open(self, document: dict[str, Any], start_response: Callable):
        app = FaultInjectingApp(self._app, FaultLog(document["log"]))
        server = make_server(self._host, 0, app, threaded=True, request_handler=self._request_handler)
        listener = _Listener(server, app)
        with self._lock:
            self._listeners[listener.port] = listener
        listener.thread.start()
        return _json(start_response, "201 Created", {"port": listener.port})

    def _close(self, port: int, start_response: Callable):
        with self._lock:
            listener = self._listeners.pop(port, None)
        if listener is None:
            return _json(start_response, "404 Not Found", {"error": "no listener on %d" % port})
        listener.server.shutdown()
        listener.server.server_close()
        return _json(start_response, "204 No Content", None)

    def _listener(self, port: int) -> Optional[_Listener]:
        with self._lock:
            return self._listeners.get(port)


def _read_json(environ: dict[str, Any]) -> dict[str, Any]:
    return json.loads(get_input_stream(environ).read() or b"{}")


def _json(start_response: Callable, status: str, document: Optional[dict[str, Any]]):
    if document is None:  # 204: no body, and no Content-Length either
        start_response(status, [])
        return [b""]
    payload = json.dumps(document).encode("utf-8")
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))]
    )
    return [payload]
