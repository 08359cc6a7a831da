"""moto server that authorizes every request against IAM, as AWS does.

moto checks a request's signature and the caller's IAM policies once INITIAL_NO_AUTH_ACTION_COUNT
requests have passed; here that count is 0 from the start. Every caller therefore signs with keys of
an IAM user the emulator knows:

* the operator (the platform, the tests, the ops CLI, an on-call engineer's AWS CLI) signs with the
  well-known emulator key test/test, an administrator created here before the server starts;
* each function process signs with keys of its own user, whose only policy is the function's
  generated least-privilege policy (the local platform creates them: FunctionIdentities).

moto authorizes S3 and SQS calls against the resource they name and every other service's calls
against "*" (see FunctionIdentities for what that means for a policy). Usage:
iam_enforcing_moto.py -H <host> -p <port>.

It serves moto's own WSGI app as moto_server does, wrapped in fault_injection.FaultControl, which
answers only its control paths: a test may open a fault-injecting listener in front of the emulator
(see fault_injection.py); until one does, nothing else listens.
"""

import argparse
import json
import os
import sys

from moto import settings
from moto.core import DEFAULT_ACCOUNT_ID
from moto.iam.models import iam_backends
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import run_simple

from fault_injection import FaultControl

OPERATOR_USER = "iceflow-operator"
OPERATOR_ACCESS_KEY = "test"
OPERATOR_SECRET_KEY = "test"
REGION = "us-east-1"
ADMINISTRATOR = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}


def create_operator() -> None:
    """The administrator behind test/test. IAM generates random keys; the operator's are set after
    creation so that every tool keeps the emulator's well-known credentials."""
    iam = iam_backends[DEFAULT_ACCOUNT_ID]["aws"]
    iam.create_user(REGION, OPERATOR_USER)
    iam.put_user_policy(OPERATOR_USER, "administrator", json.dumps(ADMINISTRATOR))
    key = iam.create_access_key(OPERATOR_USER)
    key.access_key_id = OPERATOR_ACCESS_KEY
    key.secret_access_key = OPERATOR_SECRET_KEY


def serve(argv: list[str]) -> None:
    """What moto.server.main does for these options, with the app wrapped in FaultControl."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-H", "--host", default="127.0.0.1", help="address to bind")
    parser.add_argument("-p", "--port", type=int, default=5000, help="port to bind")
    args = parser.parse_args(argv)
    # moto spells its own URLs (an SQS queue's, for one) with this port
    os.environ.setdefault("MOTO_PORT", str(args.port))
    app = DomainDispatcherApplication(create_backend_app)
    run_simple(
        args.host,
        args.port,
        FaultControl(app, args.host, MotoRequestHandler),
        threaded=True,
        request_handler=MotoRequestHandler,
    )


if __name__ == "__main__":
    create_operator()
    settings.INITIAL_NO_AUTH_ACTION_COUNT = 0
    sys.exit(serve(sys.argv[1:]))
