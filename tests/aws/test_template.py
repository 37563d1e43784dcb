"""aws/template.yaml, checked without AWS (only its text: nothing is deployed).

Parses the SAM template with Debian's python3-yaml (a loader that keeps
CloudFormation's short tags such as !Ref and !Sub as {tag: value}) and checks
the resources, the bucket's lifecycle rule and that every IAM statement
allows named actions only, on that bucket's objects, the function's own log
group or the function.
"""
from __future__ import annotations

import os
import re
import unittest
from typing import Any

import harness

try:
    import yaml
except ImportError:
    harness.fail("no yaml module: install Debian's python3-yaml (quickstart.sh does)")


class CloudFormationLoader(yaml.SafeLoader):
    """Keeps !Ref, !Sub, !GetAtt and the other short forms as one-key mappings."""


def _tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {suffix: value}


CloudFormationLoader.add_multi_constructor("!", _tag)


def statements(policy: dict[str, Any]) -> list[dict[str, Any]]:
    body = policy["Statement"]
    return body if isinstance(body, list) else [body]


class TemplateTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        with open(os.path.join(harness.REPO, "aws", "template.yaml"), encoding="utf-8") as f:
            cls.template = yaml.load(f, CloudFormationLoader)
        cls.resources = cls.template["Resources"]

    def test_resources(self) -> None:
        self.assertEqual(self.template["Transform"], "AWS::Serverless-2016-10-31")
        kinds = {name: r["Type"] for name, r in self.resources.items()}
        self.assertEqual(kinds, {
            "MeasureBucket": "AWS::S3::Bucket", "MeasureLogGroup": "AWS::Logs::LogGroup",
            "MeasureFunctionRole": "AWS::IAM::Role",
            "MeasureFunction": "AWS::Serverless::Function",
            "DriverPolicy": "AWS::IAM::ManagedPolicy"})
        self.assertEqual(set(self.template["Outputs"]),
                         {"FunctionName", "BucketName", "Region", "Architecture",
                          "DriverPolicyArn"})

    def test_function_is_an_image_of_either_architecture(self) -> None:
        function = self.resources["MeasureFunction"]
        props = function["Properties"]
        self.assertEqual(props["PackageType"], "Image")
        self.assertEqual(props["Architectures"], [{"Ref": "Architecture"}])
        self.assertEqual(self.template["Parameters"]["Architecture"]["AllowedValues"],
                         ["x86_64", "arm64"])
        self.assertEqual(props["Timeout"], 900)
        self.assertEqual(props["Role"], {"GetAtt": "MeasureFunctionRole.Arn"})
        self.assertNotIn("Policies", props)  # the role above is all it gets
        context = os.path.join(harness.REPO, "aws", function["Metadata"]["DockerContext"])
        with open(os.path.join(context, function["Metadata"]["Dockerfile"])) as f:
            dockerfile = f.read()
        self.assertRegex(dockerfile, r"(?m)^FROM public\.ecr\.aws/lambda/python:3\.1[12]$")
        self.assertIn('CMD ["handler.lambda_handler"]', dockerfile)
        copied = re.search(r"(?m)^COPY (.*) \$\{LAMBDA_TASK_ROOT\}/$", dockerfile).group(1).split()
        modules = sorted(f for f in os.listdir(context) if f.endswith(".py"))
        self.assertEqual(sorted(copied), modules)

    def test_bucket_expires_its_objects_after_a_day(self) -> None:
        props = self.resources["MeasureBucket"]["Properties"]
        rules = props["LifecycleConfiguration"]["Rules"]
        self.assertEqual(len(rules), 1)
        self.assertEqual(rules[0]["Status"], "Enabled")
        self.assertEqual(rules[0]["ExpirationInDays"], 1)
        self.assertNotIn("Prefix", rules[0])  # every object
        self.assertTrue(all(props["PublicAccessBlockConfiguration"].values()))
        self.assertEqual(self.resources["MeasureBucket"]["DeletionPolicy"], "Delete")

    def test_iam_allows_named_actions_on_named_resources_only(self) -> None:
        role = self.resources["MeasureFunctionRole"]["Properties"]
        self.assertNotIn("ManagedPolicyArns", role)
        allowed = {}
        for policy in role["Policies"]:
            for s in statements(policy["PolicyDocument"]):
                self.assertEqual(s["Effect"], "Allow")
                actions = s["Action"] if isinstance(s["Action"], list) else [s["Action"]]
                for a in actions:
                    self.assertNotIn("*", a)
                allowed[tuple(sorted(actions))] = s["Resource"]
        self.assertEqual(allowed, {
            ("s3:DeleteObject", "s3:GetObject", "s3:PutObject"):
                {"Sub": "${MeasureBucket.Arn}/*"},
            ("logs:CreateLogStream", "logs:PutLogEvents"): {"Sub": "${MeasureLogGroup.Arn}"}})
        driver = self.resources["DriverPolicy"]["Properties"]["PolicyDocument"]
        (s,) = statements(driver)
        self.assertEqual(sorted(s["Action"]), ["lambda:GetFunctionConfiguration",
                                               "lambda:InvokeFunction",
                                               "lambda:UpdateFunctionConfiguration"])
        self.assertEqual(s["Resource"], {"GetAtt": "MeasureFunction.Arn"})
        trust = statements(role["AssumeRolePolicyDocument"])
        self.assertEqual(trust, [{"Effect": "Allow",
                                  "Principal": {"Service": "lambda.amazonaws.com"},
                                  "Action": "sts:AssumeRole"}])

    def test_log_group_is_the_functions_and_goes_with_the_stack(self) -> None:
        log = self.resources["MeasureLogGroup"]
        self.assertEqual(log["DeletionPolicy"], "Delete")
        self.assertEqual(log["Properties"]["LogGroupName"],
                         {"Sub": "/aws/lambda/${AWS::StackName}-measure"})
        self.assertEqual(self.resources["MeasureFunction"]["Properties"]["FunctionName"],
                         {"Sub": "${AWS::StackName}-measure"})


if __name__ == "__main__":
    unittest.main(verbosity=2)
