#!/usr/bin/env python3
"""fasdl-measure: measure AWS Lambda for fasdl-profile. Run with --help.

docs/measure-on-aws.md walks through a session: deploy aws/template.yaml,
run this driver, fit its CSVs with fasdl-profile and plan with fasdl-plan.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fasdl_measure.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
