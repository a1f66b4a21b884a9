"""Post-deploy integration tests for the serverless data pipeline.

Reads the stack outputs written by the deploy step and checks the deployed
resources with boto3. Run after `cdk deploy`:

    pytest tests/integration -v
"""
import json
import os

import boto3
import pytest
from botocore.exceptions import ClientError

OUTPUTS_FILE = os.path.join(os.path.dirname(__file__), "..", "cfn-outputs", "flat-outputs.json")
REGION = os.environ.get("AWS_REGION", "us-east-1")
FUNCTION_OUTPUTS = [
    "IngestFunctionArn",
    "TransformFunctionArn",
    "EnrichFunctionArn",
    "PublishFunctionArn",
]


@pytest.fixture(scope="module")
def outputs():
    if not os.path.exists(OUTPUTS_FILE):
        pytest.skip(f"{OUTPUTS_FILE} not found; deploy the stack first")
    with open(OUTPUTS_FILE, encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="module")
def s3():
    return boto3.client("s3", region_name=REGION)


@pytest.fixture(scope="module")
def dynamodb():
    return boto3.client("dynamodb", region_name=REGION)


@pytest.fixture(scope="module")
def lambda_client():
    return boto3.client("lambda", region_name=REGION)


@pytest.fixture(scope="module")
def ec2():
    return boto3.client("ec2", region_name=REGION)


@pytest.fixture(scope="module")
def cloudwatch():
    return boto3.client("cloudwatch", region_name=REGION)


class TestDataBucket:
    def test_bucket_exists(self, outputs, s3):
        bucket = outputs["DataBucketName"]
        try:
            s3.head_bucket(Bucket=bucket)
        except ClientError as e:
            pytest.fail(f"bucket {bucket} not reachable: {e}")

    def test_lifecycle_moves_objects_to_glacier_at_90_days(self, outputs, s3):
        bucket = outputs["DataBucketName"]
        try:
            config = s3.get_bucket_lifecycle_configuration(Bucket=bucket)
        except ClientError as e:
            if e.response["Error"]["Code"] == "NoSuchLifecycleConfiguration":
                pytest.fail(f"bucket {bucket} has no lifecycle configuration")
            raise
        rules = [r for r in config["Rules"] if r["Status"] == "Enabled"]
        assert rules, "no enabled lifecycle rule"
        transitions = [t for r in rules for t in r.get("Transitions", [])]
        glacier = [t for t in transitions if t.get("StorageClass") == "GLACIER"]
        assert glacier, f"no transition to GLACIER in {transitions}"
        assert any(t.get("Days", 10**6) <= 90 for t in glacier), f"GLACIER transition later than 90 days: {glacier}"


class TestEventsTable:
    def test_billing_mode_is_pay_per_request(self, outputs, dynamodb):
        table = dynamodb.describe_table(TableName=outputs["EventsTableName"])["Table"]
        mode = table.get("BillingModeSummary", {}).get("BillingMode", "PROVISIONED")
        assert mode == "PAY_PER_REQUEST", f"table bills {mode}"

    def test_point_in_time_recovery_enabled(self, outputs, dynamodb):
        backups = dynamodb.describe_continuous_backups(TableName=outputs["EventsTableName"])
        status = backups["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"]
        assert status == "ENABLED", f"point-in-time recovery is {status}"


class TestFunctions:
    @pytest.mark.parametrize("output_key", FUNCTION_OUTPUTS)
    def test_function_runs_on_arm64(self, outputs, lambda_client, output_key):
        config = lambda_client.get_function_configuration(FunctionName=outputs[output_key])
        assert config.get("Architectures") == ["arm64"], f"{output_key}: {config.get('Architectures')}"

    @pytest.mark.parametrize("output_key", FUNCTION_OUTPUTS)
    def test_function_has_a_layer(self, outputs, lambda_client, output_key):
        config = lambda_client.get_function_configuration(FunctionName=outputs[output_key])
        assert len(config.get("Layers", [])) >= 1, f"{output_key} has no layer"


class TestNetwork:
    def test_subnets_span_three_azs(self, outputs, ec2):
        subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [outputs["VpcId"]]}])["Subnets"]
        assert subnets, "the VPC has no subnet"
        azs = {s["AvailabilityZone"] for s in subnets}
        assert len(azs) >= 3, f"subnets span {sorted(azs)}"


class TestDashboard:
    def test_dashboard_exists_with_widgets(self, outputs, cloudwatch):
        name = outputs["DashboardName"]
        try:
            body = json.loads(cloudwatch.get_dashboard(DashboardName=name)["DashboardBody"])
        except ClientError as e:
            pytest.fail(f"dashboard {name}: {e}")
        assert len(body.get("widgets", [])) >= 1, f"dashboard {name} has no widget"
