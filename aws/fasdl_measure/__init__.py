"""fasdl-measure: measures AWS Lambda for fasdl-profile (docs/measure-on-aws.md).

The driver sets the profiling function's memory to each size in turn, invokes
it with bounded concurrency and retries, and writes ``transfers.csv`` and
``compute.csv`` in the forms ``fasdl-profile storage`` and ``compute`` read,
with ``session.json`` saying what was measured where. ``--estimate`` prices a
session from a fasdl profile's own price terms without touching AWS.
"""

PROGRAM = "fasdl-measure"
