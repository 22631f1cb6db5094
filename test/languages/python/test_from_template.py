"""IdentityPoolSimulator.from_template from the installed wheel: a hand-written YAML template, no CDK app."""
import pathlib

import pytest
from cdk_identity_pool import Decision, IdentityPoolSimulator

YAML = (pathlib.Path(__file__).parent.parent.parent / "fixtures" / "handwritten-pool.yaml").read_text()
USERS = "cognito-idp.us-east-1.amazonaws.com/us-east-1_HandWrit1"


def test_a_yaml_template_signs_users_in_by_their_login_name():
    sim = IdentityPoolSimulator.from_template(YAML, parameters={"Stage": "prod"})
    assert sim.provider_names == [USERS, "accounts.google.com"]
    eng = sim.sign_in(USERS, claims={"sub": "e", "aud": "handwrittenclient", "custom:department": "eng"})
    assert eng.granted, eng.reason
    assert eng.principal_tags == {"department": "eng"}
    assert eng.evaluate("s3:GetObject", "arn:aws:s3:::prod-photos/eng/a.jpg").decision == Decision.ALLOWED
    assert eng.evaluate("s3:DeleteObject", "arn:aws:s3:::prod-photos/eng/a.jpg").decision == Decision.DENIED
    assert eng.evaluate("sqs:SendMessage", "*").decision == Decision.UNDETERMINED


def test_a_parameter_without_a_value_is_undetermined_and_bad_input_is_an_error():
    sim = IdentityPoolSimulator.from_template(YAML)
    eng = sim.sign_in(USERS, claims={"sub": "e", "aud": "handwrittenclient", "custom:department": "eng"})
    assert eng.evaluate("s3:GetObject", "arn:aws:s3:::prod-photos/eng/a.jpg").decision == Decision.UNDETERMINED
    with pytest.raises(RuntimeError, match="it has no Resources section"):
        IdentityPoolSimulator.from_template("{}")
