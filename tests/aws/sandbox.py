"""One emulated Lambda sandbox: imports the handler once and serves invocations.

Test code (the stand-in of lambda_standin.py starts it): reads one JSON line
per invocation on standard input, ``{"event": ..., "context": {...}}``, calls
``handler.lambda_handler(event, context)`` and answers one JSON line,
``{"ok": answer}`` or ``{"error": {"errorType", "errorMessage"}}``, on the
pipe that was its standard output; the handler's own prints go to standard
error, as Lambda sends them to the log. Exits when standard input closes.

    python3 sandbox.py FUNCTION_DIR
"""
from __future__ import annotations

import json
import os
import sys
import time
import traceback
import types


def main() -> int:
    function_dir = sys.argv[1]
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # the handler's stdout goes to the log, not into the protocol
    sys.stdout = sys.stderr
    sys.path.insert(0, function_dir)
    import handler  # the init phase, as on Lambda

    for line in sys.stdin:
        request = json.loads(line)
        c = request["context"]
        deadline = time.monotonic() + c["timeout_seconds"]
        context = types.SimpleNamespace(
            memory_limit_in_mb=str(c["memory_mb"]),  # a string, as Lambda's runtime gives it
            function_name=c["function_name"], function_version="$LATEST",
            invoked_function_arn=c["function_arn"], aws_request_id=c["request_id"],
            log_group_name=f"/aws/lambda/{c['function_name']}", log_stream_name="local",
            get_remaining_time_in_millis=lambda: max(0, int((deadline - time.monotonic()) * 1000)))
        try:
            reply = {"ok": handler.lambda_handler(request["event"], context)}
        except Exception as e:  # noqa: BLE001 - reported to the caller as Lambda does
            traceback.print_exc()
            reply = {"error": {"errorType": type(e).__name__, "errorMessage": str(e)}}
        answers.write(json.dumps(reply) + "\n")
        answers.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
