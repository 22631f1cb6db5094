"""The access simulator from Python: claims with lists, the Decision enum, token ARNs as resources."""
from aws_cdk import App, Stack
from cdk_identity_pool import AccessDecision, Decision, IdentityPoolSimulator

from vector_app import VECTOR_STACK, build_vector


def simulate_vector():
    stack = Stack(App(), VECTOR_STACK)
    pool, users, google = build_vector(stack)
    return IdentityPoolSimulator.of(pool), users, stack.node.find_child("Files")


def test_a_list_claim_picks_the_role_and_the_principal_tag_scopes_the_folder():
    """§4 §2 §6: cognito:groups as a Python list meets the Contains rule; the team tag scopes the folder."""
    sim, users, files = simulate_vector()
    editor = sim.sign_in(users, claims={
        "sub": "alice",
        "cognito:groups": ["staff", "editors"],
        "custom:department": "eng",
        "custom:team": "red",
    })
    assert editor.granted, editor.reason
    assert editor.role.node.id == "Editors"
    assert editor.principal_tags == {"department": "eng", "team": "red"}

    own_team = editor.evaluate("s3:PutObject", files.arn_for_objects("teams/red/a.txt"))
    assert isinstance(own_team, AccessDecision)
    assert own_team.decision == Decision.ALLOWED, own_team.reason
    other_team = editor.evaluate("s3:PutObject", files.arn_for_objects("teams/blue/a.txt"))
    assert other_team.decision == Decision.DENIED, other_team.reason
    assert other_team.decision != Decision.UNDETERMINED


def test_no_matching_group_gets_the_default_role():
    """§4: no rule matches; AmbiguousRoleResolution AUTHENTICATED_ROLE gives the pool's default role."""
    sim, users, files = simulate_vector()
    staff = sim.sign_in(users, claims={"sub": "bob", "cognito:groups": ["staff"], "custom:department": "eng", "custom:team": "red"})
    assert staff.granted, staff.reason
    assert staff.role.node.id == "AuthenticatedRole"
    folder = f"private/{staff.identity_id}/notes.txt"
    assert staff.evaluate("s3:GetObject", files.arn_for_objects(folder)).decision == Decision.ALLOWED
    assert staff.evaluate("s3:PutObject", files.arn_for_objects("teams/red/a.txt")).decision == Decision.DENIED
